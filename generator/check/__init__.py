"""The tier cross-check (domain.md §3, "四级四同"): findings across records, beside validate's per-record rules.

`check_project(root)` loads the catalog and every schema-valid record; `run_checks(catalog, entries)` runs
the rules on records already loaded (the site's consistency page uses it on the validated items).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.check.base import KINDS, CheckContext, CheckFinding, Compared, Entry
from generator.check.codes import rule_duplicates, rule_level_digit
from generator.check.coverage import Coverage, coverage_of, rule_coverage
from generator.check.overlap import rule_copied_content, rule_two_departments
from generator.check.schedule import rule_due_schedules
from generator.check.siblings import rule_sibling_limits
from generator.check.standard import rule_standard_elements
from generator.load.catalog import Catalog, load_catalog
from generator.model.findings import Finding

__all__ = ["KINDS", "RULES", "CheckFinding", "CheckReport", "Compared", "Coverage", "Entry", "check_project", "coverage_of", "run_checks"]

RULES: list[Callable[[CheckContext], None]] = [
    rule_standard_elements,
    rule_level_digit,
    rule_duplicates,
    rule_coverage,
    rule_sibling_limits,
    rule_two_departments,
    rule_copied_content,
    rule_due_schedules,
]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass
class CheckReport:
    catalog: Catalog
    entries: list[Entry]
    findings: list[CheckFinding] = field(default_factory=list)
    skipped: int = 0  # records that could not be read or fail the schema: validate reports them
    catalog_errors: int = 0

    @property
    def records(self) -> int:
        return len(self.entries) + self.skipped

    @property
    def errors(self) -> list[CheckFinding]:
        return [f for f in self.findings if f.severity == "error"]

    def counts(self) -> Counter[tuple[str, str]]:
        """(kind, severity) -> number of findings."""
        return Counter((f.kind, f.severity) for f in self.findings)


def run_checks(catalog: Catalog, entries: list[Entry], root: Path | None = None) -> CheckReport:
    ctx = CheckContext(catalog, entries, root)
    for rule in RULES:
        rule(ctx)
    kind_order = {k: i for i, k in enumerate(KINDS)}
    ctx.findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], kind_order.get(f.kind, 99), f.finding.file, f.finding.line))
    return CheckReport(catalog, entries, ctx.findings)


def check_project(root: Path) -> CheckReport:
    from generator.load.records import load_records
    from generator.validate.project import record_files

    catalog_findings: list[Finding] = []
    catalog = load_catalog(root, catalog_findings)
    files = record_files(root)
    loaded = load_records(root, [p for p in files if p.suffix == ".yaml"])
    entries = [Entry(x.record, x.file, x.source) for x in loaded if x.record is not None and x.source is not None]
    skipped = len(files) - len(entries)
    report = run_checks(catalog, entries, root)
    report.skipped = skipped
    report.catalog_errors = sum(f.severity == "error" for f in catalog_findings)
    return report
