"""Guide section 收费: a charged item lists its fees, a free one lists none and takes no online payment."""

from __future__ import annotations

from generator.validate.context import RuleContext


def rule_fee(ctx: RuleContext) -> None:
    fee = ctx.rec.fee
    if fee is None:
        return
    if fee.charged and not fee.items:
        ctx.add(("fee", "charged"), "收费事项必须列出收费项目、标准和依据", "在 fee.items 中填写 name、standard、basis")
    if not fee.charged and fee.items:
        ctx.add(("fee", "items"), "不收费的事项不应列出收费项目", "删除 fee.items，或把 fee.charged 改为 true")
    if not fee.charged and ctx.rec.online is not None and ctx.rec.online.payment:
        ctx.add(("online", "payment"), "不收费的事项不能开通网上缴费", "把 online.payment 改为 false")
