"""Deep links into the online application system from a configured URL template."""

from __future__ import annotations

import string
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from generator.model.item import Item

PLACEHOLDERS = frozenset({"implementation_code", "basic_code", "region_code", "department"})


class ApplyConfigError(ValueError):
    pass


def check_config_url(url: str, allowed_hosts: tuple[str, ...], label: str, setting: str) -> None:
    """The rule every URL configured in mkdocs.yml follows: https, a host on the allow-list, no user name or
    password, no whitespace or control characters. Raises ApplyConfigError with a Chinese message."""
    if any(ch.isspace() or not ch.isprintable() for ch in url):
        raise ApplyConfigError(f"{label}不能含有空格或控制字符：{url!r}")
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        _port = parts.port  # raises ValueError for a malformed or out-of-range port
    except ValueError as exc:
        raise ApplyConfigError(f"{label}不是有效的网址（{exc}）：{url}") from None
    if parts.scheme != "https":
        raise ApplyConfigError(f"{label}必须以 https:// 开头：{url}")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise ApplyConfigError(f"{label}不能包含用户名或密码：{url}")
    if "{" in parts.netloc or "}" in parts.netloc:
        raise ApplyConfigError(f"{label}的主机和端口中不能有占位符：{url}")
    if host not in allowed_hosts:
        raise ApplyConfigError(f"{label}的主机 {host} 不在允许列表 {setting} {list(allowed_hosts)} 中")


@dataclass(frozen=True)
class ApplyLinks:
    template: str
    allowed_hosts: tuple[str, ...]
    label: str = "在线办理地址"  # the link's name in messages: 在线办理地址, 好差评地址

    def __post_init__(self) -> None:
        check_config_url(self.template, self.allowed_hosts, f"{self.label}模板", "apply_allowed_hosts")
        try:
            fields = list(string.Formatter().parse(self.template))
        except ValueError as exc:
            raise ApplyConfigError(f"{self.label}模板的花括号不成对（{exc}）：{self.template}；占位符写成 {{implementation_code}}") from None
        for _, name, spec, conv in fields:
            if name is None:
                continue
            if name not in PLACEHOLDERS or spec or conv:
                raise ApplyConfigError(f"{self.label}模板含未声明的占位符 {{{name}}}；只能使用 {', '.join(sorted(PLACEHOLDERS))}")

    def allows(self, url: str) -> bool:
        """Whether a record's own link (its 预约 address) may be shown: the same rule as the configured URLs."""
        try:
            check_config_url(url, self.allowed_hosts, self.label, "apply_allowed_hosts")
        except ApplyConfigError:
            return False
        return True

    def url_for(self, item: Item) -> str | None:
        """The deep link for one item; None when the template needs the 实施编码 and the office's guide states none
        (the page's own address is not a code the online system knows)."""
        if item.record.implementation_code is None and "{implementation_code}" in self.template:
            return None
        values = {
            "implementation_code": item.code,
            "basic_code": item.basic_code,
            "region_code": item.region.code,
            "department": item.department.id,
        }
        return self.template.format(**{k: quote(v, safe="") for k, v in values.items()})
