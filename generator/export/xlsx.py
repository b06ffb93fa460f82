"""items.xlsx: items.csv and the companion tables as one workbook, one sheet each, every code and phone as text.

Written with XlsxWriter in constant-memory mode, a row at a time, from the CSV files the export has just written
(the same cells: nothing is resolved twice). A column the package types as integer is written as a number; every
other cell is written as a string cell, so a spreadsheet never turns a 31-character code or a phone number into a
number or a date. Every string goes through `xlsx_text` on its way in.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import xlsxwriter

from generator.export.companion import TableField

EXCEL_CELL_MAX = 32767  # UTF-16 code units in one cell
EXCEL_ROWS = 1_048_576
CUT_NOTE = "……（超出 Excel 单元格的字数上限，完整内容见同名 CSV 文件）"


def xlsx_text(value: str) -> str:
    """Every string cell of the workbook passes here. The cells come from the CSVs written just before, through
    `open_csv`, so a value a spreadsheet would run as a formula already carries the leading ' of model/formula.py:
    the workbook and the CSVs agree, and it is not applied twice. XlsxWriter's write_string stores text as text, never
    as a formula, so the workbook is safe even before that; here only Excel's cell length limit is kept."""
    if len(value) * 2 <= EXCEL_CELL_MAX or len(value.encode("utf-16-le")) // 2 <= EXCEL_CELL_MAX:
        return value
    budget, units = EXCEL_CELL_MAX - len(CUT_NOTE), 0
    for end, char in enumerate(value):
        units += 2 if ord(char) > 0xFFFF else 1  # a character outside the BMP takes two UTF-16 units
        if units > budget:
            return value[:end] + CUT_NOTE
    return value


class SheetTooLong(ValueError):
    pass


def parse_day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def write_workbook(path: Path, sheets: Sequence[tuple[str, Path, Sequence[TableField]]]) -> dict[str, int]:
    """Write each (sheet name, CSV file, its fields) as a sheet; rows written per sheet. The CSV's header must
    equal the fields' names."""
    counts: dict[str, int] = {}
    newest: dt.date | None = None
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False})
    try:
        bold = workbook.add_format({"bold": True})
        for name, source, fields in sheets:
            sheet = workbook.add_worksheet(name)
            numeric = [f.type == "integer" for f in fields]
            with source.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.reader(handle)
                head = next(reader, [])
                if head != [f.name for f in fields]:
                    raise ValueError(f"{source.name}: columns {head} differ from the package's fields")
                for col, text in enumerate(head):
                    sheet.write_string(0, col, text, bold)
                sheet.freeze_panes(1, 1)
                updated = head.index("updated") if "updated" in head else None
                count = 0
                for count, row in enumerate(reader, 1):
                    day = parse_day(row[updated]) if updated is not None and updated < len(row) else None
                    if day and (newest is None or day > newest):
                        newest = day
                    if count >= EXCEL_ROWS:
                        raise SheetTooLong(source.name)
                    for col, text in enumerate(row):
                        if numeric[col] and text:
                            sheet.write_number(count, col, int(text))
                        elif text:
                            sheet.write_string(count, col, xlsx_text(text))
                counts[name] = count
        # the document's creation date is the newest record's 更新日期, not the build's clock: the same data gives
        # the same file, so a parallel build equals a serial one and an unchanged catalog rewrites nothing
        workbook.set_properties({"created": dt.datetime.combine(newest or dt.date(2000, 1, 1), dt.time())})
    finally:
        workbook.close()
    return counts
