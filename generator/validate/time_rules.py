"""Guide section 办理时限: the promised time limit against the legal one, the case type, and the prose notes."""

from __future__ import annotations

import re

from generator.validate.context import RuleContext

PROSE_DAYS_RE = re.compile(r"(\d+)\s*个?\s*(工作日|自然日|日|天)")


def rule_time_limits(ctx: RuleContext) -> None:
    rec = ctx.rec
    std = ctx.catalog.directory.get(rec.basic_code)
    legal = rec.legal_time_limit or (std.legal_time_limit if std else None)
    promised = rec.promised_time_limit
    if rec.case_type is not None and rec.case_situations:
        ctx.add(
            ("case_situations",),
            f"同时写了办件类型（{rec.case_type}）和按情形的办件类型：页面只能显示其一",
            "办件类型按情形不同时只写 case_situations，删除 case_type；不分情形时只写 case_type，删除 case_situations",
        )
    if promised is None:
        return  # not stated (未公布): nothing to compare
    if legal is not None:
        if promised.unit == legal.unit and promised.value > legal.value:
            ctx.add(
                ("promised_time_limit", "value"),
                f"承诺时限 {promised.value} {promised.unit}超过法定时限 {legal.value} {legal.unit}",
                "承诺时限不能超过法定时限",
            )
        elif promised.unit != legal.unit and promised.value > 0 and legal.value > 0:
            ctx.add(
                ("promised_time_limit", "unit"),
                f"承诺时限单位（{promised.unit}）与法定时限单位（{legal.unit}）不同，无法比较",
                "统一使用同一单位，或在 note 中说明换算",
                severity="warning",
            )
    if rec.case_type == "即办件" and promised.value != 0:
        ctx.add(("case_type",), f"即办件的承诺时限应为 0，这里是 {promised.value}", "改为承诺件，或把承诺时限改为 0")
    if rec.case_type == "承诺件" and promised.value == 0:
        ctx.add(("case_type",), "承诺件的承诺时限应大于 0", "改为即办件，或填写承诺时限")
    for path, text, number in (
        (("time_limit_note",), rec.time_limit_note, promised.value),
        (("promised_time_limit", "note"), promised.note, promised.value),
    ):
        for match in PROSE_DAYS_RE.finditer(text or ""):
            if int(match.group(1)) != number and "法定" not in text:  # type: ignore[operator]
                ctx.add(path, f"说明文字写的是「{match.group(0)}」，而承诺时限数值是 {number}", "文字与数值必须一致：修改其中一处")
