"""Shared pieces of the tier cross-check: the records compared, findings with the values side by side."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from generator.load.yaml_source import Source
from generator.model.catalog import Catalog
from generator.model.findings import Finding, Severity
from generator.model.records import ImplementationRecord

# Rule kinds, in report order, with their Chinese titles.
KINDS: dict[str, str] = {
    "duplicate-code": "一个实施编码对应多个文件",
    "duplicate-implementation": "同一实施主体对同一事项有多个实施编码",
    "coverage": "应实施而无区划实施",
    "coverage-gap": "部分区划未实施",
    "sibling-limits": "同级区划承诺时限不同",
    "two-departments": "同一区划有多个部门实施同一事项",
    "copied-content": "与其他区划的记录内容相同（疑似复制）",
    "scheduled-due": "定期调整已生效，待写入记录正文",
    "awaiting-approval": "待批准的本地差异（已声明，尚无批准文号）",
    "declared-variation": "已声明的本地差异",
}


@dataclass(frozen=True)
class Entry:
    """One schema-valid implementation record as the check sees it: as published on the build date (its scheduled
    changes due by then applied); `written` is the record as written when that differs."""

    record: ImplementationRecord
    file: str
    source: Source | None = None
    written: ImplementationRecord | None = None

    def position(self, path: tuple[str | int, ...]) -> tuple[int, int]:
        return self.source.position(path) if self.source else (1, 1)


@dataclass(frozen=True)
class Compared:
    """One side of a comparison: whose value, from which file, and the value as text."""

    label: str
    file: str
    value: str


@dataclass(frozen=True)
class CheckFinding:
    kind: str
    finding: Finding
    compared: tuple[Compared, ...] = ()
    region: str | None = None  # region code of the record concerned; None for directory-wide findings
    basic_code: str | None = None

    @property
    def severity(self) -> Severity:
        return self.finding.severity


@dataclass
class CheckContext:
    catalog: Catalog
    entries: list[Entry]
    root: Path | None = None
    findings: list[CheckFinding] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.by_basic: dict[str, list[Entry]] = defaultdict(list)
        for entry in sorted(self.entries, key=lambda e: (e.record.basic_code, e.record.region, e.file)):
            self.by_basic[entry.record.basic_code].append(entry)

    def label(self, entry: Entry) -> str:
        """Region and department of a record, e.g. 龙亭区 · 龙亭区市场监督管理局; a township with its county."""
        return f"{self.region_name(entry.record.region)} · {self.department_name(entry.record.department)}"

    def region_name(self, code: str) -> str:
        """A region's name; a township's with its county's (two counties each have a 城关镇): 兰考县城关镇."""
        region = self.catalog.regions.get(code)
        if region is None:
            return code
        parent = self.catalog.regions.get(region.parent) if len(code) == 9 and region.parent else None
        return f"{parent.name}{region.name}" if parent else region.name

    def department_name(self, dep_id: str) -> str:
        dep = self.catalog.departments.get(dep_id)
        return dep.name if dep else dep_id

    def county_of(self, code: str) -> str:
        """The county-level code a region belongs to (a township's county; itself otherwise)."""
        return code[:6]

    def directory_file(self, basic_code: str) -> str:
        return self.catalog.directory_files.get(basic_code, f"items/_catalog/directory/{basic_code}.yaml")

    def directory_line(self, basic_code: str, key: str) -> int:
        """Line of a top-level key in a directory file (the catalog keeps no positions); 1 when unknown."""
        if self.root is None:
            return 1
        try:
            lines = (self.root / self.directory_file(basic_code)).read_text(encoding="utf-8").splitlines()
        except OSError:
            return 1
        return next((n for n, line in enumerate(lines, 1) if line.startswith(f"{key}:")), 1)

    def add(
        self,
        kind: str,
        severity: Severity,
        entry: Entry | None,
        *,
        file: str = "",
        line: int = 1,
        path: tuple[str | int, ...] = (),
        field_name: str = "",
        section: str = "",
        message: str,
        hint: str,
        related: list[str] | None = None,
        compared: list[Compared] | None = None,
        basic_code: str | None = None,
    ) -> None:
        column = 1
        if entry is not None:
            file = entry.file
            line, column = entry.position(path)
            basic_code = basic_code or entry.record.basic_code
        finding = Finding(severity, file, line, column, field_name, section, message, hint, related=list(related or []))
        self.findings.append(CheckFinding(kind, finding, tuple(compared or ()), entry.record.region if entry else None, basic_code))
