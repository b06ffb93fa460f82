"""Guide section 基本信息 (本地差异): a record keeps the directory's standard elements unless a variation declares the
difference, and a variation names an approving 政务服务管理机构 and its document number 机关代字〔年份〕号.

A declaration without an approval is a warning, "awaiting approval" (待批准): reviewers see it in the validation
output, the PR summary and on the consistency page (check/variations.py), and it blocks neither publishing nor import.
"""

from __future__ import annotations

import re

from generator.model.catalog import Catalog
from generator.model.elements import STANDARD_ELEMENTS, differs, element_label, element_section, material_diff, value_text
from generator.model.plain import AWAITING_APPROVAL
from generator.model.records import Material
from generator.model.values import HAN_CLASS
from generator.validate.context import RuleContext
from generator.validate.resolve import Resolver


def rule_standard_elements(ctx: RuleContext) -> None:
    """A stated standard element equals the directory's unless declared in variations; materials are only reduced
    as 免提交 (exempt_materials), never dropped or added silently."""
    rec = ctx.rec
    std = Resolver(ctx.catalog).standard_for(rec)  # compared as this record would show it (docs/roles.md)
    if std is None:
        return
    std_file = ctx.catalog.directory_files.get(std.basic_code, "")
    declared = {v.field for v in rec.variations}
    for key in STANDARD_ELEMENTS:
        if key == "materials" or key in declared or not differs(key, getattr(rec, key), std):
            continue
        label = element_label(key)
        message = f"{label}（{value_text(key, getattr(rec, key))}）与基本目录（{value_text(key, getattr(std, key))}）不一致"
        if key == "item_type":
            hint = "事项类型不能本地变更：删除 item_type 以沿用基本目录"
        else:
            hint = f"删除本字段以沿用基本目录；确需不同，在 variations 中声明 field: {key}、理由（reason）和批准单位（approved_by）"
        ctx.add((key,), message, hint, related=[std_file])
    if rec.materials is not None and "materials" not in declared:
        material_findings(ctx, std.materials, rec.materials, std_file)
    for i, variation in enumerate(rec.variations):
        if getattr(rec, variation.field) is None:
            ctx.add(
                ("variations", i, "field"),
                f"声明了「{element_label(variation.field)}」的本地差异，但记录没有写出该字段",
                f"在记录中写出本地的 {variation.field}，或删除这条声明",
                severity="warning",
                section=element_section(variation.field),
            )
    for i, variation in enumerate(rec.variations):
        stated = getattr(rec, variation.field)
        if stated is not None and (stated == std.materials if variation.field == "materials" else not differs(variation.field, stated, std)):
            label = element_label(variation.field)
            ctx.add(
                ("variations", i, "field"),
                f"声明了{label}的本地差异（{variation.approved_by or AWAITING_APPROVAL}），但本记录的{label}与基本目录已经一致",
                f"删除这条 variations 声明和记录中的 {variation.field} 字段，沿用基本目录",
                severity="warning",
                section=element_section(variation.field),
                related=[std_file],
            )
    names = {m.name for m in (rec.materials if rec.materials is not None else std.materials)}
    for i, exempt in enumerate(rec.exempt_materials):
        if exempt.name not in names:
            ctx.add(
                ("exempt_materials", i, "name"),
                f"免提交材料「{exempt.name}」不在该事项的申请材料中",
                "名称须与基本目录中的材料名称完全一致：" + "、".join(sorted(names)),
            )


def material_findings(ctx: RuleContext, std: list[Material], mine: list[Material], std_file: str) -> None:
    dropped, added, changed = material_diff(std, mine)
    for name in dropped:
        ctx.add(
            ("materials",),
            f"删去了基本目录中的申请材料「{name}」",
            "地方只能以「免提交」方式减少材料：保留该材料（或删除 materials 沿用基本目录），并在 exempt_materials 中写明名称、理由和共享来源",
            related=[std_file],
        )
    for i, name in added:
        ctx.add(
            ("materials", i, "name"),
            f"增加了基本目录以外的申请材料「{name}」",
            "地方不能自行增加材料：删除该材料；确需增加，在 variations 中声明 field: materials、理由和批准单位",
            related=[std_file],
        )
    for i, name, attrs in changed:
        ctx.add(
            ("materials", i),
            f"申请材料「{name}」的{'、'.join(attrs)}与基本目录不一致",
            "与基本目录保持一致，或删除 materials 沿用基本目录；确需不同，在 variations 中声明 field: materials",
            related=[std_file],
        )


APPROVAL_RE = re.compile(r"^(?P<unit>\S+)\s+(?P<number>\S+)$")
DOCUMENT_NUMBER_RE = re.compile(rf"^[{HAN_CLASS}]{{1,12}}〔(19|20)\d{{2}}〕[1-9]\d{{0,3}}号$")
WRONG_BRACKETS_RE = re.compile(r"[\[【(（［]\s*((?:19|20)\d{2})\s*[\]】)）］]")


def approvers_for(catalog: Catalog, region: str) -> list[str]:
    """Names of the 政务服务管理机构 of the region and its ancestors."""
    chain = {r.code for r in catalog.region_path(region)}
    return [d.name for d in catalog.departments.values() if d.approver and d.region in chain]


def rule_variation_approval(ctx: RuleContext) -> None:
    """A variation names its approving 政务服务管理机构 and the approval's document number 〔年份〕号."""
    if not ctx.rec.variations:
        return
    approvers = approvers_for(ctx.catalog, ctx.rec.region)
    example = f"{approvers[0] if approvers else '（本级政务服务管理机构）'} （机关代字）〔2025〕12号"
    for i, variation in enumerate(ctx.rec.variations):
        path = ("variations", i, "approved_by")
        if variation.approved_by is None:
            ctx.add(
                ("variations", i),
                f"{AWAITING_APPROVAL}：{element_label(variation.field)}与基本目录不同（理由：{variation.reason}），尚无批准单位和文号",
                f"报{approvers[0] if approvers else '本级政务服务管理机构'}审核；批准后在 approved_by 中写明批准单位和文号",
                "基本信息",
                severity="warning",
            )
            continue
        match = APPROVAL_RE.match(variation.approved_by.strip().replace("\u3000", " "))
        if match is None:
            ctx.add(path, f"「{variation.approved_by}」缺少批准单位或批准文号", f"写成「批准单位 空格 批准文号」，如 {example}", "基本信息")
            continue
        unit, number = match.group("unit"), match.group("number")
        if not DOCUMENT_NUMBER_RE.match(number):
            fixed = WRONG_BRACKETS_RE.sub(r"〔\1〕", number)
            hint = f"年份要用六角括号〔〕：写成 {fixed}" if fixed != number else "批准文号写成 机关代字〔年份〕序号号，如 （机关代字）〔2025〕12号"
            ctx.add(path, f"批准文号「{number}」格式不对", hint, "基本信息")
        if not approvers:
            ctx.add(
                path,
                f"{AWAITING_APPROVAL}：本区划及上级在 departments.yaml 中没有登记政务服务管理机构，无法核对「{unit}」能否批准本地差异",
                "在 departments.yaml 中为本级或上级的政务服务管理机构写上 approver: true；核对之前，这条差异按待批准处理",
                "基本信息",
                severity="warning",
            )
        elif unit not in approvers:
            ctx.add(
                path,
                f"「{unit}」不是本区划或上级的政务服务管理机构，不能批准本地差异",
                f"本地差异须经政务服务管理机构审核批准：{'、'.join(approvers)}",
                "基本信息",
            )
