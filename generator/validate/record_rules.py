"""Per-record rules: one schema-valid implementation record against the catalog (codes, limits, visits, fee,
standard elements, attachments). Rules that compare records with each other live in generator/check.

To add a rule: write `rule_x(ctx)` calling `ctx.add(path, message, hint)` and append it to RULES; add a case under
tests/cases/ with its expected findings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from generator.load.attachments import attachment_findings, material_links
from generator.load.catalog import Catalog, result_type_findings
from generator.load.yaml_source import Source
from generator.model.codes import credit_code_problem, split_implementation_code
from generator.model.elements import STANDARD_ELEMENTS, differs, element_label, element_section, material_diff, value_text
from generator.model.fields import FieldPath, field_path, section_of
from generator.model.findings import Finding, Severity
from generator.model.records import ImplementationRecord, Material
from generator.validate.formula_rule import rule_formula_start

PROSE_DAYS_RE = re.compile(r"(\d+)\s*个?\s*(工作日|自然日|日|天)")


class RuleContext:
    def __init__(self, rec: ImplementationRecord, src: Source, file: str, root: Path, catalog: Catalog) -> None:
        self.rec, self.src, self.file, self.root, self.catalog = rec, src, file, root, catalog
        self.findings: list[Finding] = []

    def add(
        self, path: FieldPath, message: str, hint: str, section: str | None = None, severity: Severity = "error", *, related: list[str] | None = None
    ) -> None:
        """One finding at `path`; the guide section is the model's for the path's top-level field unless given."""
        line, col = self.src.position(path)
        if not section:
            section = section_of(ImplementationRecord, path) if path else section_of(ImplementationRecord, ("implementation_code",))
        self.findings.append(Finding(severity, self.file, line, col, field_path(path), section, message, hint, related=list(related or [])))


def check_record(ctx: RuleContext) -> list[Finding]:
    for rule in RULES:
        rule(ctx)
    return ctx.findings


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


def rule_time_limits(ctx: RuleContext) -> None:
    rec = ctx.rec
    std = ctx.catalog.directory.get(rec.basic_code)
    legal = rec.legal_time_limit or (std.legal_time_limit if std else None)
    promised = rec.promised_time_limit
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


def rule_phones(ctx: RuleContext) -> None:
    consult, complaint = ctx.rec.consult, ctx.rec.complaint
    if consult and complaint and consult.phone and consult.phone == complaint.phone:
        ctx.add(("complaint", "phone"), "监督投诉电话不能与咨询电话相同", "填写独立的投诉电话，如 12345")


def rule_result(ctx: RuleContext) -> None:
    if ctx.rec.result is not None:
        ctx.findings.extend(result_type_findings(ctx.file, ctx.src, ctx.rec.result.name, ctx.rec.result.type, ("result",)))


def rule_standard_elements(ctx: RuleContext) -> None:
    """A stated standard element equals the directory's unless declared in variations; materials are only reduced
    as 免提交 (exempt_materials), never dropped or added silently."""
    rec = ctx.rec
    std = ctx.catalog.directory.get(rec.basic_code)
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
                f"声明了{label}的本地差异（{variation.approved_by}），但本记录的{label}与基本目录已经一致",
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


def rule_attachments(ctx: RuleContext) -> None:
    links = list(material_links(("materials",), ctx.rec.materials))
    for h, item in enumerate(ctx.rec.handling_items):
        links += material_links(("handling_items", h, "materials"), item.materials)
    if ctx.rec.result and ctx.rec.result.sample:
        links.append((("result", "sample"), ctx.rec.result.sample))
    ctx.findings.extend(attachment_findings(ctx.root, ctx.file, ctx.src, links))


RULES: list[Callable[[RuleContext], None]] = [
    rule_references_and_codes,
    rule_time_limits,
    rule_visits_and_online,
    rule_fee,
    rule_phones,
    rule_result,
    rule_standard_elements,
    rule_attachments,
]


NUMBERING_RE = re.compile(r"^\s*(（[一二三四五六七八九十\d]+）|\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+[、.．]|\d+[、.．)）](?!\d)|[①-⑳])\s*")
PLACEHOLDER = "请核实"
PLACEHOLDER_PHONE_RE = re.compile(r"^0\d{2,3}-0{7,8}$")  # what banshi new writes: the city's area code, then zeros
PLACEHOLDER_PHONE_NOTE = "是 banshi new 填入的占位电话"
PLACEHOLDER_HINT = f"核实这一行的内容（按注释提示修改），然后删除含「{PLACEHOLDER}」的注释"


def is_placeholder(finding: Finding) -> bool:
    """A 请核实 mark left by `banshi new`: expected right after scaffolding, an error once submitted."""
    return finding.hint == PLACEHOLDER_HINT or PLACEHOLDER_PHONE_NOTE in finding.message


LIST_FIELDS = [k for k, f in ImplementationRecord.model_fields.items() if "list" in str(f.annotation).lower() or "Many" in str(f.annotation)]


def _list_texts(rec: ImplementationRecord) -> list[tuple[tuple, str]]:
    """(path, text) of every list item's text: strings in lists and the name/q of list items."""
    out: list[tuple[tuple, str]] = []
    for key in LIST_FIELDS:
        value = getattr(rec, key)
        if not value or not isinstance(value, list | tuple):
            continue
        for i, item in enumerate(value):
            if isinstance(item, str):
                out.append(((key, i), item))
            else:
                for sub in ("name", "q", "description"):
                    text = getattr(item, sub, None)
                    if isinstance(text, str):
                        out.append(((key, i, sub), text))
    return out


def rule_list_numbering(ctx: RuleContext) -> None:
    for path, text in _list_texts(ctx.rec):
        match = NUMBERING_RE.match(text)
        if match:
            number = match.group(1)
            ctx.add(
                path,
                f"列表项开头带着从 Word 粘贴来的编号「{number}」",
                f"删除「{number}」：每一项以「- 」开头即可，网站会自动编号",
                section_of(ImplementationRecord, path) or ("办理流程" if path[0] == "steps" else ""),
            )


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


def rule_duplicate_materials(ctx: RuleContext) -> None:
    rec = ctx.rec
    groups: list[tuple[tuple, list]] = [(("materials",), rec.materials or []), (("exempt_materials",), list(rec.exempt_materials))]
    groups += [(("handling_items", h, "materials"), item.materials or []) for h, item in enumerate(rec.handling_items)]
    for base, materials in groups:
        first: dict[str, int] = {}
        for i, material in enumerate(materials):
            if material.name in first:
                line = ctx.src.position((*base, first[material.name], "name"))[0]
                ctx.add(
                    (*base, i, "name"),
                    f"材料「{material.name}」重复列出（第 {line} 行已有）",
                    "删除重复的这一项（从「- name:」到下一项之前的几行）",
                    "申请材料",
                )
            else:
                first[material.name] = i


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
    phones = [((key, "phone"), contact.phone) for key, contact in (("consult", ctx.rec.consult), ("complaint", ctx.rec.complaint)) if contact]
    phones += [(("locations", i, "phone"), loc.phone) for i, loc in enumerate(ctx.rec.locations)]
    for path, phone in phones:
        if phone and PLACEHOLDER_PHONE_RE.match(phone):
            ctx.add(path, f"{phone} {PLACEHOLDER_PHONE_NOTE}", "填写本部门实际的电话号码（带区号）", "咨询方式")


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


RULES += [
    rule_list_numbering,
    rule_zero_visits_online,
    rule_duplicate_materials,
    rule_placeholders,
    rule_remit,
    rule_formula_start,
]

from generator.validate.link_rules import rule_appointment_link, rule_tracking_parameters  # noqa: E402  (rule modules import RuleContext)
from generator.validate.pasted_rules import rule_pasted_text  # noqa: E402
from generator.validate.region_rules import rule_region  # noqa: E402
from generator.validate.variation_rules import rule_variation_approval  # noqa: E402

RULES.insert(0, rule_region)
RULES.insert(RULES.index(rule_list_numbering), rule_variation_approval)
RULES += [rule_appointment_link, rule_tracking_parameters, rule_pasted_text]
