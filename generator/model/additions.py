"""Fields the model gained after pages, checklists and national exchange rows were first published (issue 21: what
published guides say). Fingerprints of published content (a checklist's version, the exchange ledger's digest) leave
them out while they are empty, so adding them to the model did not mark every printed checklist stale nor send every
record to the national platform again; once a record states one, it counts like any other field.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

LATER_FIELDS = frozenset(
    (
        *("accepting_body", "entrusted_body", "joint_bodies", "refusal_grounds", "quantity_limit", "intermediary_services"),
        *("case_situations", "stage_limits", "condition", "alternatives", "place_class"),
    )
)


def without_empty_later(value: Any) -> Any:
    """JSON data without the later fields that are empty (None or [])."""
    if isinstance(value, dict):
        return {k: without_empty_later(v) for k, v in value.items() if not (k in LATER_FIELDS and v in (None, []))}
    if isinstance(value, list):
        return [without_empty_later(v) for v in value]
    return value


def content_json(model: BaseModel) -> str:
    """The model as compact JSON, as pydantic's model_dump_json writes it, without the later fields that are empty."""
    return json.dumps(without_empty_later(model.model_dump(mode="json", warnings=False)), ensure_ascii=False, separators=(",", ":"))
