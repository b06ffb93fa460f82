"""Findings: what validation and checks report, with source positions, in Chinese."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from dataclasses import field as dataclass_field  # the class below has a field called `field`
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")  # most serious first: the report order
SEVERITY_LABEL: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}  # as clerks and the site read them


@dataclass(frozen=True)
class Finding:
    severity: Severity
    file: str
    line: int
    column: int
    field: str
    section: str
    message: str
    hint: str
    related: list[str] = dataclass_field(default_factory=list)

    def as_text(self) -> str:
        label = SEVERITY_LABEL[self.severity]
        where = f"{self.file}:{self.line}:{self.column}"
        head = f"{where}: {label}: {self.field or '（整个文件）'}"
        if self.section:
            head += f"（指南栏目：{self.section}）"
        return f"{head}: {self.message}\n    修改建议：{self.hint}"

    def as_github(self) -> str:
        """A workflow command, escaped exactly as GitHub's @actions/core toolkit does (escapeData, escapeProperty):
        a file name or message can then never end the command and start another one."""
        level = {"error": "error", "warning": "warning", "info": "notice"}[self.severity]
        text = escape_data(f"{self.field}: {self.message} 修改建议：{self.hint}")
        props = {"file": self.file, "line": str(self.line), "col": str(self.column), "title": self.section or "banshi"}
        return f"::{level} " + ",".join(f"{k}={escape_property(v)}" for k, v in props.items()) + f"::{text}"


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def sort_key(f: Finding) -> tuple[str, int, int, str]:
    return (f.file, f.line, f.column, f.field)


def render(findings: list[Finding], records: int, fmt: str) -> str:
    findings = sorted(findings, key=sort_key)
    if fmt == "json":
        return json.dumps({"records": records, "findings": [asdict(f) for f in findings]}, ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(f.as_github() for f in findings)
    lines = [f.as_text() for f in findings]
    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    lines.append(f"共检查 {records} 条记录：{errors} 个错误，{warnings} 个警告。")
    return "\n".join(lines)
