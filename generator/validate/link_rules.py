"""Links a record sends citizens to: the 网上预约 address on a host the site will show, and no tracking parameters.

The site shows a record's `online.appointment_url` only when its host is on mkdocs.yml's `apply_allowed_hosts` (the
rule of `address/apply_link.ApplyLinks.allows`); the page says 网上预约 only with a link. So a clerk hears at
validation, not from a page that lost the link: the field, its host and the hosts allowed. Tracking parameters
(`address/tracking.py`) are named on every https link of the record.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from generator.address.apply_link import ApplyConfigError, check_config_url
from generator.address.tracking import tracking_params, without_tracking
from generator.validate.context import RuleContext
from generator.validate.pasted_rules import record_json, texts


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as plain data: its `!ENV` and `!!python/name:` tags are read as nothing, never run."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@lru_cache(maxsize=8)
def _hosts(path: Path, _mtime: float) -> tuple[str, ...] | None:
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)  # a SafeLoader subclass: no object is built
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    plugins = config.get("plugins") if isinstance(config, dict) else None
    for plugin in plugins if isinstance(plugins, list) else []:
        if isinstance(plugin, dict) and isinstance(plugin.get("banshi"), dict):
            hosts = plugin["banshi"].get("apply_allowed_hosts")
            return tuple(str(h) for h in hosts) if isinstance(hosts, list) else ()
    return None


def allowed_hosts(root: Path) -> tuple[str, ...] | None:
    """The project's `apply_allowed_hosts` (mkdocs.yml, plugins: banshi:); None when there is no such configuration."""
    path = root / "mkdocs.yml"
    try:
        return _hosts(path, path.stat().st_mtime)
    except OSError:
        return None


def links(data: Any) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(path, value) of every web address in a record's data."""
    return ((path, text) for path, text in texts(data) if text.lower().startswith(("https://", "http://")))


def rule_appointment_link(ctx: RuleContext) -> None:
    online = ctx.rec.online
    url = online.appointment_url if online else None
    hosts = allowed_hosts(ctx.root)
    if url and hosts is not None:
        try:
            check_config_url(url, hosts, "网上预约地址", "apply_allowed_hosts")
        except ApplyConfigError:
            host = urlsplit(url).hostname or url
            ctx.add(
                ("online", "appointment_url"),
                f"网上预约地址的主机「{host}」不在本站允许链接的主机中（{'、'.join(f'「{h}」' for h in hosts) or '未设置'}）：网站不会显示这个链接",
                "改用允许的主机上的预约地址；确需链接这个系统，请网站维护人员把它加入 `mkdocs.yml` 的 `apply_allowed_hosts`",
                severity="warning",
            )


def rule_tracking_parameters(ctx: RuleContext) -> None:
    if "://" not in record_json(ctx):  # no link at all (most records): nothing to parse
        return
    for path, url in links(ctx.src.data):
        found = tracking_params(url)
        if found:
            ctx.add(
                path,
                f"链接带有跟踪参数 {'、'.join(f'「{k}」' for k in dict.fromkeys(found))}（从微信、微博或广告分享复制时带进来的）",
                f"删除这些参数，写成「{without_tracking(url)}」",
                severity="warning",
            )
