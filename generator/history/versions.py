"""Old versions as history may quote them. Every blob is untrusted input: it is checked once by
generator/validate/version.py (size cap, YAML, model, record rules), attributed to an item only through its path,
and reduced to the fields the item page publishes before generator/workflow/diff.py compares it (docs/history.md).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.history.gitlog import Blobs
from generator.load.yaml_source import MAX_BYTES
from generator.model.catalog import Catalog
from generator.model.codes import IMPLEMENTATION_CODE_PATTERN, RECORD_KEY_PATTERN
from generator.model.item import record_key
from generator.model.records import DirectoryItem, ImplementationRecord
from generator.model.values import CONTROL_RE
from generator.validate.version import Version, check_directory_version, check_record_version
from generator.workflow.diff import Doc

DIRECTORY = "items/_catalog/directory/"
NOT_LISTED = "该版本不符合规则，未列出"
# Fields the item page does not show: a change to them alone is no news to its readers (the page's 最近更新 is the
# date of the last published change). Directory fields the same way; tests/test_history_trust.py checks the page.
RECORD_NOT_ON_PAGE = ("updated", "keywords", "variations")
DIRECTORY_NOT_ON_PAGE = ("keywords", "aliases", "themes", "exercise_levels")
CODE_RE = re.compile(IMPLEMENTATION_CODE_PATTERN)
KEY_RE = re.compile(RECORD_KEY_PATTERN)
NOTE_CHARS = 300


def owner_of(path: str, catalog: Catalog) -> str | None:
    """The implementation code a record file speaks for: items/<region>/<department>/<code>.yaml where the
    department exists, lies in that region and the code starts with its credit code; or, for a record whose guide
    states no code, the file's name (RECORD_KEY_PATTERN) in its department's folder, which the history accepts only
    for the current item at that very path (changes.py). Anything else speaks for no item (a file in one
    department's folder cannot write into another department's history)."""
    parts = path.split("/")
    if len(parts) != 4 or parts[0] != "items" or not parts[3].endswith(".yaml"):
        return None
    region, dep_id, code = parts[1], parts[2], parts[3][: -len(".yaml")]
    dep = catalog.departments.get(dep_id)
    if dep is None or dep.region != region:
        return None
    if CODE_RE.fullmatch(code):
        return code if dep.credit_code and code.startswith(dep.credit_code) else None
    return code if KEY_RE.fullmatch(code) else None


def published(model: ImplementationRecord | DirectoryItem) -> dict[str, Any]:
    hidden = RECORD_NOT_ON_PAGE if isinstance(model, ImplementationRecord) else DIRECTORY_NOT_ON_PAGE
    data = model.model_dump(mode="json", warnings=False)
    return {k: v for k, v in data.items() if k not in hidden}


def note_text(text: str) -> str:
    """A maintainer note safe for a terminal and a log: invisible characters shown as \\uXXXX, length capped."""
    text = CONTROL_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text if len(text) <= NOTE_CHARS else text[:NOTE_CHARS] + "…"


@dataclass(frozen=True)
class Seen:
    """Where an item's last valid version was: enough to check it again (the check is cached per blob)."""

    path: str
    blob: str
    directory_blob: str | None


class Versions:
    """Checked versions of records and directory items, one check per blob (and directory version)."""

    def __init__(self, root: Path, catalog: Catalog) -> None:
        self.root, self.catalog = root, catalog
        self.blobs = Blobs(root, MAX_BYTES)
        self.records: dict[str, dict[tuple[str, str | None], Version]] = {}  # blob -> (path, directory blob) -> check
        self.basic_of: dict[str, str] = {}  # record blob -> the basic code it names
        self.directories: dict[tuple[str, str], Version] = {}

    def read(self, blob: str) -> bytes | None:
        """The bytes, not kept: what is kept is the checked version."""
        raw = self.blobs.raw(blob)
        self.blobs.forget(blob)
        return raw

    def directory(self, path: str, blob: str) -> Version:
        if (path, blob) not in self.directories:
            self.directories[path, blob] = check_directory_version(self.read(blob), path)
        return self.directories[path, blob]

    def directory_at(self, basic: str, tree: Mapping[str, str | None]) -> DirectoryItem | None:
        """The directory item in `tree` (items/ at one commit) when it is valid there."""
        path = f"{DIRECTORY}{basic}.yaml"
        blob = tree.get(path)
        model = self.directory(path, blob).model if blob else None
        return model if isinstance(model, DirectoryItem) else None

    def record(self, path: str, blob: str, tree: Mapping[str, str | None]) -> Version:
        """The record file `path` with content `blob`, checked against the directory as `tree` has it."""
        basic = self.basic_of.get(blob, "")
        checked = self.records.setdefault(blob, {})
        key = (path, tree.get(f"{DIRECTORY}{basic}.yaml") if basic else None)
        if key not in checked:
            version = check_record_version(self.read(blob), path, self.root, self.catalog, lambda code: self.directory_at(code, tree))
            if version.basic_code:
                self.basic_of[blob] = version.basic_code
                key = (path, tree.get(f"{DIRECTORY}{version.basic_code}.yaml"))
            checked[key] = version
        return checked[key]

    def forget(self, blob: str) -> None:
        """An old blob is read for one diff; keep memory flat (its checked versions go with it)."""
        self.blobs.forget(blob)
        self.records.pop(blob, None)

    def close(self) -> None:
        self.blobs.close()

    # ---- documents for generator/workflow/diff.py ----------------------------------------------------
    def title(self, record: ImplementationRecord) -> str:
        std = self.catalog.directory.get(record.basic_code)
        region = self.catalog.regions.get(record.region)
        name = record.name or (std.name if std else record.basic_code)
        return f"{name} · {region.name}" if region else name

    def record_doc(self, path: str, record: ImplementationRecord, directory: DirectoryItem | None) -> Doc:
        key = f"rec:{record_key(record, path)}"
        data = published(record)
        return Doc(key, "实施清单", self.title(record), path, data, ImplementationRecord, True, published(directory) if directory else {}, data)

    @staticmethod
    def directory_doc(path: str, item: DirectoryItem) -> Doc:
        data = published(item)
        return Doc(f"dir:{item.basic_code}", "基本目录", item.name, path, data, DirectoryItem, True, raw=data)
