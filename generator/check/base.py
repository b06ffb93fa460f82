"""Shared pieces of the tier cross-check: the records compared, findings with the values side by side."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from generator.load.catalog import Catalog
from generator.load.yaml_source import Source
from generator.model.findings import Finding, Severity
from generator.model.records import ImplementationRecord

# Rule kinds, in report order, with their Chinese titles.
KINDS: dict[str, str] = {
    "duplicate-code": "一个实施编码对应多个文件",
    "duplicate-implementation": "同一实施主体对同一事项有多个实施编码",
    "coverage": "应实施而无区划实施",
    "coverage-gap": "部分区划未实施",
    "sibling-limits": "同级区划承诺时限不同",
    "declared-variation": "已声明的本地差异",
}


@dataclass(frozen=True)
class Entry:
    """One schema-valid implementation record as the check sees it."""

    record: ImplementationRecord
    file: str
    source: Source | None = None

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
        """Region and department of a record, e.g. 龙亭区 · 龙亭区市场监督管理局."""
        region = self.catalog.regions.get(entry.record.region)
        dep = self.catalog.departments.get(entry.record.department)
        return f"{region.name if region else entry.record.region} · {dep.name if dep else entry.record.department}"

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
