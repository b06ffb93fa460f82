"""Validate and check one loaded project together: what `validate --check`, build, index and run all need.

Validation errors stop a build or an index, and so do the cross-record errors that break the site itself (one code
in two files: two pages, one path). The other cross-record errors fail `validate --check` and CI, and are shown on
the consistency page.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.check import CheckReport, check_project
from generator.model.findings import Finding
from generator.parallel import freeze_survivors
from generator.validate.loading import Project
from generator.validate.project import Validation, validate_project

BLOCKING_KINDS = frozenset({"duplicate-code"})


@dataclass
class Verdict:
    validation: Validation
    report: CheckReport

    @property
    def findings(self) -> list[Finding]:
        return self.validation.findings + [f.finding for f in self.report.findings]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def blocking(self) -> list[Finding]:
        """The errors that stop a build or an index."""
        return self.validation.errors + [f.finding for f in self.report.errors if f.kind in BLOCKING_KINDS]

    @property
    def records(self) -> int:
        return self.validation.records


def judge(project: Project) -> Verdict:
    validation = validate_project(project)
    freeze_survivors()  # in a build or a validate command: the models live to its end (generator/parallel.py)
    return Verdict(validation, check_project(project))
