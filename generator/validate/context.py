"""What a per-record rule receives: the record, its source positions, its file, the project root and the catalog;
`ctx.add` turns a problem at a field path into a Finding with the guide section of that field."""

from __future__ import annotations

from pathlib import Path

from generator.load.yaml_source import Source
from generator.model.catalog import Catalog
from generator.model.fields import FieldPath, field_path, section_of
from generator.model.findings import Finding, Severity
from generator.model.records import ImplementationRecord


class RuleContext:
    def __init__(self, rec: ImplementationRecord, src: Source, file: str, root: Path, catalog: Catalog) -> None:
        self.rec, self.src, self.file, self.root, self.catalog = rec, src, file, root, catalog
        self.findings: list[Finding] = []

    def add(
        self, path: FieldPath, message: str, hint: str, section: str | None = None, severity: Severity = "error", *, related: list[str] | None = None
    ) -> None:
        """One finding at `path`; the guide section is the model's for the path's top-level field unless given."""
        line, col = self.src.position(path)
        if not section:
            section = section_of(ImplementationRecord, path) if path else section_of(ImplementationRecord, ("implementation_code",))
        self.findings.append(Finding(severity, self.file, line, col, field_path(path), section, message, hint, related=list(related or [])))
