"""Deep links into the online application system from a configured URL template."""

from __future__ import annotations

import string
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from generator.model.item import Item

PLACEHOLDERS = frozenset({"implementation_code", "basic_code", "region_code", "department"})


class ApplyConfigError(ValueError):
    pass


@dataclass(frozen=True)
class ApplyLinks:
    template: str
    allowed_hosts: tuple[str, ...]
    label: str = "在线办理地址"  # the link's name in messages: 在线办理地址, 好差评地址

    def __post_init__(self) -> None:
        parts = urlsplit(self.template)
        if parts.scheme != "https":
            raise ApplyConfigError(f"{self.label}模板必须以 https:// 开头：{self.template}")
        host = parts.hostname or ""
        if host not in self.allowed_hosts:
            raise ApplyConfigError(f"{self.label}的主机 {host} 不在允许列表 apply_allowed_hosts {list(self.allowed_hosts)} 中")
        if parts.username or parts.password:
            raise ApplyConfigError(f"{self.label}模板不能包含用户名或密码")
        for _, name, spec, conv in string.Formatter().parse(self.template):
            if name is None:
                continue
            if name not in PLACEHOLDERS or spec or conv:
                raise ApplyConfigError(f"{self.label}模板含未声明的占位符 {{{name}}}；只能使用 {', '.join(sorted(PLACEHOLDERS))}")

    def allows(self, url: str) -> bool:
        """Whether a record's own link (e.g. its 预约 address) may be shown: https, an allowed host, no credentials."""
        parts = urlsplit(url)
        return parts.scheme == "https" and (parts.hostname or "") in self.allowed_hosts and not (parts.username or parts.password)

    def url_for(self, item: Item) -> str:
        values = {
            "implementation_code": item.code,
            "basic_code": item.basic_code,
            "region_code": item.region.code,
            "department": item.department.id,
        }
        return self.template.format(**{k: quote(v, safe="") for k, v in values.items()})
