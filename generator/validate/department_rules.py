"""Guide section 受理机构: the department may implement the item (its remit, the basic-code prefixes it serves)."""

from __future__ import annotations

from generator.validate.context import RuleContext


def rule_remit(ctx: RuleContext) -> None:
    dep = ctx.catalog.departments.get(ctx.rec.department)
    std = ctx.catalog.directory.get(ctx.rec.basic_code)
    if dep is None or not dep.remit or any(ctx.rec.basic_code.startswith(prefix) for prefix in dep.remit):
        return
    name = std.name if std else ctx.rec.basic_code
    ctx.add(
        ("department",),
        f"「{name}」（基本编码 {ctx.rec.basic_code}）不在「{dep.name}」的职责范围内",
        f"核对实施主体：该部门只能实施基本编码以 {'、'.join(dep.remit)} 开头的事项；文件放错了部门目录的，请移到正确部门的目录下并改正 department 和实施编码",
        "受理机构",
    )
