"""Declared variations (本地差异): who approved them, with what document; one not yet approved is 待批准.

A variation lets a record state a standard element other than the directory's (record_rules.rule_standard_elements).
Its approval names a 政务服务管理机构 of the record's region or above and a document number 机关代字〔年份〕号.
A declaration without an approval is a warning, "awaiting approval" (待批准): reviewers see it in the validation
output, the PR summary and on the consistency page (check/variations.py), and it blocks neither publishing nor import.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from generator.load.catalog import Catalog
from generator.model.elements import element_label
from generator.model.plain import AWAITING_APPROVAL

if TYPE_CHECKING:  # registered in record_rules.RULES, which imports this module
    from generator.validate.record_rules import RuleContext

APPROVAL_RE = re.compile(r"^(?P<unit>\S+)\s+(?P<number>\S+)$")
DOCUMENT_NUMBER_RE = re.compile(r"^[\u4e00-\u9fff]{1,12}〔(19|20)\d{2}〕[1-9]\d{0,3}号$")
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
        if approvers and unit not in approvers:
            ctx.add(
                path,
                f"「{unit}」不是本区划或上级的政务服务管理机构，不能批准本地差异",
                f"本地差异须经政务服务管理机构审核批准：{'、'.join(approvers)}",
                "基本信息",
            )
