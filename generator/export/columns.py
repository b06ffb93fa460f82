"""The data dictionary of the open data: JSON fields and CSV columns, derived from the model's JSON Schema.

CSV flattening, the same for every row:
- a nested object becomes one column per sub-field, named `field.sub` (e.g. `online.depth`);
- a list of texts becomes one cell, the texts joined by LIST_SEPARATOR;
- a list of objects becomes two columns: `field` (each element's label joined by LIST_SEPARATOR) and
  `field.count` (how many elements); the label is the element's name (材料名称, 法律法规名称 + 条款, 地址 or 一类场所, 环节…);
- true/false become 是/否; an empty value stays empty. Full detail is in items.json.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from generator.export.resolved import ADDED, INHERITED, field_names
from generator.model.records import ImplementationRecord

LIST_SEPARATOR = "；"
LABEL_KEYS = ("name", "law", "address", "place_class", "q", "field", "code", "stage", "case_type")
KINDS = {"string": "文字", "integer": "整数", "boolean": "是/否", "array": "列表", "object": "对象"}


@dataclass(frozen=True)
class Field:
    name: str
    description: str
    kind: str  # 文字 / 整数 / 是/否 / 列表 / 对象 / 日期 / 对象列表
    inherited: bool = False


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    path: tuple[str, ...]  # keys into the resolved record
    rule: str  # value | join | labels | count


@cache
def _schema() -> tuple[dict[str, Any], dict[str, Any]]:
    schema = ImplementationRecord.model_json_schema()
    return schema["properties"], schema.get("$defs", {})


def _plain(node: dict[str, Any]) -> dict[str, Any]:
    """The non-null alternative of an optional property."""
    if "anyOf" in node:
        options = [n for n in node["anyOf"] if n.get("type") != "null"]
        if len(options) == 1:
            return {**options[0], "description": node.get("description", options[0].get("description", ""))}
    return node


def _kind(node: dict[str, Any], defs: dict[str, Any]) -> str:
    node = _plain(node)
    if "$ref" in node:
        return "对象"
    if node.get("type") == "array":
        return "对象列表" if "$ref" in node.get("items", {}) else "列表"
    if node.get("format") == "date":
        return "日期"
    if "enum" in node:
        return "文字（" + "、".join(str(v) for v in node["enum"]) + "）"
    return KINDS.get(str(node.get("type", "string")), "文字")


def clean(description: str) -> str:
    return description.replace("（默认取基本目录）", "").strip()


@cache
def fields() -> tuple[Field, ...]:
    """The fields of items.json, in order."""
    props, defs = _schema()
    out = []
    for name in field_names():
        if name in ADDED:
            text, kind = ADDED[name]
            out.append(Field(name, text, KINDS.get(kind, kind)))
        else:
            node = props[name]
            out.append(Field(name, clean(node.get("description", "")), _kind(node, defs), name in INHERITED))
    return tuple(out)


@cache
def columns() -> tuple[Column, ...]:
    """The columns of items.csv, in order."""
    props, defs = _schema()
    out: list[Column] = []
    for f in fields():
        node = _plain(props[f.name]) if f.name in props else {}
        if "$ref" in node:
            sub = defs[node["$ref"].split("/")[-1]]
            for key, child in sub.get("properties", {}).items():
                child = _plain(child)
                text = f"{f.description}：{clean(child.get('description', key))}"
                out += _list_columns(f"{f.name}.{key}", text, (f.name, key), child)
        else:
            out += _list_columns(f.name, f.description, (f.name,), node)
    return tuple(out)


def _list_columns(name: str, text: str, path: tuple[str, ...], node: dict[str, Any]) -> list[Column]:
    if node.get("type") == "array" and "$ref" in node.get("items", {}):
        return [Column(name, f"{text}（各项名称，以“{LIST_SEPARATOR}”分隔）", path, "labels"), Column(f"{name}.count", f"{text}的项数", path, "count")]
    if node.get("type") == "array" or (not node and path[-1] in ("exercise_levels", "themes")):
        return [Column(name, f"{text}（以“{LIST_SEPARATOR}”分隔）", path, "join")]
    return [Column(name, text, path, "value")]


def label_of(element: Any) -> str:
    if not isinstance(element, dict):
        return cell(element)
    if element.get("law"):
        return " ".join(str(element[k]) for k in ("law", "article") if element.get(k))
    for key in LABEL_KEYS:
        if element.get(key) not in (None, ""):
            return str(element[key])
    return ""


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def csv_row(record: dict[str, Any]) -> list[str]:
    """One CSV row of a resolved record (resolved.resolve), in columns() order."""
    row = []
    for col in columns():
        value: Any = record.get(col.path[0])
        if len(col.path) > 1:
            value = value.get(col.path[1]) if isinstance(value, dict) else None
        rule = col.rule
        if rule == "value":
            row.append("" if value is None else ("是" if value else "否") if isinstance(value, bool) else str(value))
        elif rule == "labels":
            row.append(LIST_SEPARATOR.join(label_of(v) for v in value or ()))
        elif rule == "count":
            row.append(str(len(value or ())))
        else:
            row.append(LIST_SEPARATOR.join(cell(v) for v in value or ()))
    return row
