"""Every item's 变更记录 and the reform figures at each month's end, from one pass over the git log.

Git history is untrusted input (docs/history.md): an old version is quoted only after it passed the same checks as a
current record (generator/history/versions.py), a change belongs to the item whose path the file has, commit dates
are clamped (generator/history/dates.py), and whatever was refused or clamped becomes a note for maintainers.
The semantic comparison is generator/workflow/diff.py's (the same lines `banshi diff` prints on a pull request).
Blobs equal to the built record (unchanged since HEAD) are never checked again: their facts come from the build.
"""

from __future__ import annotations

import datetime as dt
from collections import ChainMap, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from generator.history.dates import MAX_MONTHS, Clock, end_of, month_of, months_back, next_month
from generator.history.gitlog import Commit, FileChange, HistoryUnavailable, check_available, commits, head_blobs
from generator.history.versions import CODE_RE, DIRECTORY, NOT_LISTED, Seen, Versions, note_text, owner_of
from generator.load import files
from generator.model.catalog import Catalog
from generator.model.figures import Facts, Figures, facts, totals
from generator.model.item import Item, record_key
from generator.model.records import DirectoryItem, ImplementationRecord
from generator.model.schedule import build_date
from generator.validate.resolve import Resolver, inherits
from generator.workflow.diff import Doc, diff_docs

NOT_RECORDS = tuple(f"items/{folder}/" for folder in files.NOT_RECORDS)  # the loader's own list
MAX_LINES = 30  # lines of one entry; the rest are counted
LINE_CHARS = 300  # characters of one line
NOTES_SHOWN = 20  # maintainer notes printed by a build; the rest are counted
RESTORED = "本版本起重新符合规则"


def is_record(path: str) -> bool:
    return path.endswith(".yaml") and not path.startswith(NOT_RECORDS)


def is_directory(path: str) -> bool:
    return path.startswith(DIRECTORY) and path.endswith(".yaml")


def capped(lines: list[str]) -> tuple[str, ...]:
    out = [line if len(line) <= LINE_CHARS else line[:LINE_CHARS] + "…" for line in lines]
    if len(out) > MAX_LINES:
        out = [*out[: MAX_LINES - 1], f"……另有 {len(out) - MAX_LINES + 1} 处变更未列出"]
    return tuple(out)


@dataclass(frozen=True)
class Entry:
    """One change to one item, as its page and the feeds show it."""

    when: dt.datetime
    commit: str
    code: str  # implementation code
    status: str  # added | changed | removed | directory | invalid
    title: str
    lines: tuple[str, ...] = ()
    basic: str = ""  # the directory item, for a directory change (one change, many items)

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
    notes: list[str] = field(default_factory=list)  # for maintainers: refused versions, clamped dates (Chinese)

    def for_item(self, code: str) -> list[Entry]:
        return self.by_code.get(code, [])

    def last_change(self, code: str) -> dt.date | None:
        for entry in self.for_item(code):
            if entry.status not in ("directory", "invalid"):  # a refused version was never published
                return entry.when.date()
        return None

    def entries(self) -> list[Entry]:
        """Every entry, newest first."""
        return sorted((e for es in self.by_code.values() for e in es), key=lambda e: (e.when, e.code), reverse=True)

    def notes_shown(self) -> list[str]:
        rest = len(self.notes) - NOTES_SHOWN
        return self.notes[:NOTES_SHOWN] + ([f"……另有 {rest} 条同类提示"] if rest > 0 else [])


def unavailable(reason: str) -> History:
    return History(available=False, reason=reason)


class Replay:
    """The state of items/ while the log is replayed: blob per path, checked versions, facts per version."""

    def __init__(self, root: Path, items: list[Item], catalog: Catalog, notes: list[str]) -> None:
        self.versions = Versions(root, catalog)
        self.catalog = catalog
        self.notes = notes
        self.heads = head_blobs(root)
        self.built = {item.file: item for item in items}
        self.by_code = {item.code: item for item in items}
        self.by_basic: dict[str, list[str]] = defaultdict(list)
        for item in items:
            self.by_basic[item.basic_code].append(item.code)
        self.tree: dict[str, str] = {}
        self.facts_cache: dict[tuple[str, str, str | None], Facts | None] = {}
        self.last_valid: dict[str, Seen] = {}  # item code -> its last valid version
        self.last_directory: dict[str, DirectoryItem] = {}  # basic code -> its last valid directory version
        self.resolver = Resolver(catalog)  # directory versions as each record reads them (docs/roles.md)

    def built_item(self, path: str, blob: str) -> Item | None:
        item = self.built.get(path)
        return item if item is not None and self.heads.get(path) == blob else None

    def directory_path(self, basic: str) -> str:
        return f"{DIRECTORY}{basic}.yaml"

    # ---- facts at a point in time ------------------------------------------------------------------
    def record_facts(self, path: str, blob: str) -> Facts | None:
        item = self.built_item(path, blob)
        basic = item.basic_code if item is not None else self.versions.basic_of.get(blob, "")
        key = (path, blob, self.tree.get(self.directory_path(basic)) if basic else None)
        if key not in self.facts_cache:
            if item is not None and key[2] == self.heads.get(self.directory_path(basic)):
                self.facts_cache[key] = facts(item)
            else:
                self.facts_cache[key] = self.checked_facts(path, blob)
        return self.facts_cache[key]

    def checked_facts(self, path: str, blob: str) -> Facts | None:
        record = self.versions.record(path, blob, self.tree).model
        if not isinstance(record, ImplementationRecord) or owner_of(path, self.catalog) != record_key(record, path):
            return None
        standard = self.versions.directory_at(record.basic_code, self.tree) or self.catalog.directory.get(record.basic_code)
        region, department = self.catalog.regions.get(record.region), self.catalog.departments.get(record.department)
        if standard is None or region is None or department is None:
            return None
        return facts(Item(record, standard, region, department, path))

    def snapshot(self, month: str) -> MonthPoint:
        total, tiers = totals(self.record_facts(path, blob) for path, blob in self.tree.items() if is_record(path))
        return MonthPoint(month, total, tiers)

    # ---- one commit's entries ----------------------------------------------------------------------
    def doc(self, code: str, path: str, blob: str, tree: Mapping[str, str | None]) -> Doc | None:
        """The version as diff.py compares it, or None when it is not valid or speaks for another item."""
        record = self.versions.record(path, blob, tree).model
        if not isinstance(record, ImplementationRecord) or record_key(record, path) != code:
            return None
        standard = self.versions.directory_at(record.basic_code, tree) or self.catalog.directory.get(record.basic_code)
        standard = self.resolver.version_for(standard, record) if standard is not None else None  # as its page read then
        return self.versions.record_doc(path, record, standard)

    def title(self, code: str, *docs: Doc | None) -> str:
        doc = next((d for d in docs if d is not None), None)
        if doc is not None:
            return doc.title
        item = self.by_code.get(code)
        return f"{item.name} · {item.region.name}" if item else code

    def record_entry(self, sha: str, when: dt.datetime, c: FileChange, after: Mapping[str, str | None]) -> Entry | None:
        code = owner_of(c.path, self.catalog)
        if code is not None and not CODE_RE.fullmatch(code) and getattr(self.by_code.get(code), "file", None) != c.path:
            code = None  # a name-keyed record (no 实施编码) speaks only for the current item at that very path
        if code is None:
            self.notes.append(note_text(f"提交 {sha[:12]}：{c.path} 不在任何事项的位置上（路径、部门目录与实施编码不一致），未计入变更记录"))
            return None
        if c.old is None and c.new is not None and (item := self.built_item(c.path, c.new)) is not None and item.code == code:
            self.last_valid[code] = Seen(c.path, c.new, after.get(self.directory_path(item.basic_code)))  # an add unchanged since
            self.versions.basic_of[c.new] = item.basic_code
            return Entry(when, sha, code, "added", f"{item.name} · {item.region.name}")
        old = self.doc(code, c.path, c.old, self.tree) if c.old else None
        if c.new is None:
            self.last_valid.pop(code, None)
            return Entry(when, sha, code, "removed", self.title(code, old))
        new = self.doc(code, c.path, c.new, after)
        if new is None:
            problem = self.versions.record(c.path, c.new, after).problem or "实施编码与文件位置不一致"
            self.notes.append(note_text(f"提交 {sha[:12]}：{c.path} {NOT_LISTED}（{problem}）"))
            return Entry(when, sha, code, "invalid", self.title(code, old), (NOT_LISTED,))
        before = old
        if before is None and c.old is not None and (seen := self.last_valid.get(code)) is not None:
            before = self.doc(code, seen.path, seen.blob, {self.directory_path(self.versions.basic_of.get(seen.blob, "")): seen.directory_blob})
        self.last_valid[code] = Seen(c.path, c.new, after.get(self.directory_path(str(new.data.get("basic_code")))))
        if c.old is None:
            change = diff_docs({}, {new.key: new})
            return Entry(when, sha, code, "added", new.title, capped(change[0].lines if change else []))
        lines = next((ch.lines for ch in diff_docs({new.key: before}, {new.key: new}) if ch.key == new.key), []) if before else []
        if old is None:
            lines = lines or [RESTORED]
        return Entry(when, sha, code, "changed", new.title, capped(lines)) if lines else None

    def directory_entries(self, sha: str, when: dt.datetime, c: FileChange) -> list[Entry]:
        """One directory change as an entry on each of its implementations (the feeds show it once)."""
        assert c.old is not None and c.new is not None
        basic = c.path[len(DIRECTORY) : -len(".yaml")]
        old, new = self.versions.directory(c.path, c.old).model, self.versions.directory(c.path, c.new).model
        before = old if isinstance(old, DirectoryItem) else self.last_directory.get(basic)
        if not isinstance(new, DirectoryItem):
            self.notes.append(note_text(f"提交 {sha[:12]}：{c.path} {NOT_LISTED}（{self.versions.directory(c.path, c.new).problem}）"))
            current = self.catalog.directory.get(basic)
            title, lines = (current.name if current else basic), [NOT_LISTED]
        else:
            self.last_directory[basic] = new
            title = new.name
            if before is None or before.basic_code != new.basic_code:
                return []
            return self.named_directory_entries(sha, when, c.path, before, new)
        return [Entry(when, sha, code, "directory", title, capped(lines), basic) for code in self.by_basic.get(basic, [])]

    def named_directory_entries(self, sha: str, when: dt.datetime, path: str, before: DirectoryItem, new: DirectoryItem) -> list[Entry]:
        """A directory change as each implementation reads it, its roles named (docs/roles.md): rewording a text
        into roles changes nothing for a record whose names are the words it had, and a field the record writes
        itself (as it stands now) is not the directory's to change. One diff per distinct naming."""
        diffs: dict[tuple[str, str, frozenset[str]], list[str]] = {}  # names depend on the region and department only
        out = []
        for code in self.by_basic.get(new.basic_code, []):
            record = self.by_code[code].record
            stated = frozenset(f for f in DirectoryItem.model_fields if not inherits(record, f))  # the record's own text
            key = (record.region, record.department, stated)
            if key not in diffs:
                old_version = self.resolver.version_for(before, record)
                new_version = self.resolver.version_for(new, record).model_copy(update={f: getattr(old_version, f) for f in stated})
                a, b = self.versions.directory_doc(path, old_version), self.versions.directory_doc(path, new_version)
                diffs[key] = next((ch.lines for ch in diff_docs({a.key: a}, {b.key: b}) if ch.status == "changed"), [])
            if diffs[key]:
                out.append(Entry(when, sha, code, "directory", new.name, capped(diffs[key]), new.basic_code))
        return out

    def entries(self, commit: Commit, when: dt.datetime) -> list[Entry]:
        after: Mapping[str, str | None] = ChainMap({c.path: c.new for c in commit.changes if is_directory(c.path)}, cast("dict[str, str | None]", self.tree))
        out: list[Entry] = []
        for c in commit.changes:
            try:  # one bad version degrades one entry, never the history or the build
                if is_record(c.path):
                    entry = self.record_entry(commit.sha, when, c, after)
                    out += [entry] if entry else []
                elif is_directory(c.path) and c.old and c.new:  # an added directory item needs no diff
                    out += self.directory_entries(commit.sha, when, c)
            except Exception as exc:  # untrusted input: report, skip this file, keep building
                self.notes.append(note_text(f"提交 {commit.sha[:12]}：{c.path} 无法比较（{type(exc).__name__}），未计入变更记录；请报告给维护人员"))
        return out

    def apply(self, commit: Commit) -> None:
        for c in commit.changes:
            if c.old is not None and c.old != self.heads.get(c.path):
                self.versions.forget(c.old)  # an old blob is read for one diff; keep memory flat
            if c.new is None:
                self.tree.pop(c.path, None)
            else:
                self.tree[c.path] = c.new


def read_history(root: Path, items: list[Item], catalog: Catalog, today: dt.date | None = None) -> History:
    """The whole history; History.available is False (with the reason) outside a full git clone."""
    today = today or build_date()
    history = History(available=True)
    try:
        check_available(root)
        replay = Replay(root, items, catalog, history.notes)
    except HistoryUnavailable as exc:
        return unavailable(str(exc))
    clock = Clock(today)
    now = month_of(end_of(today))
    earliest = months_back(now, MAX_MONTHS)  # monthly figures before this are not computed (bounded work)
    month: str | None = None

    def close_months(until: str) -> None:
        nonlocal month
        while month is not None and month < until:
            if month >= earliest:
                history.months.append(replay.snapshot(month))
            month = next_month(month)

    try:
        for commit in commits(root):
            when = clock.when(commit.sha, commit.date)
            here = month_of(when)
            close_months(here)
            month = max(month or here, here)
            for entry in replay.entries(commit, when):
                history.by_code[entry.code].append(entry)
            replay.apply(commit)
            history.commits += 1
        close_months(now)
    except HistoryUnavailable as exc:
        return unavailable(str(exc))
    finally:
        replay.versions.close()
    history.notes[:0] = clock.notes
    for entries in history.by_code.values():
        entries.reverse()
    return history
