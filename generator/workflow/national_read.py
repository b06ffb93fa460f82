"""Read the national exchange tables for `banshi import`: a folder of CSV files (one per table, named like the
table) or an .xlsx workbook (one sheet per table, read with openpyxl), into plain text cells.

Refused with a Chinese message, before anything is written: a file over the size limit, a workbook that is not a
workbook, a sheet or file that is not one of the tables, a missing basic table, a header without the key columns,
merged cells, a file that is not UTF-8. Cell by cell: a code written as a number or in scientific notation
(1.14E+30: a spreadsheet turned it into a number and lost digits) is an error of that row; the apostrophe the export
puts before a cell starting with = + - @ tab or CR (so a spreadsheet does not run it as a formula) is taken off.
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.model.national import CODE_COLUMNS, TABLES, part_of

MAX_CSV_BYTES = 80 * 1024 * 1024  # per table file: the importer holds the rows of the catalog in memory
MAX_XLSX_BYTES = 30 * 1024 * 1024  # a workbook unpacks to several times its size in memory
KEY_COLUMNS = ("task_code",)
# 1.14102E+30 / 1E+30 / 1.1e30: how a spreadsheet shows a long number (a credit code's own E has no sign or dot before it).
SCIENTIFIC_RE = re.compile(r"^[0-9]+(\.[0-9]*[eE][+-]?|[eE][+-])[0-9]+$")
DIGITS = {"catalog_code": 12}  # all-digit codes: fewer digits means a spreadsheet dropped the leading zeros
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
csv.field_size_limit(MAX_CSV_BYTES)
OS_ERRORS = {errno.EISDIR: "这是一个文件夹，不是文件", errno.EACCES: "没有读取权限", errno.ENOENT: "文件不存在（或链接指向的文件不存在）"}


class ReadError(Exception):
    """The input cannot be read at all; the message says why (Chinese)."""


@dataclass
class Cell:
    table: str
    line: int  # line of the CSV file / row of the sheet (the header is line 1)
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass
class Tables:
    source: str  # shown in messages: the file a table came from
    rows: dict[str, list[Cell]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # per row and column; the record of such a row is not imported
    bad_codes: set[str] = field(default_factory=set)  # task codes with an error in one of their rows
    ignored: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # (table, column) not read -> lines

    def where(self, table: str, line: int) -> str:
        return f"{self.source}/{table}.csv:{line}" if not self.source.endswith(".xlsx") else f"{self.source}［{table}］第 {line} 行"


def unescape(value: str) -> str:
    """Undo the export's formula guard: a leading apostrophe before = + - @ tab CR."""
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_START:
        return value[1:]
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _check_header(tables: Tables, table: str, header: list[str]) -> list[str]:
    known = {c.name for c in TABLES[table]}
    missing = [k for k in KEY_COLUMNS if k not in header]
    if missing:
        raise ReadError(f"{tables.where(table, 1)}：表头缺少 {'、'.join(missing)}；第一行应为列名（如 task_code）")
    for name in header:
        if name and name not in known and name != "id":
            tables.ignored.setdefault((table, name), [])
    return header


def _add_row(tables: Tables, table: str, line: int, header: list[str], raw: list[Any], numeric: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    values: dict[str, str] = {}
    for name, value in zip(header, raw, strict=False):
        text = unescape(_text(value).strip())
        if not name or not text:
            continue
        if (table, name) in tables.ignored:
            tables.ignored[(table, name)].append(line)
            continue
        values[name] = text
    cell = Cell(table, line, values)
    code = cell.get("task_code")
    for name in CODE_COLUMNS:
        text = cell.get(name)
        short = name in DIGITS and text.isdigit() and len(text) < DIGITS[name]
        if text and (SCIENTIFIC_RE.match(text) or name in numeric or short):
            tables.errors.append(
                f"{tables.where(table, line)}：{name}「{text}」是数字或科学计数法，编码的位数已丢失；"
                "请把该列设为文本格式后重新导出，不要让表格软件把编码当作数字"
            )
            tables.bad_codes.add(code)
    if not code:
        tables.errors.append(f"{tables.where(table, line)}：task_code（实施编码）为空，这一行无法归入任何事项")
        return
    tables.rows.setdefault(table, []).append(cell)


def _table_of(name: str, where: str) -> str:
    if name in TABLES:
        return name
    known = "、".join(sorted(TABLES))
    raise ReadError(f"{where}「{name}」不是国家交换表；表名应为以下之一：{known}")


def read_csv_folder(folder: Path) -> Tables:
    tables = Tables(str(folder))
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv")
    if not files:
        raise ReadError(f"{folder} 中没有 .csv 文件；每张表一个文件，文件名为表名，如 up_task_general_basic.csv")
    for path in files:
        table = _table_of(path.stem, "文件")
        if path.stat().st_size > MAX_CSV_BYTES:
            raise ReadError(
                f"{path} 有 {path.stat().st_size // 1024 // 1024} MB，超过 {MAX_CSV_BYTES // 1024 // 1024} MB 的上限；请按地区或部门分批导出后分别导入"
            )
        try:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                reader = csv.reader(fh)
                header = _check_header(tables, table, [h.strip() for h in next(reader, [])])
                for line, row in enumerate(reader, 2):
                    if any(row):
                        _add_row(tables, table, line, header, row)
        except UnicodeDecodeError:
            raise ReadError(f"{path} 不是 UTF-8 编码；请另存为“CSV UTF-8”后再导入（不要用 GBK/GB2312）") from None
        except csv.Error as exc:
            raise ReadError(f"{path} 不是有效的 CSV 文件（{exc}）") from None
    return tables


def read_workbook(path: Path) -> Tables:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    if path.stat().st_size > MAX_XLSX_BYTES:
        raise ReadError(
            f"{path} 有 {path.stat().st_size // 1024 // 1024} MB，超过 .xlsx 的上限 {MAX_XLSX_BYTES // 1024 // 1024} MB；"
            "请改用每表一个 CSV 文件的文件夹，或分批导入"
        )
    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise ReadError(f"{path} 不是可以读取的 .xlsx 工作簿（{type(exc).__name__}）；请用表格软件另存为 .xlsx 后再导入") from None
    tables = Tables(str(path))
    for sheet in book.worksheets:
        table = _table_of(sheet.title.strip(), "工作表")
        merged = [str(r) for r in sheet.merged_cells.ranges]
        if merged:
            raise ReadError(
                f"{path}［{table}］有合并单元格 {'、'.join(merged[:5])}：合并后只有第一格有值，其余行会丢失数据；请取消合并并在每一行填写完整后再导入"
            )
        rows = sheet.iter_rows()
        first = next(rows, None)
        if first is None:
            continue
        header = _check_header(tables, table, [_text(c.value).strip() for c in first])
        for line, row in enumerate(rows, 2):
            values = [c.value for c in row]
            if any(v not in (None, "") for v in values):
                numeric = {h for h, c in zip(header, row, strict=False) if isinstance(c.value, (int, float)) and h in CODE_COLUMNS}
                _add_row(tables, table, line, header, values, numeric)
    return tables


def read_tables(path: Path) -> Tables:
    """The tables at path (a folder of CSV or an .xlsx); ReadError when they cannot be read at all."""
    if not path.exists():
        raise ReadError(f"找不到 {path}")
    try:
        tables = read_csv_folder(path) if path.is_dir() else read_workbook(path) if path.suffix.lower() == ".xlsx" else None
    except OSError as exc:  # a folder named like a table, no permission, a broken link
        why = OS_ERRORS.get(exc.errno or 0, "系统无法读取该文件")
        raise ReadError(f"无法读取 {exc.filename or path}：{why}") from None
    if tables is None:
        raise ReadError(f"{path} 既不是文件夹也不是 .xlsx：请给出每表一个 CSV 的文件夹，或每表一个工作表的 .xlsx 工作簿")
    if not any(part_of(t) == "basic" for t in tables.rows):
        raise ReadError(f"{path} 中没有基本信息表（up_task_general_basic 或 up_task_public_basic）的数据行，无法导入")
    return tables
