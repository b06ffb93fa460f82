"""Guide section 咨询方式 / 监督投诉: the complaint line is not the consultation line."""

from __future__ import annotations

from generator.validate.context import RuleContext


def rule_phones(ctx: RuleContext) -> None:
    consult, complaint = ctx.rec.consult, ctx.rec.complaint
    if consult and complaint and consult.phone and consult.phone == complaint.phone:
        ctx.add(("complaint", "phone"), "监督投诉电话不能与咨询电话相同", "填写独立的投诉电话，如 12345")
