"""The files under data/ that let other systems reuse the open data: the record schema, the workbook, the package.

writer.write_open_data calls write_reuse_files once items.csv and the companion tables are written; the site
plugin calls write_package last, when every file under data/ exists.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from generator.export.companion import COMPANIONS, planned_rows
from generator.export.companion import fields as companion_fields
from generator.export.datapackage import PACKAGE_FILE, WORKBOOK, Publisher, descriptor, item_fields
from generator.export.record_schema import SCHEMA_FILE, resolved_schema
from generator.export.xlsx import SheetTooLong, write_workbook
from generator.model.item import Item

log = logging.getLogger("mkdocs.plugins.banshi")


def companion_files(items: list[Item]) -> list[tuple[str, str, int]]:
    """(file, description, rows) of each companion table, for the 开放数据 page's list."""
    return [(f"{t.name}.csv", t.title + "，以实施编码与 items.csv 对应", planned_rows(t, items)) for t in COMPANIONS]


def _write_json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def write_reuse_files(out: Path, files: dict[str, int]) -> None:
    """resolved-item.schema.json and items.xlsx (from items.csv and the companion tables); adds them to files."""
    _write_json(out / SCHEMA_FILE, resolved_schema())
    files[SCHEMA_FILE] = 1
    sheets = [("items", out / "items.csv", item_fields())]
    sheets += [(t.name, out / f"{t.name}.csv", list(companion_fields(t))) for t in COMPANIONS]
    try:
        counts = write_workbook(out / WORKBOOK, sheets)
    except SheetTooLong as exc:  # the CSV files are complete; a partial workbook would not be
        (out / WORKBOOK).unlink(missing_ok=True)
        log.warning("banshi: 未生成 %s：%s 的行数超过 Excel 工作表的上限，请使用同名 CSV 文件", WORKBOOK, exc.args[0])
        return
    files[WORKBOOK] = counts["items"]


def write_package(out: Path, publisher: Publisher, files: dict[str, int], titles: dict[str, str]) -> dict[str, object]:
    """datapackage.json describing every file in `files` (paths under out); titles: file -> description."""
    package = descriptor(publisher, out, files, titles)
    _write_json(out / PACKAGE_FILE, package)
    return package
