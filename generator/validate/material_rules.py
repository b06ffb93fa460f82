"""Guide section 申请材料: no material listed twice, and every attachment (form, sample) a material or the
result links to is a published file of the repository."""

from __future__ import annotations

from generator.load.attachments import attachment_findings, material_links
from generator.validate.context import RuleContext


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
            rule_alternatives(ctx, (*base, i), material.name, list(getattr(material, "alternatives", ())))  # exempt ones have none


def rule_alternatives(ctx: RuleContext, path: tuple, name: str, alternatives: list[str]) -> None:
    """Materials that may replace this one: other materials, each once."""
    seen: set[str] = set()
    for j, other in enumerate(alternatives):
        if other == name:
            ctx.add((*path, "alternatives", j), f"可替代材料里又写了材料本身「{name}」", "删去这一项：可替代材料只写可以代替它的其他材料", "申请材料")
        elif other in seen:
            ctx.add((*path, "alternatives", j), f"可替代材料「{other}」重复列出", "删去重复的这一项", "申请材料")
        seen.add(other)


def rule_attachments(ctx: RuleContext) -> None:
    links = list(material_links(("materials",), ctx.rec.materials))
    for h, item in enumerate(ctx.rec.handling_items):
        links += material_links(("handling_items", h, "materials"), item.materials)
    if ctx.rec.result and ctx.rec.result.sample:
        links.append((("result", "sample"), ctx.rec.result.sample))
    ctx.findings.extend(attachment_findings(ctx.root, ctx.file, ctx.src, links))
