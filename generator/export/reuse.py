"""The files under data/ that let other systems reuse the open data: the record schema, the workbook, the package.

writer.write_open_data calls write_reuse_files once items.csv and the companion tables are written; the workbook
is then written by a forked child (generator/parallel.py `Background`) while the build goes on, and the site plugin
waits for it before the site is swapped in. Whether the workbook is written is decided first, from the row counts
the export reports, so write_package (called last) can describe it before it is finished.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from generator.export import xlsx
from generator.export.companion import COMPANIONS, planned_rows
from generator.export.companion import fields as companion_fields
from generator.export.datapackage import PACKAGE_FILE, WORKBOOK, Publisher, descriptor, item_fields
from generator.export.record_schema import SCHEMA_FILE, resolved_schema
from generator.export.xlsx import write_workbook
from generator.model.item import Item
from generator.parallel import Background

log = logging.getLogger("mkdocs.plugins.banshi")
BACKGROUND_FROM = 2000  # items; below this the workbook takes well under a second and is written in the parent


def companion_files(items: list[Item]) -> list[tuple[str, str, int]]:
    """(file, description, rows) of each companion table, for the 开放数据 page's list."""
    return [(f"{t.name}.csv", t.title + "，以实施编码与 items.csv 对应", planned_rows(t, items)) for t in COMPANIONS]


def _write_json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def sheet_too_long(files: dict[str, int]) -> str | None:
    """The first table (by the rows the export wrote) that does not fit an Excel sheet under its header row."""
    tables = ["items.csv", *(f"{t.name}.csv" for t in COMPANIONS)]
    return next((name for name in tables if files.get(name, 0) >= xlsx.EXCEL_ROWS), None)


def write_reuse_files(out: Path, files: dict[str, int], workers: int | None = None) -> Background[dict[str, int] | None]:
    """resolved-item.schema.json now, and items.xlsx (from items.csv and the companion tables, whose rows `files`
    holds) in the background; adds both to files. The caller waits for the returned Background before the files
    are published. A table too long for a sheet leaves the workbook out: the CSV files are complete, a partial
    workbook would not be."""
    _write_json(out / SCHEMA_FILE, resolved_schema())
    files[SCHEMA_FILE] = 1
    too_long = sheet_too_long(files)
    if too_long is not None:
        (out / WORKBOOK).unlink(missing_ok=True)
        log.warning("banshi: 未生成 %s：%s 的行数超过 Excel 工作表的上限，请使用同名 CSV 文件", WORKBOOK, too_long)
        return Background(lambda: None, workers=1)
    sheets = [("items", out / "items.csv", item_fields())]
    sheets += [(t.name, out / f"{t.name}.csv", list(companion_fields(t))) for t in COMPANIONS]
    files[WORKBOOK] = files.get("items.csv", 0)
    background = workers if files[WORKBOOK] >= BACKGROUND_FROM else 1
    return Background(lambda: write_workbook(out / WORKBOOK, sheets), workers=background)


def write_package(out: Path, publisher: Publisher, files: dict[str, int], titles: dict[str, str]) -> dict[str, object]:
    """datapackage.json describing every file in `files` (paths under out); titles: file -> description."""
    package = descriptor(publisher, out, files, titles)
    _write_json(out / PACKAGE_FILE, package)
    return package
