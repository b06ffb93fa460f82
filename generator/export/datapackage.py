"""datapackage.json: a Frictionless Data Package describing every file under data/.

Tables (items.csv, the companion tables, the workbook's sheets, the national tables) carry a Table Schema: one
field per column, typed from the published record schema (integers, 是/否 booleans, dates, enumerations; every
other column, codes and phones included, is a string). JSON files are `json` resources. Licence, contact and
update frequency come from the site's configuration (`open_data` in mkdocs.yml); what is not configured is left
out and the package's description says 未公布 instead of inventing it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from generator.export.columns import Column, columns
from generator.export.companion import COMPANIONS, KEY, TableField, non_null, table_field
from generator.export.companion import fields as companion_fields
from generator.export.record_schema import SCHEMA_FILE, resolved_schema

PACKAGE_FILE = "datapackage.json"
WORKBOOK = "items.xlsx"
BOOLEAN = {"trueValues": ["是"], "falseValues": ["否"]}
UNSTATED = "未公布"


@dataclass(frozen=True)
class Publisher:
    """The open data's terms, in mkdocs.yml (`open_data`); None where the site has not stated them."""

    title: str
    site_url: str
    licence_name: str | None = None  # an SPDX identifier such as CC-BY-4.0, or the licence's name
    licence_title: str | None = None
    licence_url: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    contact_url: str | None = None
    update_frequency: str | None = None

    def unstated(self) -> list[str]:
        """What the package cannot state, in Chinese (for the build's warning and the description)."""
        missing = {"开放许可": self.licence_name, "联系方式": self.contact_name, "更新频率": self.update_frequency}
        return [label for label, value in missing.items() if not value]


@dataclass
class Entry:
    """One file under data/: path, title, and for a table its fields (and sheet, for the workbook)."""

    path: str
    title: str
    fields: list[TableField] | None = None
    sheet: str | None = None
    key: str | None = None  # primary key field
    parent: str | None = None  # resource whose implementation_code this table's refers to
    extra: dict[str, Any] = field(default_factory=dict)


def item_fields() -> list[TableField]:
    """items.csv's columns typed: a count is an integer, a joined list text, a value its schema's type."""
    props = resolved_schema()["properties"]
    defs = resolved_schema()["$defs"]
    out = []
    for col in columns():
        out.append(_column_field(col, props, defs))
    return out


def _column_field(col: Column, props: dict[str, Any], defs: dict[str, Any]) -> TableField:
    if col.rule == "count":
        return TableField(col.name, col.description, "integer")
    if col.rule != "value":
        return TableField(col.name, col.description, "string")
    node = non_null(props[col.path[0]])
    if len(col.path) > 1:
        node = defs[node["$ref"].split("/")[-1]]["properties"][col.path[1]]
    return table_field(col.name, node, col.path, col.description)


def table_schema(fields: list[TableField], key: str | None = None, parent: str | None = None) -> dict[str, Any]:
    out: list[dict[str, Any]] = []
    for f in fields:
        spec: dict[str, Any] = {"name": f.name, "type": f.type, "description": f.description}
        if f.type == "boolean":
            spec.update(BOOLEAN)
        if f.enum:
            spec["constraints"] = {"enum": list(f.enum)}
        if f.name == KEY.name:
            spec["constraints"] = {"required": True}
        out.append(spec)
    schema: dict[str, Any] = {"fields": out}
    if key:
        schema["primaryKey"] = [key]
    if parent:  # a resource name
        schema["foreignKeys"] = [{"fields": [KEY.name], "reference": {"resource": parent, "fields": [KEY.name]}}]
    return schema


def header(path: Path) -> list[str]:
    """The first row of a written CSV (the national tables describe their own columns: national.py)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle), [])


def entries(data_dir: Path, written: dict[str, int], titles: dict[str, str]) -> list[Entry]:
    """Every file under data/ that the export wrote, in the order of `written`, the workbook's sheets after it;
    titles: the 开放数据 page's description of each file (writer.planned_files), where it has one."""
    companions = {t.name + ".csv": t for t in COMPANIONS}
    sheet_parent = resource_name(Entry(WORKBOOK, "", sheet="items"))
    out: list[Entry] = []
    for name in written:
        if name == "items.csv":
            out.append(Entry(name, "全部事项，一行一个事项", item_fields(), key=KEY.name))
        elif name in companions:
            table = companions[name]
            out.append(Entry(name, table.title, list(companion_fields(table)), parent="items.csv"))
        elif name.startswith("national/") and name.endswith(".csv"):
            out.append(Entry(name, "国家交换表 " + Path(name).stem, [TableField(c, c, "string") for c in header(data_dir / name)]))
        elif name == WORKBOOK:
            out.append(Entry(name, "全部事项（Excel 工作簿）：工作表 items", item_fields(), sheet="items", key=KEY.name))
            out += [
                Entry(name, f"{t.title}（Excel 工作簿）：工作表 {t.name}", list(companion_fields(t)), sheet=t.name, parent=sheet_parent) for t in COMPANIONS
            ]
        elif name == SCHEMA_FILE:
            out.append(Entry(name, "JSON Schema：items.json 的一个元素及每个事项页旁的 index.json", extra={"type": "json"}))
        elif name.endswith(".json"):
            out.append(Entry(name, titles.get(name, name), extra={"type": "json"}))
        else:
            out.append(Entry(name, titles.get(name, name)))
    return out


def resource_name(entry: Entry) -> str:
    base = re.sub(r"[^a-z0-9._-]+", "-", entry.path.lower()).strip("-")
    return f"{base}-{entry.sheet}" if entry.sheet else base


def sheet_dialect(sheet: str) -> dict[str, Any]:
    """The workbook sheet: `sheetName` (Data Package 2.0) and `excel.sheet` (what frictionless-py 5 reads)."""
    return {"sheetName": sheet, "excel": {"sheet": sheet}}


def resource(entry: Entry) -> dict[str, Any]:
    suffix = Path(entry.path).suffix.lstrip(".")
    out: dict[str, Any] = {"name": resource_name(entry), "path": entry.path, "title": entry.title, "format": suffix}
    if suffix == "csv":
        out.update({"mediatype": "text/csv", "encoding": "utf-8-sig"})
    elif suffix == "json":
        out.update({"mediatype": "application/json", "encoding": "utf-8"})
    elif suffix == "xlsx":
        out.update({"mediatype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "dialect": sheet_dialect(entry.sheet or "")})
    out.update(entry.extra)
    if entry.fields is not None:
        out["schema"] = table_schema(entry.fields, entry.key, entry.parent)
    return out


def descriptor(publisher: Publisher, data_dir: Path, written: dict[str, int], titles: dict[str, str] | None = None) -> dict[str, Any]:
    """The package as data, for the files listed in `written` (path under data/ -> rows)."""
    site = publisher.site_url.rstrip("/") + "/"
    unstated = publisher.unstated()
    note = "".join(f"{label}：{UNSTATED}。" for label in unstated)
    package: dict[str, Any] = {
        "name": re.sub(r"[^a-z0-9._-]+", "-", (urlparse(site).hostname or "banshi").lower()) + "-open-data",
        "title": f"{publisher.title}：开放数据",
        "description": "政务服务事项清单（实施清单、基本目录、区划、部门）及其国家交换表。" + note,
        "homepage": site + "data/",
    }
    if publisher.licence_name:
        licence = {"name": publisher.licence_name, "title": publisher.licence_title, "path": publisher.licence_url}
        package["licenses"] = [{k: v for k, v in licence.items() if v}]
    if publisher.contact_name:
        contact = {"title": publisher.contact_name, "email": publisher.contact_email, "path": publisher.contact_url, "role": "publisher"}
        package["contributors"] = [{k: v for k, v in contact.items() if v}]
        if publisher.contact_phone:
            package["contributors"][0]["phone"] = publisher.contact_phone
    if publisher.update_frequency:
        package["updateFrequency"] = publisher.update_frequency
    package["resources"] = [resource(e) for e in entries(data_dir, written, titles or {})]
    return package


def columns_markdown() -> str:
    """The columns of items.csv and the companion tables as Markdown (docs/open-data.md keeps a copy; a test
    compares them)."""
    tables = [("items.csv", item_fields()), *((f"{t.name}.csv", list(companion_fields(t))) for t in COMPANIONS)]
    out: list[str] = []
    for name, table in tables:
        out += [f"#### `{name}`", "", "| column | type | meaning |", "| --- | --- | --- |"]
        for f in table:
            kind = f.type + (" (是/否)" if f.type == "boolean" else "") + (": " + ", ".join(f.enum) if f.enum else "")
            out.append(f"| `{f.name}` | {kind} | {f.description.replace('|', '/')} |")
        out.append("")
    return "\n".join(out)
