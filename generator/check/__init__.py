"""The cross-record check: rules that compare implementation records with each other and with the whole catalog
(duplicate codes, coverage by tier, sibling limits, declared variations published). Per-record rules are validate's.

`check_project(project)` runs the rules on every schema-valid record of a loaded project and keeps the findings about
the files asked about (`Project.concerns`), so checking one file never judges the catalog by that file alone.

To add a rule: write `rule_x(ctx: CheckContext)` calling `ctx.add(kind, severity, entry, ...)`, give the kind a title
in `base.KINDS` and append the rule to RULES.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.check.base import KINDS, CheckContext, CheckFinding, Compared, Entry
from generator.check.codes import rule_duplicates
from generator.check.coverage import Coverage, coverage_of, rule_coverage
from generator.check.overlap import rule_copied_content, rule_two_departments
from generator.check.schedule import rule_due_schedules
from generator.check.siblings import rule_sibling_limits
from generator.check.variations import rule_declared_variations
from generator.model.catalog import Catalog
from generator.model.findings import SEVERITIES
from generator.model.schedule import build_date
from generator.validate.loading import Project
from generator.validate.scheduled import published

__all__ = ["KINDS", "RULES", "CheckFinding", "CheckReport", "Compared", "Coverage", "Entry", "check_project", "coverage_of", "run_checks"]

RULES: list[Callable[[CheckContext], None]] = [
    rule_declared_variations,
    rule_duplicates,
    rule_coverage,
    rule_sibling_limits,
    rule_two_departments,
    rule_copied_content,
    rule_due_schedules,
]


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


def run_checks(catalog: Catalog, entries: list[Entry], root: Path | None = None, concerns: Callable[[str], bool] = lambda file: True) -> CheckReport:
    """Run every rule on all `entries`; keep the findings whose file `concerns` the caller."""
    ctx = CheckContext(catalog, entries, root)
    for rule in RULES:
        rule(ctx)
    kind_order = {k: i for i, k in enumerate(KINDS)}
    found = [f for f in ctx.findings if concerns(f.finding.file)]
    found.sort(key=lambda f: (SEVERITIES.index(f.severity), kind_order.get(f.kind, 99), f.finding.file, f.finding.line))
    return CheckReport(catalog, entries, found)


def check_project(project: Project) -> CheckReport:
    """The check on a loaded project: all its records as published on the build date compared, findings about the
    asked files reported."""
    day, entries = build_date(), []
    for x in project.records:
        if x.record is not None and x.source is not None:
            record, source = published(x.record, x.source, day)
            entries.append(Entry(record, x.file, source, written=x.record if record is not x.record else None))
    report = run_checks(project.catalog, entries, project.root, project.concerns)
    report.entries = [e for e in entries if project.concerns(e.file)]
    report.skipped = project.files - len(report.entries)
    report.catalog_errors = sum(f.severity == "error" and f.file.startswith("items/_catalog/") for f in project.findings)
    return report
