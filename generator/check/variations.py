"""Declared variations (经批准的本地差异), published side by side with the directory's value.

Whether a stated element may differ at all is the per-record rule `rule_standard_elements`
(validate/variation_rules.py); this only lists the differences that were declared and approved, for the consistency page.
"""

from __future__ import annotations

from generator.check.base import CheckContext, Compared
from generator.model.elements import differs, element_label, element_section, material_diff, value_text
from generator.model.plain import AWAITING_APPROVAL
from generator.validate.resolve import Resolver


def rule_declared_variations(ctx: CheckContext) -> None:
    resolver = Resolver(ctx.catalog)
    for basic_code, entries in ctx.by_basic.items():
        if basic_code not in ctx.catalog.directory:
            continue  # validate reports unknown basic codes
        std_file = ctx.directory_file(basic_code)
        for entry in entries:
            rec = entry.record
            std = resolver.standard_for(rec)  # the directory's text as this record would show it (docs/roles.md)
            if std is None:
                continue
            for variation in rec.variations:
                key = variation.field
                stated = getattr(rec, key)
                if stated is None:
                    continue  # validate warns about a declaration without the field
                if key == "materials":
                    dropped, added, changed = material_diff(std.materials, stated)
                    parts = [f"删去「{n}」" for n in dropped] + [f"新增「{n}」" for _, n in added] + [f"「{n}」的{'、'.join(a)}不同" for _, n, a in changed]
                    if not parts:
                        continue
                    what = f"申请材料{'，'.join(parts)}"
                elif differs(key, stated, std):
                    what = f"{element_label(key)}与基本目录不同"
                else:
                    continue
                awaiting = variation.approved_by is None
                ctx.add(
                    "awaiting-approval" if awaiting else "declared-variation",
                    "warning" if awaiting else "info",
                    entry,
                    path=(key,),
                    field_name=key,
                    section=element_section(key),
                    message=f"{'本地差异' + AWAITING_APPROVAL if awaiting else '已声明的本地差异'}：{what}"
                    + f"（理由：{variation.reason}；批准：{variation.approved_by or '尚未批准'}）",
                    hint="报政务服务管理机构审核，批准后写明批准单位和文号" if awaiting else "无需修改；差异已声明，将在一致性核查页公开",
                    related=[std_file],
                    compared=[
                        Compared("基本目录", std_file, value_text(key, getattr(std, key))),
                        Compared(ctx.label(entry), entry.file, value_text(key, stated)),
                    ],
                )
