"""Every item's 变更记录 and the reform figures at each month's end, from one pass over the git log.

The semantic comparison is generator/workflow/diff.py's (the same lines `banshi diff` prints on a pull request).
Blobs equal to the built record (unchanged since HEAD) are never parsed again: their facts come from the build.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator.history.gitlog import Blobs, Commit, FileChange, HistoryUnavailable, check_available, commits, head_blobs
from generator.load.catalog import Catalog
from generator.load.yaml_source import SourceError, data_from_text
from generator.model.figures import Facts, Figures, facts, totals
from generator.model.item import Item
from generator.model.records import Department, DirectoryItem, ImplementationRecord, Region
from generator.workflow.diff import Doc, diff_docs, documents

DIRECTORY = "items/_catalog/directory/"
NOT_RECORDS = ("items/_catalog/", "items/_files/")


def is_record(path: str) -> bool:
    return path.endswith(".yaml") and not path.startswith(NOT_RECORDS)


def is_directory(path: str) -> bool:
    return path.startswith(DIRECTORY) and path.endswith(".yaml")


@dataclass(frozen=True)
class Entry:
    """One change to one item, as its page and the feeds show it."""

    when: dt.datetime
    commit: str
    code: str  # implementation code
    status: str  # added | changed | removed | directory
    title: str
    lines: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        if self.status == "added":
            return "新增事项"
        if self.status == "removed":
            return "事项删除"
        if self.status == "directory":
            return "基本目录调整：" + "；".join(self.lines)
        return "；".join(self.lines)


@dataclass
class MonthPoint:
    month: str  # YYYY-MM, figures as at that month's end (the last point: now)
    total: Figures
    by_tier: dict[str, Figures]


@dataclass
class History:
    available: bool
    reason: str = ""
    by_code: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))  # newest first after finish()
    months: list[MonthPoint] = field(default_factory=list)
    commits: int = 0

    def for_item(self, code: str) -> list[Entry]:
        return self.by_code.get(code, [])

    def last_change(self, code: str) -> dt.date | None:
        for entry in self.for_item(code):
            if entry.status != "directory":
                return entry.when.date()
        return None

    def entries(self) -> list[Entry]:
        """Every entry, newest first."""
        return sorted((e for es in self.by_code.values() for e in es), key=lambda e: (e.when, e.code), reverse=True)


def unavailable(reason: str) -> History:
    return History(available=False, reason=reason)


def month_of(when: dt.datetime) -> str:
    return f"{when.year:04d}-{when.month:02d}"


def next_month(month: str) -> str:
    year, mon = int(month[:4]), int(month[5:])
    return f"{year + (mon == 12):04d}-{mon % 12 + 1:02d}"


class Replay:
    """The state of items/ while the log is replayed: blob per path, and facts per (record blob, directory blob)."""

    def __init__(self, root: Path, items: list[Item], catalog: Catalog) -> None:
        self.blobs = Blobs(root)
        self.catalog = catalog
        self.heads = head_blobs(root)
        self.built = {item.file: item for item in items}
        self.by_basic: dict[str, list[str]] = defaultdict(list)
        for item in items:
            self.by_basic[item.basic_code].append(item.code)
        self.tree: dict[str, str] = {}
        self.basic_of_blob: dict[str, str | None] = {}
        self.facts_cache: dict[tuple[str, str | None], Facts | None] = {}
        self.directory_models: dict[str, DirectoryItem | None] = {}
        self.directory_docs: dict[str, dict[str, Any]] = {}

    # ---- the built record for an unchanged blob ----------------------------------------------------
    def built_item(self, path: str, blob: str) -> Item | None:
        item = self.built.get(path)
        return item if item is not None and self.heads.get(path) == blob else None

    def directory_blob(self, basic: str | None) -> str | None:
        return self.tree.get(f"{DIRECTORY}{basic}.yaml") if basic else None

    # ---- facts at a point in time ------------------------------------------------------------------
    def record_facts(self, path: str, blob: str) -> Facts | None:
        item = self.built_item(path, blob)
        basic = item.basic_code if item is not None else self.basic_of_blob.get(blob)
        key = (blob, self.directory_blob(basic))
        if key in self.facts_cache:
            return self.facts_cache[key]
        if item is not None and key[1] == self.heads.get(f"{DIRECTORY}{basic}.yaml"):
            result = facts(item)
        else:
            result = self.parsed_facts(path, blob)
            key = (blob, self.directory_blob(self.basic_of_blob.get(blob)))
        self.facts_cache[key] = result
        return result

    def parsed_facts(self, path: str, blob: str) -> Facts | None:
        try:
            record = ImplementationRecord.model_validate(data_from_text(self.blobs.text(blob)))
        except (SourceError, ValidationError, ValueError):
            self.basic_of_blob[blob] = None
            return None
        self.basic_of_blob[blob] = record.basic_code
        standard = self.directory_model(record.basic_code)
        if standard is None:
            return None
        region = self.catalog.regions.get(record.region) or Region(code=record.region, name=record.region)
        department = self.catalog.departments.get(record.department) or Department(
            id=record.department, name=record.department, credit_code=record.implementation_code[:18], region=record.region
        )
        return facts(Item(record, standard, region, department, path))

    def directory_model(self, basic: str) -> DirectoryItem | None:
        blob = self.directory_blob(basic)
        if blob is None:
            return self.catalog.directory.get(basic)
        if blob not in self.directory_models:
            try:
                self.directory_models[blob] = DirectoryItem.model_validate(data_from_text(self.blobs.text(blob)))
            except (SourceError, ValidationError, ValueError):
                self.directory_models[blob] = None
        return self.directory_models[blob]

    def snapshot(self, month: str) -> MonthPoint:
        total, tiers = totals(self.record_facts(path, blob) for path, blob in self.tree.items() if is_record(path))
        return MonthPoint(month, total, tiers)

    # ---- semantic changes of one commit ------------------------------------------------------------
    def docs(self, changes: list[FileChange], side: str) -> dict[str, Doc]:
        files = {c.path: self.blobs.text(blob) for c in changes if (blob := getattr(c, side)) is not None}
        out = documents(files)
        for doc in out.values():
            if doc.kind == "实施清单" and not doc.directory:
                basic = doc.data.get("basic_code")
                blob = self.directory_blob(basic) if isinstance(basic, str) else None
                if blob is not None:
                    doc.directory = self.directory_data(basic, blob)
        return out

    def directory_data(self, basic: str, blob: str) -> dict[str, Any]:
        """A directory item's data as diff.py reads it, parsed once per blob."""
        if blob not in self.directory_docs:
            self.directory_docs[blob] = next(iter(documents({f"{DIRECTORY}{basic}.yaml": self.blobs.text(blob)}).values())).data
        return self.directory_docs[blob]

    def title(self, doc: Doc, fallback: str) -> str:
        """项目名称 · 地区 from the current catalog when the record's own text does not name it."""
        std = self.catalog.directory.get(str(doc.data.get("basic_code")))
        region = self.catalog.regions.get(str(doc.data.get("region")))
        if std is None or region is None:
            return fallback
        return f"{doc.data.get('name') or std.name} · {region.name}"

    def entries(self, commit: Commit) -> list[Entry]:
        records = [c for c in commit.changes if is_record(c.path)]
        directories = [c for c in commit.changes if is_directory(c.path) and c.old and c.new]  # additions need no diff
        out: list[Entry] = []
        plain_adds = [] if any(c.new is None for c in records) else [c for c in records if c.old is None and self.built_item(c.path, c.new or "")]
        for c in plain_adds:  # an added record unchanged since: no parse needed
            item = self.built[c.path]
            out.append(Entry(commit.date, commit.sha, item.code, "added", f"{item.name} · {item.region.name}"))
        plain = {c.path for c in plain_adds}
        rest = [c for c in records if c.path not in plain]
        if rest:
            old_docs, new_docs = self.docs(rest, "old"), self.docs(rest, "new")
            for change in diff_docs(old_docs, new_docs):
                if change.kind == "实施清单" and change.key.startswith("rec:"):
                    doc = new_docs.get(change.key) or old_docs[change.key]
                    out.append(Entry(commit.date, commit.sha, change.key[4:], change.status, self.title(doc, change.title), tuple(change.lines)))
        if directories:
            old_dirs, new_dirs = self.docs(directories, "old"), self.docs(directories, "new")
            for change in diff_docs(old_dirs, new_dirs):
                if change.status == "changed" and change.key.startswith("dir:"):
                    for code in self.by_basic.get(change.key[4:], []):
                        out.append(Entry(commit.date, commit.sha, code, "directory", change.title, tuple(change.lines)))
        return out

    def apply(self, commit: Commit) -> None:
        for c in commit.changes:
            if c.old is not None and c.old != self.heads.get(c.path):
                self.blobs.forget(c.old)  # an old blob is read for one diff; keep memory flat
            if c.new is None:
                self.tree.pop(c.path, None)
            else:
                self.tree[c.path] = c.new


def read_history(root: Path, items: list[Item], catalog: Catalog, today: dt.date | None = None) -> History:
    """The whole history; History.available is False (with the reason) outside a full git clone."""
    try:
        check_available(root)
        replay = Replay(root, items, catalog)
    except HistoryUnavailable as exc:
        return unavailable(str(exc))
    history = History(available=True)
    month: str | None = None
    try:
        for commit in commits(root):
            here = month_of(commit.date)
            while month is not None and month < here:
                history.months.append(replay.snapshot(month))
                month = next_month(month)
            month = here
            for entry in replay.entries(commit):
                history.by_code[entry.code].append(entry)
            replay.apply(commit)
            history.commits += 1
        now = month_of(dt.datetime.combine(today or dt.date.today(), dt.time()))
        while month is not None and month < now:
            history.months.append(replay.snapshot(month))
            month = next_month(month)
    except HistoryUnavailable as exc:
        return unavailable(str(exc))
    finally:
        replay.blobs.close()
    for entries in history.by_code.values():
        entries.reverse()
    return history
