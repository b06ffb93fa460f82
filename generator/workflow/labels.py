"""Chinese labels for record fields, taken from the model's descriptions (never written twice)."""

from __future__ import annotations

import types
import typing
from functools import cache

from pydantic import BaseModel

SHORT = {"promised_time_limit": "承诺时限", "legal_time_limit": "法定时限", "online": "网上办理", "fee": "收费"}


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


@cache
def field_order(model: type[BaseModel]) -> tuple[tuple[str, ...], dict[str, type[BaseModel]]]:
    """Field names in declaration order and the nested model of each nested field."""
    nested = {name: sub for name, f in model.model_fields.items() if (sub := submodel(f.annotation)) is not None}
    return tuple(model.model_fields), nested


def label(model: type[BaseModel], name: str) -> str:
    if model.__name__ == "ImplementationRecord" and name in SHORT:
        return SHORT[name]
    f = model.model_fields.get(name)
    if f is None or not f.description:
        return name
    text = f.description
    for stop in ("（", "：", "，", "；", "，如", " "):
        text = text.split(stop)[0]
    return text or name
