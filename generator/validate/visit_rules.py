"""Guide section 受理方式: visits to the hall, the online depth and express delivery agree with each other."""

from __future__ import annotations

from generator.validate.context import RuleContext


def rule_visits_and_online(ctx: RuleContext) -> None:
    rec = ctx.rec
    if rec.onsite_visits is None or rec.online is None:
        return  # not stated (未公布)
    if rec.onsite_visits > 0 and not rec.onsite_reason:
        ctx.add(("onsite_visits",), f"到现场 {rec.onsite_visits} 次，但没有说明理由", "添加 onsite_reason: 说明必须到现场的原因")
    if rec.online.depth == "Ⅳ" and rec.onsite_visits != 0:
        ctx.add(("onsite_visits",), "全程网办（深度Ⅳ）的事项到现场次数必须为 0", "把 onsite_visits 改为 0，或降低网上办理深度")
    if rec.onsite_visits == 0 and rec.online.depth != "Ⅳ" and not rec.online.express_delivery:
        ctx.add(("online", "express_delivery"), "到现场 0 次、又非全程网办，必须提供物流快递", "把 online.express_delivery 改为 true，或修改到现场次数")


def rule_zero_visits_online(ctx: RuleContext) -> None:
    rec = ctx.rec
    if rec.onsite_visits == 0 and rec.online is not None and (not rec.online.apply or rec.online.depth in ("Ⅰ", "Ⅱ")):
        why = "没有在线申报入口（online.apply: false）" if not rec.online.apply else f"网上办理深度只有 {rec.online.depth}（不能网上提交申请）"
        ctx.add(
            ("onsite_visits",),
            f"到现场 0 次，但本事项{why}：办事群众无法不跑腿提交申请",
            "确实能网上申报的，把 online.apply 改为 true、深度改为 Ⅲ 或 Ⅳ；否则把 onsite_visits 改为 1，并在 onsite_reason 中说明",
            "受理方式",
        )
