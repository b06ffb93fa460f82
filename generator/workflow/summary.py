"""The pull request's step summary (GitHub Markdown): this PR's validation findings, first the errors."""

from __future__ import annotations

from generator.model.findings import Finding, sort_key
from generator.model.markdown import code, md

LABEL = {"error": "错误", "warning": "警告", "info": "提示"}
ORDER = {"error": 0, "warning": 1, "info": 2}


def findings_markdown(findings: list[Finding], files: int, title: str = "校验结果", limit: int = 100) -> str:
    shown = sorted((f for f in findings if f.severity != "info"), key=lambda f: (ORDER[f.severity], *sort_key(f)))
    errors = sum(f.severity == "error" for f in shown)
    warnings = len(shown) - errors
    out = [f"## {title}", ""]
    if not shown:
        return "\n".join([*out, f"本次修改涉及的 {files} 个文件没有错误和警告。", ""])
    verdict = "有错误，必须修改后才能合并" if errors else "没有错误，警告请核实"
    out += [f"本次修改涉及 {files} 个文件：{errors} 个错误，{warnings} 个警告（{verdict}）。", ""]
    out += ["| 位置 | 级别 | 字段 | 问题 | 修改建议 |", "| --- | --- | --- | --- | --- |"]
    for f in shown[:limit]:
        where = code(f"{f.file}:{f.line}")
        out.append(f"| {where} | {LABEL[f.severity]} | {code(f.field) if f.field else '（整个文件）'} | {md(f.message)} | {md(f.hint)} |")
    if len(shown) > limit:
        out.append(f"\n……另有 {len(shown) - limit} 条，运行 `banshi validate` 查看全部。")
    return "\n".join(out) + "\n"
