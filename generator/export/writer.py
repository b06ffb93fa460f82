"""Write the open data files: streamed items.json, items.csv, one JSON per item page, catalog files, national tables.

Every CSV goes through generator/export/csv_text.py, whose writer neutralises spreadsheet formula cells.

Records are resolved and written one at a time (generator/export/streams.py), so the export never holds a second
copy of the catalog. In a build, forked workers (generator/parallel.py) resolve their share of the items into
finished text and rows (and write each item's own JSON beside its page); this process streams those into the shared
files in item order. An incremental build copies unchanged items' pieces from the live site instead
(generator/export/fragments.py).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.assets import SCHEMA_DIR
from generator.export.columns import columns, fields
from generator.export.datapackage import PACKAGE_FILE, WORKBOOK
from generator.export.fragments import FragmentStore, export_reusing, index_of
from generator.export.national import OUTPUT, TABLES
from generator.export.national_batch import snapshot_batch
from generator.export.record_schema import SCHEMA_FILE
from generator.export.resolved import Context, resolve
from generator.export.reuse import companion_files, write_reuse_files
from generator.export.streams import ItemsExport, dump, item_data_path, write_item_json
from generator.history.changes import History
from generator.load.yaml_source import SourceError, load_data
from generator.model.catalog import Catalog
from generator.model.figures import Breakdown
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
    copied: int = 0  # items whose rows an incremental build copied from the live site's files (fragments.py)

    def wait(self) -> None:
        while self.pending:
            self.pending.pop().result()


Kept = Callable[[Item], bool] | None  # an item whose index.json an incremental build keeps


def _export_share(items: Sequence[Item], ctx: Context, export: ItemsExport, site_dir: Path | None, kept: Kept = None) -> ItemsExport:
    for item in items:
        record = resolve(item, ctx)
        text = dump(record)
        export.add(record, text)
        if site_dir is not None and (kept is None or not kept(item)):
            write_item_json(item_data_path(site_dir, item), text)
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
            return _export_share(shares[index], ctx, export.like(Path(tmp) / str(index)), site_dir, kept).detach()

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


def write_open_data(root: Path, site_dir: Path, items: list[Item], ctx: Context, kept: Kept = None, store: FragmentStore | None = None) -> Written:
    """Everything under site/data/, plus index.json beside each item page (but those `kept` says are kept). With a
    `store`, the whole-catalog files of an incremental build copy unchanged items from the live site's
    (generator/export/fragments.py), and every build leaves the index the next one copies by."""
    out = site_dir / DATA_DIR
    batch = snapshot_batch(root, items)

    export = ItemsExport(out, national=out / "national", batch=batch, companions=True)
    context = store.with_batch(batch) if store is not None else ""
    index = store.read() if store is not None else None
    copied = None
    if store is not None and index is not None and index.context == context:
        copied = export_reusing(items, ctx, export, store, index, site_dir, kept)
        if copied is not None:
            export.close()
    if copied is None:
        export_items(items, ctx, export, site_dir, kept=kept)
    if store is not None:
        made = index_of(export, items, store.key_of, context)
        if made is not None:
            store.write(made)
    written = Written({"items.json": export.count, "items.csv": export.count}, copied=copied or 0)
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
