"""Chinese labels for record fields, taken from the model's descriptions (never written twice)."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel

from generator.model.fields import label as field_label
from generator.model.fields import submodel

SHORT = {"promised_time_limit": "承诺时限", "legal_time_limit": "法定时限", "online": "网上办理", "fee": "收费"}


@cache
def field_order(model: type[BaseModel]) -> tuple[tuple[str, ...], dict[str, type[BaseModel]]]:
    """Field names in declaration order and the nested model of each nested field."""
    nested = {name: sub for name, f in model.model_fields.items() if (sub := submodel(f.annotation)) is not None}
    return tuple(model.model_fields), nested


def label(model: type[BaseModel], name: str) -> str:
    if model.__name__ == "ImplementationRecord" and name in SHORT:
        return SHORT[name]
    return field_label(model, name)
