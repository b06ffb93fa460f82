"""Guide section 结果送达: the result's type agrees with its name (…证/…照 is 证照, …批复/…决定/…文 is 批文), for a
record's result and for a directory item's."""

from __future__ import annotations

from generator.load.yaml_source import Source
from generator.model.findings import Finding
from generator.validate.context import RuleContext


def rule_result(ctx: RuleContext) -> None:
    if ctx.rec.result is not None:
        ctx.findings.extend(result_type_findings(ctx.file, ctx.src, ctx.rec.result.name, ctx.rec.result.type, ("result",)))


def result_type_findings(file: str, src: Source, result_name: str, result_type: str, path: tuple) -> list[Finding]:
    expected = None
    if result_name.endswith(("证", "照")):
        expected = "证照"
    elif result_name.endswith(("批复", "决定", "文")):
        expected = "批文"
    if expected and expected != result_type:
        line, col = src.position((*path, "type"))
        return [
            Finding(
                "error",
                file,
                line,
                col,
                "result.type",
                "结果送达",
                f"结果名称「{result_name}」应属于「{expected}」，这里写的是「{result_type}」",
                f"把 result.type 改为 {expected}",
            )
        ]
    return []
