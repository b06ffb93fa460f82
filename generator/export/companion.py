"""Companion tables: the nested lists of each resolved record as rows keyed by implementation code.

items.csv gives a list of objects as names and a count only; these tables give every element in full:
materials.csv (the item's materials, then each handling item's), locations.csv and fees.csv. Their columns
come from the element's model (via the published record schema): one column per field, a nested object's fields
as `field.sub` (materials' `exempt.reason`, `exempt.source`); cells follow items.csv's rules (columns.cell).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from generator.export.columns import cell
from generator.export.record_schema import non_null, resolved_schema
from generator.model.item import Item

JSON_TYPES = {"integer": "integer", "boolean": "boolean", "number": "number"}


@dataclass(frozen=True)
class TableField:
    name: str
    description: str
    type: str  # Table Schema type: string, integer, boolean, date, …
    path: tuple[str, ...] = ()  # keys into the element; () for a key column
    enum: tuple[str, ...] = ()


@dataclass(frozen=True)
class Companion:
    name: str  # file stem: materials -> materials.csv
    title: str
    element: str  # the element's definition in the record schema's $defs
    list_path: tuple[str, ...]  # keys to the list in the resolved record
    handling_items: bool = False  # also the lists of each handling item (materials)


COMPANIONS = (
    Companion("materials", "申请材料（每个事项的每份材料一行，含业务办理项的材料）", "Material", ("materials",), handling_items=True),
    Companion("locations", "办理地点和时间（每个事项的每个地点一行）", "Location", ("locations",)),
    Companion("fees", "收费项目（每个收费事项的每个收费项目一行）", "FeeItem", ("fee", "items")),
)
KEY = TableField("implementation_code", "实施编码：对应 items.csv 的同名列（办事指南未公布实施编码时为记录文件，对应 source_file 列）", "string")
HANDLING = TableField("handling_item", "业务办理项代码：空为事项本身的材料，两位数字为该办理项的材料", "string")
POSITION = TableField("position", "在所属列表中的序号，从 1 开始", "integer")


def table_field(name: str, node: dict[str, Any], path: tuple[str, ...], description: str) -> TableField:
    node = non_null(node)
    kind = JSON_TYPES.get(str(node.get("type")), "date" if node.get("format") == "date" else "string")
    return TableField(name, description, kind, path, tuple(str(v) for v in node.get("enum", ())))


def element_fields(definition: str, prefix: tuple[str, ...] = (), label: str = "") -> list[TableField]:
    """One field per property of a $defs element; a nested object's properties as `field.sub`."""
    defs = resolved_schema()["$defs"]
    out: list[TableField] = []
    for key, node in defs[definition]["properties"].items():
        path, text = (*prefix, key), label + str(node.get("description", key))
        ref = non_null(node).get("$ref")
        if ref:
            out += element_fields(ref.split("/")[-1], path, text + "：")
        else:
            out.append(table_field(".".join(path), node, path, text))
    return out


@cache
def fields(table: Companion) -> tuple[TableField, ...]:
    keys = [KEY, HANDLING, POSITION] if table.handling_items else [KEY, POSITION]
    return (*keys, *element_fields(table.element))


def _value(element: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = element
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _lists(table: Companion, record: dict[str, Any]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    yield "", _value(record, table.list_path) or []
    if table.handling_items:
        for handling in record.get("handling_items") or ():
            yield handling["code"], _value(handling, table.list_path) or []


def rows(table: Companion, record: dict[str, Any]) -> Iterator[list[str]]:
    """The table's rows for one resolved record, as CSV cells."""
    element_columns = fields(table)[3 if table.handling_items else 2 :]
    for handling, elements in _lists(table, record):
        for position, element in enumerate(elements, 1):
            key = record["implementation_code"] or record["source_file"]
            keys = [key, handling, str(position)] if table.handling_items else [key, str(position)]
            yield keys + [cell(_value(element, f.path)) for f in element_columns]


def planned_rows(table: Companion, items: list[Item]) -> int:
    """How many rows the table will have, counted from the model before writing (for the 开放数据 page)."""
    if table.name == "materials":
        return sum(len(i.materials) + sum(len(h.materials or ()) for h in i.record.handling_items) for i in items)
    if table.name == "locations":
        return sum(len(i.record.locations) for i in items)
    return sum(len(i.record.fee.items) for i in items if i.record.fee)
