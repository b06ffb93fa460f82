"""The naive baseline: plain mkdocs-material (navigation.prune, search plugin) on equivalent Markdown pages.

One plain-Markdown page per record with the same sections as Banshi's item page (materials table, steps,
limits, fees, places), in a folder tree by region and department, and mkdocs.yml with the default navigation.
"""

from __future__ import annotations

from pathlib import Path

from generator.model.item import Item
from generator.validate.project import Validation

MKDOCS_YML = """site_name: 基线
docs_dir: docs
site_dir: site
theme:
  name: material
  language: zh
  features:
    - navigation.prune
plugins:
  - search:
      lang: zh
"""


def cell(text: object) -> str:
    return str(text).replace("|", "｜").replace("\n", " ")


def markdown_page(item: Item) -> str:
    rec = item.record
    lines = [f"# {item.name}", "", f"{item.region.name} · {item.department.name} · 实施编码 `{item.code}`", "", "## 办理条件", ""]
    lines += [f"{n}. {cell(c)}" for n, c in enumerate(item.conditions, 1)]
    lines += ["", "## 申请材料", "", "| 序号 | 材料名称 | 必要性 | 类型与份数 | 形式 | 来源 | 填报须知 |", "|---|---|---|---|---|---|---|"]
    for n, m in enumerate(item.materials, 1):
        lines.append(f"| {n} | {cell(m.name)} | {m.necessity} | {m.kind} {m.copies} 份 | {m.form} | {m.source} | {cell(m.fill_instructions or '—')} |")
    lines += ["", "## 办理流程", ""] + [f"{n}. **{s.name}**：{cell(s.actor)}" for n, s in enumerate(item.steps, 1)]
    legal, promised = item.legal_time_limit, rec.promised_time_limit
    lines += ["", "## 办理时限", "", f"法定 {legal.value} 个{legal.unit}，承诺 {promised.value} 个{promised.unit}"]
    lines += ["", "## 收费", "", "收费" if rec.fee.charged else "不收费", "", "## 办理地点", ""]
    lines += [f"- {cell(loc.address)}，{cell(loc.hours)}" for loc in rec.locations]
    lines += ["", "## 咨询与投诉", "", f"咨询 {rec.consult.phone}，投诉 {rec.complaint.phone}", ""]
    return "\n".join(lines)


def write_baseline(result: Validation, out: Path) -> int:
    docs = out / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (out / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    for item in result.items:
        path = docs / item.region.code / item.department.id / f"{item.code}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markdown_page(item), encoding="utf-8")
    return len(result.items) + 1
