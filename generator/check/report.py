"""Check reports: text and GitHub annotations as validate prints them, JSON with `kind` and `compared`, Markdown for PRs."""

from __future__ import annotations

import json
from dataclasses import asdict

from generator.check import KINDS, CheckReport
from generator.model.markdown import md

SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}


def summary_line(report: CheckReport) -> str:
    sev = {s: sum(f.severity == s for f in report.findings) for s in SEVERITY_LABEL}
    line = f"共核查 {len(report.entries)} 条记录：{sev['error']} 个错误，{sev['warning']} 个警告，{sev['info']} 条提示。"
    if report.skipped:
        line += f"另有 {report.skipped} 条记录未通过格式校验，未参与核查（请运行 banshi validate）。"
    if report.catalog_errors:
        line += f"基本目录、区划或部门文件有 {report.catalog_errors} 个错误，核查结果可能不完整（请运行 banshi validate）。"
    return line


def kind_table(report: CheckReport) -> list[tuple[str, str, str, int]]:
    """(kind, title, severity, count) rows in report order."""
    counts = report.counts()
    return [(kind, title, sev, counts[(kind, sev)]) for kind, title in KINDS.items() for sev in SEVERITY_LABEL if counts[(kind, sev)]]


def render_report(report: CheckReport, fmt: str) -> str:
    if fmt == "json":
        findings = [{**asdict(f.finding), "kind": f.kind, "compared": [asdict(c) for c in f.compared]} for f in report.findings]
        counts = {kind: n for kind, _t, _s, n in kind_table(report)}
        return json.dumps({"records": report.records, "counts": counts, "findings": findings}, ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(f.finding.as_github() for f in report.findings)
    if fmt == "markdown":
        return render_markdown(report)
    lines = []
    for f in report.findings:
        text = f"[{KINDS[f.kind]}] " + f.finding.as_text()
        if f.finding.related:
            text += "\n    相关文件：" + "、".join(f.finding.related)
        lines.append(text)
    lines += [f"  {title}（{SEVERITY_LABEL[sev]}）：{n}" for _k, title, sev, n in kind_table(report)]
    lines.append(summary_line(report))
    return "\n".join(lines)


def render_markdown(report: CheckReport, limit: int = 50) -> str:
    out = ["## 一致性核查", "", summary_line(report), ""]
    rows = kind_table(report)
    if rows:
        out += ["| 类别 | 级别 | 数量 |", "| --- | --- | ---: |"]
        out += [f"| {title} | {SEVERITY_LABEL[sev]} | {n} |" for _k, title, sev, n in rows]
        out.append("")
    for sev in ("error", "warning"):
        shown = [f for f in report.findings if f.severity == sev]
        if not shown:
            continue
        out += [f"### {SEVERITY_LABEL[sev]}", ""]
        for f in shown[:limit]:
            fd = f.finding
            out.append(f"- **{KINDS[f.kind]}** `{fd.file}:{fd.line}` {md(fd.message)}  ")
            out.append(f"  修改建议：{md(fd.hint)}")
            for c in f.compared:
                out.append(f"  - {md(c.label)}（`{c.file}`）：{md(c.value)}")
        if len(shown) > limit:
            out.append(f"- ……另有 {len(shown) - limit} 条，运行 `banshi check` 查看全部")
        out.append("")
    infos = sum(f.severity == "info" for f in report.findings)
    if infos:
        out.append(f"另有 {infos} 条提示（不影响合并），见网站「一致性核查」页或运行 `banshi check`。")
    return "\n".join(out).rstrip() + "\n"
