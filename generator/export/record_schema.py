"""The JSON Schema of one published (resolved) record: an element of items.json and every item's index.json.

Derived, never written by hand: the record's own fields from ImplementationRecord's serialization schema; the
inherited standard elements as the record's non-empty form (resolve() fills them from the directory item, so
they are null only where the directory item's field may be); the fields the export adds from resolved.ADDED.
Every field is present in every record (resolve() emits them all), so all are required.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from generator.export.resolved import ADDED, INHERITED, field_names
from generator.model.codes import LEVELS, TIERS
from generator.model.records import DirectoryItem, ImplementationRecord

SCHEMA_FILE = "resolved-item.schema.json"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
MERGED = ("faq", "keywords")  # the directory item's list followed by the record's: no single list's maxItems applies

# What ADDED's JSON type does not say: enums, formats, element types, and which added fields may be null.
ADDED_DETAIL: dict[str, dict[str, Any]] = {
    "level": {"enum": list(LEVELS)},
    "tier": {"enum": list(TIERS)},
    "department_nature": {"enum": ["法定机关", "授权组织", "受委托组织"]},
    "department_credit_code": {"minLength": 18, "maxLength": 18, "nullable": True},  # null: the guide states none
    "exercise_levels": {"items": {"enum": list(LEVELS)}},
    "themes": {"items": {"type": "string"}},
    "page_url": {"format": "uri"},
    "data_url": {"format": "uri"},
    "apply_url": {"format": "uri", "nullable": True},
    "last_changed": {"format": "date"},
}


def non_null(node: dict[str, Any]) -> dict[str, Any]:
    """An optional property's value schema without its null alternative."""
    options = [n for n in node.get("anyOf", ()) if n.get("type") != "null"]
    if len(options) != 1:
        return node
    rest = {k: v for k, v in node.items() if k not in ("anyOf", "default")}
    return {**options[0], **rest}


def nullable(node: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [{k: v for k, v in node.items() if k != "description"}, {"type": "null"}], "description": node.get("description", "")}


def _added(name: str) -> dict[str, Any]:
    description, json_type = ADDED[name]
    detail = dict(ADDED_DETAIL.get(name, {}))
    node = {"type": json_type, "description": description, **detail}
    return nullable(node) if node.pop("nullable", False) else node


@cache
def resolved_schema() -> dict[str, Any]:
    """The schema as data (draft 2020-12)."""
    own = ImplementationRecord.model_json_schema(mode="serialization")
    directory = DirectoryItem.model_json_schema(mode="serialization")["properties"]
    props: dict[str, Any] = {}
    for name in field_names():
        if name in ADDED:
            props[name] = _added(name)
            continue
        node = dict(own["properties"][name])
        node.pop("default", None)
        if name in INHERITED:
            node = non_null(node)
            if "anyOf" in directory[name]:  # optional in the directory item too (remedies)
                node = nullable(node)
        if name in MERGED:
            node.pop("maxItems", None)
        node["description"] = str(node.get("description", "")).replace("（默认取基本目录）", "")
        props[name] = node
    return {
        "$schema": DIALECT,
        "title": "已发布的实施清单事项（items.json 的一个元素，及每个事项页旁的 index.json）",
        "description": "继承自基本目录的要素已补全；另加层级、区划、部门、页面和在线办理地址等字段。",
        "type": "object",
        "properties": props,
        "required": list(field_names()),
        "additionalProperties": False,
        "allOf": own.get("allOf", []),
        "$defs": own.get("$defs", {}),
    }
