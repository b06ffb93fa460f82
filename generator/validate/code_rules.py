"""Guide section 事项编码: the record's basic code is in the directory, and its implementation code is the
implementing body's credit code + level digit + that basic code."""

from __future__ import annotations

from generator.model.codes import credit_code_problem, split_implementation_code
from generator.validate.context import RuleContext


def rule_references_and_codes(ctx: RuleContext) -> None:
    rec, cat = ctx.rec, ctx.catalog
    dep = cat.departments.get(rec.department)
    std = cat.directory.get(rec.basic_code)
    if std is None and rec.basic_code in cat.broken_directory:
        ctx.add(
            ("basic_code",),
            f"基本目录事项 {rec.basic_code} 本身有错误（见 {cat.broken_directory[rec.basic_code]}），本记录暂无法核对",
            "先修改基本目录文件中的错误",
        )
    elif std is None:
        ctx.add(("basic_code",), f"基本编码 {rec.basic_code} 不在基本目录中", "核对基本编码，或先在 items/_catalog/directory/ 中添加该目录事项")
    parts = split_implementation_code(rec.implementation_code)
    if parts is None:
        return
    credit, _level_digit, basic = parts
    problem = credit_code_problem(credit)
    if problem:
        ctx.add(("implementation_code",), f"实施编码前 18 位：{problem}", "实施编码 = 实施主体的统一社会信用代码 + 层级码 + 基本编码")
    if dep is not None and dep.credit_code is not None and credit != dep.credit_code and dep.region == rec.region:  # else region_rules names the odd line
        owner = next((d.name for d in cat.departments.values() if d.credit_code == credit), None)
        ctx.add(
            ("implementation_code",),
            f"实施编码前 18 位 {credit}{f'（这是「{owner}」的信用代码）' if owner else ''} 与实施主体「{dep.name}」的统一社会信用代码 {dep.credit_code} 不一致",
            f"实施编码应以 {dep.credit_code} 开头",
        )
    if basic != rec.basic_code:
        ctx.add(("implementation_code",), f"实施编码后 12 位 {basic} 与基本编码 {rec.basic_code} 不一致", f"实施编码应以 {rec.basic_code} 结尾")
