"""Placeholders: the `banshi new` marks (a 请核实 comment or the placeholder phone left in a record is an error once
submitted, and expected right after scaffolding: `is_placeholder` tells `banshi new` which findings those are), and
stand-in words (待定, 不详…) written where the office's guide states nothing."""

from __future__ import annotations

import re

from generator.model.fields import FieldPath, strings
from generator.model.findings import Finding
from generator.validate.context import RuleContext

PLACEHOLDER = "请核实"
PLACEHOLDER_PHONE_RE = re.compile(r"^0\d{2,3}-0{7,8}$")  # what banshi new writes: the city's area code, then zeros
PLACEHOLDER_PHONE_NOTE = "是 banshi new 填入的占位电话"
PLACEHOLDER_HINT = f"核实这一行的内容（按注释提示修改），然后删除含「{PLACEHOLDER}」的注释"


def is_placeholder(finding: Finding) -> bool:
    """A 请核实 mark left by `banshi new`: expected right after scaffolding, an error once submitted."""
    return finding.hint == PLACEHOLDER_HINT or PLACEHOLDER_PHONE_NOTE in finding.message


PLACEHOLDER_BYTES = PLACEHOLDER.encode()


def rule_placeholders(ctx: RuleContext) -> None:
    try:
        raw = (ctx.root / ctx.file).read_bytes()
    except OSError:
        return
    lines = raw.decode("utf-8", errors="replace").splitlines() if PLACEHOLDER_BYTES in raw else []
    for number, line in enumerate(lines, 1):
        if PLACEHOLDER in line:
            ctx.findings.append(
                Finding(
                    "error",
                    ctx.file,
                    number,
                    line.index(PLACEHOLDER) + 1,
                    "",
                    "",
                    f"这一行还留着 banshi new 生成的「{PLACEHOLDER}」标记：该处内容尚未核实",
                    PLACEHOLDER_HINT,
                )
            )
    contacts = (("consult", ctx.rec.consult), ("complaint", ctx.rec.complaint))
    phones: list[tuple[FieldPath, str | None]] = [((key, "phone"), contact.phone) for key, contact in contacts if contact]
    phones += [(("locations", i, "phone"), loc.phone) for i, loc in enumerate(ctx.rec.locations)]
    for path, phone in phones:
        if phone and PLACEHOLDER_PHONE_RE.match(phone):
            ctx.add(path, f"{phone} {PLACEHOLDER_PHONE_NOTE}", "填写本部门实际的电话号码（带区号）", "咨询方式")


# Words that stand in for a value the office's guide does not state. A field the guide leaves out is left out of the
# record (the page then says 未公布); one of these would be published as if it were the office's answer. 无 is not among
# them: 中介服务：无 and 无数量限制 are statements a guide makes.
STAND_INS = frozenset({"待定", "未定", "不详", "未公布", "暂缺", "暂无", "待补充", "待核实", "待完善"})


def rule_stand_ins(ctx: RuleContext) -> None:
    for path, text in strings(ctx.rec):
        if text.strip() in STAND_INS:
            in_list = isinstance(path[-1], int)
            ctx.add(
                path,
                f"「{text.strip()}」不是办事指南的内容：会原样显示在网页上",
                f"办事指南没写的，删掉{'这一项' if in_list else '这一行'}，不要填写；网页会显示「未公布」",
            )
