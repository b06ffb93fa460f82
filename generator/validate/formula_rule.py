"""A warning rule: a text value that starts like a spreadsheet formula (= + - @, a tab or a carriage return).

The open-data CSVs neutralise such cells (generator/model/formula.py), so nothing breaks and the value is published
as written; the warning tells the clerk that a reader who opens the table in Excel or WPS sees a leading ', and that
anyone who copies the value into a spreadsheet by hand gets a formula. A warning, not an error: 「-」 can start a
legitimate text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from generator.model.fields import FieldPath, label, submodel
from generator.model.formula import starts_formula
from generator.model.records import ImplementationRecord
from generator.validate.context import RuleContext

# A JSON string value that starts like a formula: a cheap test of the whole record before walking it.
JSON_FORMULA_RE = re.compile(r'[:\[,]"(?:[=+\-@]|\\t|\\r)')
SHOWN = {"\t": "制表符（Tab）", "\r": "回车符"}


def _strings(value: Any, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _strings(child, (*path, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _strings(child, (*path, i))


def field_label(path: FieldPath) -> str:
    """The Chinese names along a path: ("consult", "note") -> 咨询方式·其他方式; list indices as 第 N 项."""
    model: type[BaseModel] | None = ImplementationRecord
    parts: list[str] = []
    for part in path:
        if isinstance(part, int):
            parts[-1:] = [f"{parts[-1]}第 {part + 1} 项"] if parts else []
            continue
        if model is None or part not in model.model_fields:
            parts.append(str(part))
            model = None
            continue
        parts.append(label(model, part))
        model = submodel(model.model_fields[part].annotation)
    return "·".join(parts)


def rule_formula_start(ctx: RuleContext) -> None:
    if not JSON_FORMULA_RE.search(ctx.rec.model_dump_json(exclude_none=True, warnings=False)):
        return
    for path, value in _strings(ctx.rec.model_dump(exclude_none=True, warnings=False), ()):
        if not starts_formula(value):
            continue
        first = SHOWN.get(value[0], value[0])
        ctx.add(
            path,
            f"「{field_label(path)}」以「{first}」开头：用 Excel 或 WPS 打开开放数据表格时，这样开头的内容会被当作公式",
            f"开放数据的表格已在这类内容前加英文单引号 ' 作为文字保存；如果开头的「{first}」不是必需的，请删除它或改写成文字",
            severity="warning",
        )
