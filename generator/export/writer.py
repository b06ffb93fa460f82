"""Write the open data files: streamed items.json, items.csv, one JSON per item page, catalog files, national tables.

Every CSV goes through `open_csv`, whose writer neutralises spreadsheet formula cells (generator/model/formula.py).

Records are resolved and written one at a time, so the export never holds a second copy of the catalog. In a
build, forked workers (generator/parallel.py) resolve their share of the items into finished text and rows (and
write each item's own JSON beside its page); this process streams those into the shared files in item order.
"""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from generator.address.links import DATA_FILE, page_url
from generator.address.paths import item_page
from generator.assets import SCHEMA_DIR
from generator.export.columns import columns, csv_row, fields
from generator.export.companion import COMPANIONS
from generator.export.companion import fields as companion_fields
from generator.export.companion import rows as companion_rows
from generator.export.datapackage import PACKAGE_FILE, WORKBOOK
from generator.export.national import OUTPUT, TABLES, national_rows
from generator.export.national_batch import Batch, snapshot_batch
from generator.export.record_schema import SCHEMA_FILE
from generator.export.resolved import Context, resolve
from generator.export.reuse import companion_files, write_reuse_files
from generator.history.changes import History
from generator.load.yaml_source import SourceError, load_data
from generator.model.catalog import Catalog
from generator.model.figures import Breakdown
from generator.model.formula import neutralise_row
from generator.model.item import Item
from generator.parallel import Background, fork_map, worker_count

DATA_DIR = "data"
BUNDLES = Path("items") / "_catalog" / "bundles.yaml"
PARALLEL_FROM = 2000  # items; below this, resolving in this process is faster than forking
PER_WORKER = 1000


@dataclass(frozen=True)
class DataFile:
    name: str
    description: str
    rows: int | None  # None: not known before writing


def planned_files(catalog: Catalog, all_items: list[Item], has_bundles: bool) -> list[DataFile]:
    """The files under data/, for the 开放数据 page (written by write_open_data)."""
    items = len(all_items)
    out = [
        DataFile("items.json", "全部事项（已补全继承自基本目录的要素、编码、区划、部门、页面和在线办理地址），JSON 数组", items),
        DataFile("items.csv", "全部事项，一行一个事项（列见下方数据字典）", items),
        *(DataFile(*f) for f in companion_files(all_items)),
        DataFile(WORKBOOK, "Excel 工作簿：items.csv 与三张附表各一个工作表，编码和电话为文本", items),
        DataFile(SCHEMA_FILE, "JSON Schema：items.json 的一个元素（已补全的事项记录）", 1),
        DataFile(PACKAGE_FILE, "数据包说明（Frictionless Data Package）：每个文件、每列的类型，许可、联系方式和更新频率", 1),
        DataFile("directory.json", "基本目录（各层级共用的标准要素）", len(catalog.directory)),
        DataFile("regions.json", "行政区划", len(catalog.regions)),
        DataFile("departments.json", "实施部门及统一社会信用代码", len(catalog.departments)),
        DataFile("themes.json", "主题（人生事件、企业事件）", len(catalog.themes)),
    ]
    if has_bundles:
        out.append(DataFile("bundles.json", "“一件事”套餐", 0))
    out += [
        DataFile("progress.json", "改革进展的统计数字（按部门、地区、层级和月份）", 1),
        DataFile("dictionary.json", "数据字典（字段、CSV 列、国家交换表对照）", 1),
    ]
    out += [DataFile(f"national/{table}.csv", "国家交换表（国家政务服务平台上报表结构）", None) for table in OUTPUT]
    out += [DataFile(f"schema/{p.name}", "JSON Schema（记录格式）", 1) for p in sorted(SCHEMA_DIR.glob("*.json"))]
    return out


@dataclass
class Written:
    """What was exported: file name (under data/) -> rows, for the 开放数据 page and tests; `pending`: files still
    being written in the background (the workbook), which `wait` finishes."""

    files: dict[str, int] = field(default_factory=dict)
    pending: list[Background[Any]] = field(default_factory=list)

    def wait(self) -> None:
        while self.pending:
            self.pending.pop().result()


def dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class SafeCsvWriter:
    """csv.writer whose every cell is written as text through `neutralise` (`neutralise_row`): a value starting with = + - @, a tab or a
    carriage return gets a leading ' (OWASP's CSV-injection rule), so no cell of Banshi's CSVs is a live formula."""

    def __init__(self, handle: IO[str]) -> None:
        self._writer = csv.writer(handle)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow(neutralise_row(row))


def open_csv(path: Path, fragment: bool = False) -> tuple[IO[str], SafeCsvWriter]:
    """A CSV file in UTF-8 with BOM (Excel opens it as UTF-8), CRLF line ends as RFC 4180 says; a fragment has no BOM.
    The only way Banshi writes a CSV: its writer neutralises formula cells."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("w", encoding="utf-8" if fragment else "utf-8-sig", newline="")
    return handle, SafeCsvWriter(handle)


class ItemsExport:
    """Streaming writers for items.json, items.csv and, optionally, the national tables.

    `fragment=True` writes a piece of each file for a worker (no brackets, no header rows, no BOM), which the
    parent appends with `append` in item order.
    """

    def __init__(
        self,
        out: Path,
        json_name: str | None = "items.json",
        csv_name: str | None = "items.csv",
        national: Path | None = None,
        *,
        fragment: bool = False,
        batch: Batch | None = None,
        companions: bool = False,
    ) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.out, self.json_name, self.csv_name, self.national_dir, self.fragment = out, json_name, csv_name, national, fragment
        self.count = 0
        self.json = (out / json_name).open("w", encoding="utf-8") if json_name else None
        if self.json and not fragment:
            self.json.write("[")
        self.csv: tuple[IO[str], SafeCsvWriter] | None = open_csv(out / csv_name, fragment) if csv_name else None
        if self.csv and not fragment:
            self.csv[1].writerow([c.name for c in columns()])
        self.national: dict[str, tuple[IO[str], SafeCsvWriter]] = {}
        self.national_rows: dict[str, int] = {}
        self.batch = batch
        if national is not None:
            if self.batch is None:
                raise ValueError("the national tables need a batch (national_batch.new_batch)")
            for table, spec in OUTPUT.items():
                self.national[table] = open_csv(national / f"{table}.csv", fragment)
                if not fragment:
                    self.national[table][1].writerow(spec.header)
                self.national_rows[table] = 0
        # materials.csv, locations.csv, fees.csv (generator/export/companion.py)
        self.companions = {t.name: open_csv(out / f"{t.name}.csv", fragment) for t in COMPANIONS} if companions else {}
        self.companion_rows = dict.fromkeys(self.companions, 0)
        if companions and not fragment:
            for t in COMPANIONS:
                self.companions[t.name][1].writerow([f.name for f in companion_fields(t)])

    def like(self, out: Path) -> ItemsExport:
        """A fragment export of the same files, under out."""
        national = out / "national" if self.national_dir is not None else None
        return ItemsExport(out, self.json_name, self.csv_name, national, fragment=True, batch=self.batch, companions=bool(self.companions))

    def _json_separator(self) -> str:
        return ("" if self.fragment else "\n") if self.count == 0 else ",\n"

    def add(self, record: dict[str, Any], text: str | None = None) -> None:
        """Write one resolved record; text is its JSON when the caller has it already."""
        if self.json:
            self.json.write(self._json_separator() + (text or dump(record)))
        if self.csv:
            self.csv[1].writerow(csv_row(record))
        if self.batch is not None and self.national:
            for table, row in national_rows(record, self.batch):
                self.national[table][1].writerow(row)
                self.national_rows[table] += 1
        for companion in COMPANIONS:
            if companion.name in self.companions:
                for row in companion_rows(companion, record):
                    self.companions[companion.name][1].writerow(row)
                    self.companion_rows[companion.name] += 1
        self.count += 1

    def append(self, part: ItemsExport) -> None:
        """Copy a closed fragment's files onto the end of these, a chunk at a time (never whole in memory)."""
        if part.count == 0:
            return
        pairs: list[tuple[IO[str], Path]] = []
        if self.json and part.json_name:
            self.json.write(self._json_separator())
            pairs.append((self.json, part.out / part.json_name))
        if self.csv and part.csv_name:
            pairs.append((self.csv[0], part.out / part.csv_name))
        if part.national_dir is not None:
            for table, (handle, _) in self.national.items():
                pairs.append((handle, part.national_dir / f"{table}.csv"))
                self.national_rows[table] += part.national_rows[table]
        for name, (handle, _) in self.companions.items():
            pairs.append((handle, part.out / f"{name}.csv"))
            self.companion_rows[name] += part.companion_rows[name]
        for handle, path in pairs:
            with path.open(encoding="utf-8", newline="") as source:
                shutil.copyfileobj(source, handle)
        self.count += part.count

    def close(self) -> None:
        if self.json:
            if not self.fragment:
                self.json.write("\n]\n")
            self.json.close()
        if self.csv:
            self.csv[0].close()
        for handle, _ in [*self.national.values(), *self.companions.values()]:
            handle.close()


Kept = Callable[[Item], bool] | None  # an item whose index.json an incremental build keeps


def item_data_path(site_dir: Path, item: Item) -> Path:
    return site_dir / page_url(item_page(item)) / DATA_FILE


def _write_item_json(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")  # the page's folder exists: the pages are written first
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _export_share(items: Sequence[Item], ctx: Context, export: ItemsExport, site_dir: Path | None, kept: Kept = None) -> ItemsExport:
    for item in items:
        record = resolve(item, ctx)
        text = dump(record)
        export.add(record, text)
        if site_dir is not None and (kept is None or not kept(item)):
            _write_item_json(item_data_path(site_dir, item), text)
    export.close()
    return export


def export_items(items: Sequence[Item], ctx: Context, export: ItemsExport, site_dir: Path | None = None, workers: int | None = None, kept: Kept = None) -> None:
    """Resolve each item once and hand it to every writer; with site_dir, also write the JSON beside its page, unless
    `kept(item)` says an incremental build keeps the one it wrote before (generator/site/incremental.py).

    From PARALLEL_FROM items on, forked workers each export a contiguous share into fragment files (in a temporary
    folder beside the output), which are appended here in order: the same bytes as one serial pass.
    """
    count = worker_count(len(items), PARALLEL_FROM, PER_WORKER, workers)
    if count == 1:
        _export_share(items, ctx, export, site_dir, kept)
        return
    size = -(-len(items) // count)
    shares = [items[i : i + size] for i in range(0, len(items), size)]
    with tempfile.TemporaryDirectory(prefix=".export-", dir=export.out) as tmp:

        def share(index: int) -> ItemsExport:
            part = _export_share(shares[index], ctx, export.like(Path(tmp) / str(index)), site_dir, kept)
            part.json = part.csv = None  # closed handles: send back the names and counts only
            part.national = {}
            part.companions = {}
            return part

        for part in fork_map(share, range(len(shares)), min_items=1, workers=count):
            export.append(part)
    export.close()


def bundles(root: Path) -> Any | None:
    """items/_catalog/bundles.yaml as plain data, when the catalog has one and it parses."""
    path = root / BUNDLES
    if not path.is_file():
        return None
    try:
        return load_data(path)
    except SourceError:
        return None


def write_json(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def dictionary() -> dict[str, Any]:
    """The data dictionary as data (the 开放数据 page shows the same)."""
    return {
        "fields": [{"name": f.name, "description": f.description, "kind": f.kind, "inherited": f.inherited} for f in fields()],
        "csv_columns": [{"name": c.name, "description": c.description} for c in columns()],
        "national": {
            table: [{"column": m.column, "element": m.element, "source": m.source, "inferred": m.inferred} for m in ms] for table, ms in TABLES.items()
        },
    }


def write_open_data(root: Path, site_dir: Path, items: list[Item], ctx: Context, kept: Kept = None) -> Written:
    """Everything under site/data/, plus index.json beside each item page (but those `kept` says are kept)."""
    out = site_dir / DATA_DIR
    export = ItemsExport(out, national=out / "national", batch=snapshot_batch(root, items), companions=True)
    export_items(items, ctx, export, site_dir, kept=kept)
    written = Written({"items.json": export.count, "items.csv": export.count})
    written.files.update({f"{t}.csv": n for t, n in export.companion_rows.items()})
    written.pending.append(write_reuse_files(out, written.files))
    written.files.update({f"national/{t}.csv": n for t, n in export.national_rows.items()})
    cat = ctx.catalog
    catalog_files: dict[str, list[Any]] = {
        "directory.json": [d.model_dump(mode="json") for d in cat.directory.values()],
        "regions.json": [r.model_dump(mode="json") for r in cat.regions.values()],
        "departments.json": [d.model_dump(mode="json", warnings=False) for d in cat.departments.values()],
        "themes.json": [t.model_dump(mode="json") for t in cat.themes.values()],
    }
    for name, value in catalog_files.items():
        write_json(out / name, value)
        written.files[name] = len(value)
    extra = bundles(root)
    if extra is not None:
        write_json(out / "bundles.json", extra)
        listed = extra.get("bundles", extra) if isinstance(extra, dict) else extra
        written.files["bundles.json"] = len(listed) if isinstance(listed, list) else 1
    write_json(out / "dictionary.json", dictionary())
    written.files["dictionary.json"] = len(fields())
    (out / "schema").mkdir(exist_ok=True)
    for schema in sorted(SCHEMA_DIR.glob("*.json")):
        shutil.copyfile(schema, out / "schema" / schema.name)
        written.files[f"schema/{schema.name}"] = 1
    return written


def progress_data(data: Breakdown, history: History) -> dict[str, Any]:
    """The 改革进展 figures as data (progress.json)."""
    return {
        "history_available": history.available,
        "history_note": history.reason,
        "total": data.total.as_json(),
        "by_tier": {k: v.as_json() for k, v in sorted(data.by_tier.items())},
        "by_region": {k: v.as_json() for k, v in sorted(data.by_region.items())},
        "by_department": {k: v.as_json() for k, v in sorted(data.by_department.items())},
        "months": [{"month": p.month, "total": p.total.as_json(), "by_tier": {k: v.as_json() for k, v in sorted(p.by_tier.items())}} for p in history.months],
    }
