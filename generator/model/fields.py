"""What the model says about its fields: dotted paths, guide sections, Chinese labels, nested models (one home)."""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

FieldPath = tuple[str | int, ...]


def field_path(loc: tuple[Any, ...]) -> str:
    """("materials", 0, "name") -> materials[0].name"""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def section_of(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    """The guide section (指南栏目) of the top-level field of `loc`, as the model declares it; "" when unknown."""
    if not loc:
        return ""
    info = model.model_fields.get(str(loc[0]))
    extra = info.json_schema_extra if info else None
    return str(extra.get("section", "")) if isinstance(extra, dict) else ""


def label(model: type[BaseModel], name: str) -> str:
    """The Chinese name of a field: its description up to the first parenthesis, colon or comma."""
    info = model.model_fields.get(name)
    text = (info.description if info else None) or name
    for stop in ("（", "：", "，", "；", " "):
        text = text.split(stop)[0]
    return text or name


def submodel(annotation: object) -> type[BaseModel] | None:
    """The BaseModel inside an annotation such as `list[Material] | None`, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return submodel(typing.get_args(annotation)[0])
    if origin in (list, tuple, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = submodel(arg)
            if found is not None:
                return found
    return None


def strings(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(path, text) of every string inside a model value."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from strings(getattr(value, name), (*path, name))
    elif isinstance(value, list | tuple):
        for i, element in enumerate(value):
            yield from strings(element, (*path, i))
