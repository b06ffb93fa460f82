"""A plain link that opens a service hall in a map, built from the hall's name and address and a URL template the city
configures (mkdocs.yml: banshi: map_url_template, map_name).

Only a link: no map script, no tile or request of any kind until the reader taps it. A record's own map_url wins;
without a template and without a map_url there is no map link (off unless configured).
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from generator.address.apply_link import ApplyConfigError, check_config_url
from generator.model.records import Location

MAP_PLACEHOLDERS = frozenset({"place", "address"})  # place: the hall's name, else its address


@dataclass(frozen=True)
class MapLinks:
    template: str
    name: str  # the map provider as readers know it, e.g. 高德地图: the link says where it goes

    def __post_init__(self) -> None:
        host = urlsplit(self.template).hostname or ""
        check_config_url(self.template, (host,) if host else (), "地图链接模板 map_url_template ", "map_url_template")
        try:
            fields = list(string.Formatter().parse(self.template))
        except ValueError as exc:
            raise ApplyConfigError(f"地图链接模板的花括号不成对（{exc}）：{self.template}；占位符写成 {{place}}") from None
        names = {name for _, name, _, _ in fields if name is not None}
        if not names or not names <= MAP_PLACEHOLDERS or any(spec or conv for _, name, spec, conv in fields if name is not None):
            raise ApplyConfigError(f"地图链接模板只能使用占位符 {{place}}（办理场所名称，没有时为地址）和 {{address}}，且至少用一个：{self.template}")
        if not self.name.strip():
            raise ApplyConfigError("配置了 map_url_template 时，map_name（地图名称，如 高德地图）不能为空")

    def url_for(self, location: Location) -> str:
        values = {"place": location.name or location.address or "", "address": location.address or ""}
        return self.template.format(**{k: quote(v, safe="") for k, v in values.items()})


def map_link(location: Location, maps: MapLinks | None) -> tuple[str, str] | None:
    """(href, link text) for a hall: the record's own map_url first, else the configured map; None when neither."""
    if location.map_url:
        return location.map_url, "查看地图"
    if maps is not None and location.address:  # a class of places (户籍所在地派出所) has no one point to show
        return maps.url_for(location), f"在{maps.name}中打开"
    return None
