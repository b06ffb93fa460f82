"""Roles at load time (docs/roles.md): where each directory item names a role, an error for a role outside the
vocabulary (model/roles.py), and the project's channel names as set in mkdocs.yml (`plugins: - banshi: channels:`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.load.yaml_source import Source
from generator.model.fields import field_path
from generator.model.findings import Finding
from generator.model.records import DirectoryItem
from generator.model.roles import AUTHORITIES, CHANNELS, ROLES, RoleUse, roles_in, texts

KNOWN = "、".join(f"{{{r}}}" for r in [*AUTHORITIES, *CHANNELS])
GUIDE = "贡献指南（`CONTRIBUTING.zh-CN.md`）的「基本目录里的花括号（角色）」"


def role_uses(item: DirectoryItem, src: Source, file: str, findings: list[Finding]) -> tuple[RoleUse, ...]:
    """The roles one directory item names; an unknown one is an error at its line (positions are looked up only
    for an error: a second parse of the file)."""
    uses = []
    for path, text in texts(item):
        for role in roles_in(text):
            if role in ROLES:
                uses.append(RoleUse(role, path, field_path(path)))
            else:
                line, col = src.position(path)
                findings.append(
                    Finding(
                        "error",
                        file,
                        line,
                        col,
                        field_path(path),
                        "基本信息",
                        f"「{{{role}}}」不是基本目录可以使用的角色",
                        f"改用其中之一：{KNOWN}（见{GUIDE}）；不是角色的花括号请删去",
                    )
                )
    return tuple(uses)


class _Tolerant(yaml.SafeLoader):
    """mkdocs.yml may carry tags (!ENV, !!python/name) that only MkDocs understands: read them as nothing."""


_Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)


def load_channels(root: Path, findings: list[Finding]) -> dict[str, str]:
    """mkdocs.yml's `channels` under the banshi plugin: channel role → the name as a page shows it."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
        config = yaml.load(text, Loader=_Tolerant)  # a SafeLoader that reads unknown tags as nothing
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return {}  # MkDocs itself reports a broken mkdocs.yml when the site is built
    options = _banshi_options(config)
    channels = options.get("channels") or {}
    if not isinstance(channels, dict):
        findings.append(_channel_error(text, "", "banshi 配置的 channels 应为「渠道: 名称」的映射", "如 政务服务移动端: “豫事办”"))
        return {}
    out = {}
    for role, name in channels.items():
        if role not in CHANNELS:
            findings.append(_channel_error(text, role, f"`channels` 中的「{role}」不是可配置的渠道", f"改用其中之一：{'、'.join(CHANNELS)}（见{GUIDE}）"))
        elif not isinstance(name, str) or not name.strip() or "{" in name or "\n" in name:
            findings.append(_channel_error(text, role, f"`channels` 中「{role}」的名称应为一行文字", f"如 {role}: {CHANNELS[role]}"))
        else:
            out[str(role)] = name.strip()
    return out


def _channel_error(text: str, role: object, message: str, hint: str) -> Finding:
    """An error at the line of `role:` (or of `channels:`) in mkdocs.yml, found by a text scan."""
    key = f"{role}:" if role != "" else "channels:"
    lines = text.splitlines() or [""]
    line = next((n for n, content in enumerate(lines, 1) if content.strip().startswith(key)), 1)
    column = 1 + len(lines[line - 1]) - len(lines[line - 1].lstrip())
    return Finding("error", "mkdocs.yml", line, column, f"channels.{role}" if role != "" else "channels", "", message, hint)


def _banshi_options(config: Any) -> dict[str, Any]:
    plugins = config.get("plugins") if isinstance(config, dict) else None
    for entry in plugins if isinstance(plugins, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("banshi"), dict):
            return entry["banshi"]
    return {}
