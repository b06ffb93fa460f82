"""Roles: the words a basic-directory text writes instead of a place, an office or a provincial app (docs/roles.md).

The directory is the national standard every city shares, so it names no city: it writes `{本级人民政府}`,
`{上一级主管部门}`, `{政务服务移动端}` and the like. This module is their one home: the closed vocabulary, how a text
names them, and the substitution. Which name a role takes for one record is decided where records are merged with
their directory item (validate/resolve.py); the project's channel names are set in mkdocs.yml (`channels`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel

from generator.model.fields import strings

ROLE_RE = re.compile(r"\{([^{}\n]{0,40})\}")

# Authorities and places: resolved from the record's region and department (items/_catalog).
AUTHORITIES: dict[str, str] = {
    "本级人民政府": "记录所在区划的人民政府（街道为街道办事处），如 龙亭区人民政府",
    "上一级人民政府": "记录所在区划的上一级区划的人民政府，如 开封市人民政府",
    "上一级主管部门": "上一级区划中与实施主体同类（departments.yaml 的 kind 相同）的部门，如 开封市公安局",
    "实施机关": "记录的实施主体（departments.yaml 的 name）",
    "所在市": "记录所在的市级区划（区划代码后两位为 00 的那一级）的名称，如 开封市",
}

# Channels: the province's or city's online systems. mkdocs.yml `channels` gives their names, written as they should
# read (with quotation marks where the name is quoted); a channel left out reads as the generic words here.
CHANNELS: dict[str, str] = {
    "政务服务移动端": "省级政务服务移动端",
    "企业服务移动端": "企业服务移动端",
    "企业开办平台": "企业开办“一网通办”平台",
    "企业登记平台": "企业登记全程电子化服务平台",
    "食品经营许可系统": "食品经营许可系统",
    "特种设备管理平台": "特种设备综合管理平台",
    "工程建设项目审批系统": "工程建设项目审批管理系统",
    "民政服务平台": "民政部门网上服务平台",
    "社保服务平台": "社会保险服务",
    "法律援助网": "公共法律服务网",
    "公积金网上服务": "住房公积金网上服务大厅",
    "不动产网上服务": "不动产登记网上服务平台",
}

ROLES: frozenset[str] = frozenset(AUTHORITIES) | frozenset(CHANNELS)
M = TypeVar("M", bound=BaseModel)


def roles_in(text: str) -> list[str]:
    """Every `{…}` a text names, known or not, in order."""
    return ROLE_RE.findall(text)


def unknown_roles(text: str) -> list[str]:
    return [r for r in roles_in(text) if r not in ROLES]


def texts(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(path, text) of every string inside a model value that names a role."""
    return ((p, text) for p, text in strings(value, path) if "{" in text and ROLE_RE.search(text))


def substitute(text: str, names: Mapping[str, str]) -> str:
    """The text with each role replaced by its name; a role missing from `names` is left as it is."""
    return ROLE_RE.sub(lambda m: names.get(m.group(1), m.group(0)), text)


def generic(text: str) -> str:
    """The text read without a record: each role as its own words (本级人民政府, 省级政务服务移动端), for the
    directory's own page."""
    return ROLE_RE.sub(lambda m: CHANNELS.get(m.group(1), m.group(1)), text)


def replaced(value: Any, change: Callable[[str], str]) -> Any:
    """A copy of a model value with every role-bearing string changed; parts without roles are shared, not copied."""
    if isinstance(value, str):
        return change(value) if "{" in value else value
    if isinstance(value, BaseModel):
        updates = {}
        for name in type(value).model_fields:
            old = getattr(value, name)
            new = replaced(old, change)
            if new is not old:
                updates[name] = new
        return value.model_copy(update=updates) if updates else value
    if isinstance(value, list | tuple):
        items = [replaced(v, change) for v in value]
        return type(value)(items) if any(a is not b for a, b in zip(items, value, strict=True)) else value
    return value


@dataclass(frozen=True)
class RoleUse:
    """One role a directory item's text names: which, where (the field's path), and the path as a reader writes it."""

    role: str
    path: tuple[str | int, ...]
    field: str  # e.g. steps[0].description
