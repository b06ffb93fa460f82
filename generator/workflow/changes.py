"""What a pull request touches: the record files it changed, plus the records a changed catalog entry affects.

A directory item affects every record of its basic code; a changed region or department entry affects the
records of that region or department. Validation and the tier check report findings on these files only;
everything else stays on the site's consistency page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.load.yaml_source import SourceError, parse_text
from generator.workflow.git import changed_files, commit_of, show

DIRECTORY = "items/_catalog/directory/"
CATALOG_LISTS = {"items/_catalog/regions.yaml": ("regions", "code", "region"), "items/_catalog/departments.yaml": ("departments", "id", "department")}


@dataclass
class Scope:
    base: str
    files: set[str] = field(default_factory=set)  # changed files under items/
    basic_codes: set[str] = field(default_factory=set)  # of changed directory items
    regions: set[str] = field(default_factory=set)
    departments: set[str] = field(default_factory=set)

    def record_paths(self, root: Path) -> list[Path]:
        """Changed record files that still exist, plus the records a changed catalog entry affects (found by path:
        items/<region>/<department>/<implementation code ending in the basic code>.yaml)."""
        out = {root / f for f in self.files if is_record(f) and (root / f).is_file()}
        if self.basic_codes or self.regions or self.departments:
            for path in (root / "items").glob("*/*/*.yaml"):
                region, department = path.parent.parent.name, path.parent.name
                if region.startswith("_"):
                    continue
                if region in self.regions or department in self.departments or path.stem[-12:] in self.basic_codes:
                    out.add(path)
        return sorted(out)

    def covers(self, file: str, record: Any | None = None) -> bool:
        """Is a finding on this file (for this record) part of the pull request?"""
        if file in self.files:
            return True
        if record is None:
            return False
        return record.basic_code in self.basic_codes or record.region in self.regions or record.department in self.departments


def is_record(path: str) -> bool:
    return path.startswith("items/") and path.endswith(".yaml") and not path.startswith(("items/_catalog/", "items/_files/"))


def _entries(text: str | None, list_key: str, id_key: str) -> dict[str, Any]:
    if text is None:
        return {}
    try:
        data = parse_text(text).data
    except SourceError:
        return {}
    items = data.get(list_key) if isinstance(data, dict) else None
    return {str(e.get(id_key)): e for e in items or [] if isinstance(e, dict)}


def _basic_codes(root: Path, commit: str, path: str) -> set[str]:
    """The basic code a directory file holds before and after (a file may be renamed or its code changed)."""
    codes = {Path(path).stem}
    now = (root / path).read_text(encoding="utf-8") if (root / path).is_file() else None
    for text in (show(root, commit, path), now):
        try:
            data = parse_text(text).data if text else {}
        except SourceError:
            continue
        if isinstance(data, dict) and isinstance(data.get("basic_code"), str):
            codes.add(data["basic_code"])
    return codes


def changed_scope(root: Path, base: str) -> Scope:
    commit = commit_of(root, base)
    scope = Scope(base=commit, files=set(changed_files(root, commit)))
    for path in scope.files:
        if path.startswith(DIRECTORY) and path.endswith(".yaml"):
            scope.basic_codes.update(_basic_codes(root, commit, path))
        elif path in CATALOG_LISTS:
            list_key, id_key, _ = CATALOG_LISTS[path]
            old = _entries(show(root, commit, path), list_key, id_key)
            new = _entries((root / path).read_text(encoding="utf-8") if (root / path).is_file() else None, list_key, id_key)
            touched = {k for k in set(old) | set(new) if old.get(k) != new.get(k)}
            (scope.regions if id_key == "code" else scope.departments).update(touched)
    return scope
