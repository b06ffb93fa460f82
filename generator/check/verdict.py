"""Validate and check one loaded project together: what `validate --check`, build, index and run all need.

Errors from either stage stop a build or an index: a duplicate code is as fatal to the site (two pages, one path) as a
schema error.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.check import CheckReport, check_project
from generator.load.project import Project
from generator.model.findings import Finding
from generator.validate.project import Validation, validate_project


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
    def records(self) -> int:
        return self.validation.records


def judge(project: Project) -> Verdict:
    return Verdict(validate_project(project), check_project(project))
