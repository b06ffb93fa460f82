"""Per-item comparison across regions: fee, online depth, visits, 进驻大厅 and promised limit side by side.

A reviewer reads one row per implementing region of an item and sees at a glance where a county differs
from its neighbours. On the site, a table whose regions differ is on its service page (各地办理对比), and the
consistency page lists those services; `banshi check` prints them all.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from generator.check.base import CheckContext, Entry
from generator.model.catalog import Catalog
from generator.model.elements import limit_text
from generator.model.plain import NOT_STATED

COLUMNS = ("收费", "网上办理深度", "到现场次数", "进驻大厅", "承诺时限")


@dataclass(frozen=True)
class Row:
    region: str  # display name, a township with its county
    department: str
    file: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class ItemTable:
    basic_code: str
    name: str
    rows: tuple[Row, ...]

    @property
    def differing(self) -> tuple[bool, ...]:
        """Per column: do the regions differ?"""
        return tuple(len({r.values[i] for r in self.rows}) > 1 for i in range(len(COLUMNS)))


def row_values(entry: Entry) -> tuple[str, ...]:
    rec = entry.record
    fee = NOT_STATED if rec.fee is None else "收费" if rec.fee.charged else "不收费"
    hall = NOT_STATED if rec.in_service_hall is None else "是" if rec.in_service_hall else "否"
    visits = NOT_STATED if rec.onsite_visits is None else str(rec.onsite_visits)
    limit = NOT_STATED if rec.promised_time_limit is None else limit_text(rec.promised_time_limit)
    return (fee, rec.online.depth if rec.online else NOT_STATED, visits, hall, limit)


def item_tables(catalog: Catalog, entries: list[Entry], min_regions: int = 2) -> list[ItemTable]:
    """One table per basic code implemented by at least `min_regions` regions (records not 取消)."""
    ctx = CheckContext(catalog, entries)
    by_basic: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.record.status != "取消":
            by_basic[entry.record.basic_code].append(entry)
    tables = []
    for basic_code, group in sorted(by_basic.items()):
        if len({e.record.region for e in group}) < min_regions:
            continue
        std = catalog.directory.get(basic_code)
        rows = tuple(
            Row(ctx.region_name(e.record.region), ctx.department_name(e.record.department), e.file, row_values(e))
            for e in sorted(group, key=lambda e: (e.record.region, e.file))
        )
        tables.append(ItemTable(basic_code, std.name if std else basic_code, rows))
    return tables


def differing_tables(catalog: Catalog, entries: list[Entry]) -> list[ItemTable]:
    """The tables in which the regions differ in at least one column: the ones the site publishes."""
    return [t for t in item_tables(catalog, entries) if any(t.differing)]


def tables_text(tables: list[ItemTable]) -> str:
    out = []
    for table in tables:
        out.append(f"「{table.name}」（{table.basic_code}）各区划对比：")
        out.append("  " + " | ".join(("区划", *COLUMNS)))
        for row in table.rows:
            out.append("  " + " | ".join((row.region, *row.values)))
    return "\n".join(out)


def tables_markdown(tables: list[ItemTable]) -> str:
    from generator.model.markdown import md

    out = ["## 各区划同一事项对比", "", "加粗的列表示各区划不一致。", ""]
    for table in tables:
        head = [f"**{c}**" if d else c for c, d in zip(COLUMNS, table.differing, strict=True)]
        out += [f"### {md(table.name)}（{table.basic_code}）", "", "| 区划 | 实施部门 | " + " | ".join(head) + " |", "| --- | --- |" + " --- |" * len(COLUMNS)]
        out += [f"| {md(r.region)} | {md(r.department)} | " + " | ".join(md(v) for v in r.values) + " |" for r in table.rows]
        out.append("")
    return "\n".join(out)
