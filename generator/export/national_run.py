"""`banshi export --format national`: the full tables, or the changes since a git revision (I/U/D rows), the version
ledger written afterwards, and a check of every written row against the DDL's types, lengths and NOT NULL.

The changes since REV compare each item's resolved record at REV (the catalog at that commit, read from git into a
temporary folder) with today's: a new item is sent with cd_operation I, a changed one (its own file, its directory
item, its department or region) with U and the next task_version, an item gone since REV with D and its last rows.
A withdrawn item (status 取消) is a change like any other: U rows with task_state 3.
"""

from __future__ import annotations

import csv
import io
import subprocess
import tarfile
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.export.csv_text import open_csv
from generator.export.national import OUTPUT, national_rows
from generator.export.national_batch import Batch, digest, write_versions
from generator.export.resolved import Context, resolve
from generator.export.streams import ItemsExport
from generator.export.writer import export_items
from generator.model.item import Item
from generator.model.national import OPERATION, TABLES, family_of


class SinceError(Exception):
    pass


@dataclass
class TableReport:
    rows: int = 0
    unloadable: int = 0
    problems: Counter[str] = field(default_factory=Counter)


@dataclass
class NationalReport:
    items: int = 0
    skipped_types: Counter[str] = field(default_factory=Counter)  # item type code -> items not written
    without_code: int = 0  # items whose guide states no 实施编码 (未公布): the exchange's key, so not written
    operations: Counter[str] = field(default_factory=Counter)
    tables: dict[str, TableReport] = field(default_factory=dict)


def cell_problem(column: Any, value: str) -> str | None:
    """Why a cell would not load into the DDL's column (empty = NULL), or None."""
    if value == "":
        return f"{column.name} 不能为空（NOT NULL）" if column.not_null else None
    if column.kind == "int" and not value.lstrip("-").isdigit():
        return f"{column.name} 应为整数"
    if column.length is not None and len(value) > column.length:
        return f"{column.name} 超过 {column.length} 个字符"
    return None


def check_tables(out: Path) -> dict[str, TableReport]:
    """Read back every written table and check each row against the DDL columns."""
    reports = {}
    for table, columns in TABLES.items():
        report = TableReport()
        with (out / f"{table}.csv").open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, [])
            assert header == [c.name for c in columns], f"{table}: header differs from the DDL"
            for row in reader:
                report.rows += 1
                problems = [p for c, v in zip(columns, row, strict=True) if (p := cell_problem(c, v))]
                if problems:
                    report.unloadable += 1
                    report.problems.update(problems)
        reports[table] = report
    return reports


def _sendable(items: Sequence[Item]) -> list[Item]:
    """The items the exchange can key: those with an implementation code (task_code)."""
    return [i for i in items if i.record.implementation_code]


def _skipped(items: Sequence[Item]) -> Counter[str]:
    return Counter(i.basic_code[2:4] for i in items if family_of(i.basic_code[2:4]) is None)


def export_full(items: Sequence[Item], ctx: Context, out: Path, batch: Batch) -> NationalReport:
    sendable = _sendable(items)
    export = ItemsExport(out, json_name=None, csv_name=None, national=out, batch=batch)
    export_items(sendable, ctx, export)
    for item in sendable:
        batch.versions.record(item.code, digest(resolve(item, ctx)))
    report = NationalReport(items=export.count, skipped_types=_skipped(sendable), without_code=len(items) - len(sendable))
    report.operations[OPERATION["新增"]] = export.count - sum(report.skipped_types.values())
    return report


def checkout(root: Path, rev: str, into: Path) -> None:
    """The catalog at a revision (items/ and mkdocs.yml), unpacked from `git archive` into a folder."""
    from generator.workflow.git import GitError, commit_of

    try:
        commit = commit_of(root, rev)
    except GitError as exc:
        raise SinceError(f"--since {rev}：{exc}") from None
    proc = subprocess.run(["git", "archive", "--format=tar", commit, "--", "items", "mkdocs.yml"], cwd=root, capture_output=True)
    if proc.returncode != 0:
        raise SinceError(f"--since {rev}：无法读取该版本的 items/（{proc.stderr.decode('utf-8', 'replace').strip()}）")
    with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as tar:
        tar.extractall(into, filter="data")


def export_since(root: Path, rev: str, items: Sequence[Item], ctx: Context, out: Path, batch: Batch) -> NationalReport:
    """The rows of what changed since rev: I new, U changed, D gone (with their rows at rev)."""
    from generator.validate.project import validate

    with tempfile.TemporaryDirectory(prefix="banshi-since-") as tmp:
        checkout(root, rev, Path(tmp))
        before = validate(Path(tmp))
        old_ctx = Context(ctx.site_url, ctx.apply, before.catalog)
        old = {i.code: resolve(i, old_ctx) for i in _sendable(before.items)}
    sendable = _sendable(items)
    report = NationalReport(skipped_types=_skipped(sendable), without_code=len(items) - len(sendable))
    items = sendable
    files = {table: open_csv(out / f"{table}.csv") for table in OUTPUT}
    for table, (_, writer) in files.items():
        writer.writerow(OUTPUT[table].header)

    def write(record: dict[str, Any], op: str, version: int | None = None) -> None:
        for table, row in national_rows(record, batch, op, version):
            files[table][1].writerow(row)
        report.operations[op] += 1
        report.items += 1

    current = {p.stem for p in (root / "items").glob("*/*/*.yaml")}  # a record with errors is not sent, nor deleted
    for item in items:
        record = resolve(item, ctx)
        sha = digest(record)
        previous = old.get(item.code)
        if previous is not None and digest(previous) == sha:
            continue
        write(record, OPERATION["修改"] if previous is not None else OPERATION["新增"])
        batch.versions.record(item.code, sha)
    for code, record in old.items():
        if code not in current:
            write(record, OPERATION["删除"], batch.versions.deleted(code))
            batch.versions.record(code, "deleted")
    for handle, _ in files.values():
        handle.close()
    return report


def finish(root: Path, out: Path, report: NationalReport, batch: Batch) -> NationalReport:
    report.tables = check_tables(out)
    write_versions(root, batch.versions)
    return report
