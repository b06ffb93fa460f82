"""The national platform's MySQL DDL (tests/fixtures/national_ddl/, see SOURCE.md) translated mechanically into
SQLite, and a loader that inserts exported CSV rows one at a time and counts the rows the database refuses.

Translation, column by column: varchar(n) -> TEXT CHECK(length(col) <= n); longtext -> TEXT; int(n)/bigint(n) ->
INTEGER CHECK(typeof(col) IN ('integer', 'null')); datetime -> TEXT CHECK(col IS NULL OR datetime(col) IS col); NOT NULL kept; DEFAULT NULL,
COMMENT and the table options dropped; the AUTO_INCREMENT id becomes INTEGER PRIMARY KEY. An empty CSV cell is NULL.
"""

from __future__ import annotations

import csv
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

DDL = Path(__file__).resolve().parent / "fixtures" / "national_ddl"
CREATE_RE = re.compile(r"CREATE TABLE `(\w+)` \((.*?)\n\) ENGINE", re.S)
COLUMN_RE = re.compile(r"^\s*`(\w+)` (\w+)(?:\((\d+)\))?(.*?)(?: COMMENT '[^']*')?,?$")


@dataclass(frozen=True)
class DdlColumn:
    name: str
    mysql_type: str
    length: int | None
    not_null: bool
    auto_increment: bool


def parse(path: Path) -> tuple[str, list[DdlColumn]]:
    text = path.read_text(encoding="utf-8")
    match = CREATE_RE.search(text)
    assert match, f"{path.name}: no CREATE TABLE"
    columns = []
    for line in match.group(2).splitlines():
        m = COLUMN_RE.match(line)
        if not m:
            assert line.strip().startswith("PRIMARY KEY") or not line.strip(), f"{path.name}: unread line {line!r}"
            continue
        name, kind, length, rest = m.groups()
        columns.append(DdlColumn(name, kind.lower(), int(length) if length else None, "NOT NULL" in rest, "AUTO_INCREMENT" in rest))
    return match.group(1), columns


def sqlite_column(c: DdlColumn) -> str:
    if c.auto_increment:
        return f'"{c.name}" INTEGER PRIMARY KEY'
    null = " NOT NULL" if c.not_null else ""
    if c.mysql_type == "varchar":
        return f'"{c.name}" TEXT{null} CHECK(length("{c.name}") <= {c.length})'
    if c.mysql_type in ("int", "bigint"):
        return f"\"{c.name}\" INTEGER{null} CHECK(typeof(\"{c.name}\") IN ('integer', 'null'))"
    if c.mysql_type == "datetime":
        return f'"{c.name}" TEXT{null} CHECK("{c.name}" IS NULL OR datetime("{c.name}") IS "{c.name}")'
    assert c.mysql_type == "longtext", f"untranslated type {c.mysql_type}"
    return f'"{c.name}" TEXT{null}'


def tables() -> dict[str, list[DdlColumn]]:
    return dict(parse(p) for p in sorted(DDL.glob("*.sql")))


def create(db: sqlite3.Connection) -> None:
    for name, columns in tables().items():
        db.execute(f'CREATE TABLE "{name}" ({", ".join(sqlite_column(c) for c in columns)})')


@dataclass
class Loaded:
    rows: int = 0
    rejected: int = 0
    reasons: Counter[str] = field(default_factory=Counter)


def load_csv(db: sqlite3.Connection, table: str, path: Path) -> Loaded:
    """Insert every row of a CSV (header = column names) into the table; count what the database refuses."""
    out = Loaded()
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        names = ", ".join(f'"{h}"' for h in header)
        sql = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(header))})'
        for row in reader:
            out.rows += 1
            try:
                db.execute(sql, [v if v != "" else None for v in row])
            except sqlite3.IntegrityError as exc:
                out.rejected += 1
                out.reasons[str(exc)] += 1
    return out
