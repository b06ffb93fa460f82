"""Braces in a record's own text: the roles ({本级人民政府}, {政务服务移动端}…) are the shared directory's words for
what each record names (docs/roles.md). A record is one office's own text, so it writes the names themselves; a `{…}`
left in it would reach the public page as it is, braces and all."""

from __future__ import annotations

import re

from generator.model.roles import ROLES, roles_in, texts
from generator.model.values import HAN_CLASS
from generator.validate.context import RuleContext
from generator.validate.resolve import Resolver

ROLE_WORD = re.compile(f"[{HAN_CLASS}]+")  # a role is Chinese words; other braces (code, markup) are text like any other


def rule_roles_in_record(ctx: RuleContext) -> None:
    rec, cat = ctx.rec, ctx.catalog
    found = [(path, role) for path, text in texts(rec) for role in roles_in(text) if ROLE_WORD.fullmatch(role)]
    if not found:
        return
    known = frozenset(role for _, role in found if role in ROLES)
    names: dict[str, str] = {}
    if known and rec.region in cat.regions and rec.department in cat.departments:
        names, problems = Resolver(cat).names(rec.region, rec.department, known)
        names = {role: name for role, name in names.items() if role not in problems}
    for path, role in found:
        if role in names:
            hint = f"记录里直接写出名称：把「{{{role}}}」改为「{names[role]}」"
        elif role in ROLES:
            hint = f"记录里直接写出名称，照本级办事指南的写法替换「{{{role}}}」"
        else:
            hint = "删去花括号，写出办事指南原文"
        ctx.add(path, f"「{{{role}}}」会原样显示在网页上：花括号只用于基本目录", hint)
