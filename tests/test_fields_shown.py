"""Every field of a record (and of the directory item and everything nested in them) reaches a reader: a page
template, the search documents, the page contexts or the consistency report name it, or it is listed below as
deliberately not shown, with the reason. Every field is exported anyway (items.json dumps the resolved record).
A new field that nothing shows fails here: docs/adding-a-field.md says what to do."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import get_args

from pydantic import BaseModel

from generator.model import records

REPO = Path(__file__).resolve().parents[1]
#: The places a reader meets a field: page templates, the resolved item they read (model/item.py: 免提交 declarations
#: become marks on the materials), search documents, page contexts, the consistency report.
READERS = [
    *sorted((REPO / "site_templates" / "pages").glob("*.j2")),
    REPO / "generator" / "model" / "item.py",
    REPO / "generator" / "search" / "documents.py",
    *sorted((REPO / "generator" / "render").glob("*.py")),
    *sorted((REPO / "generator" / "check").glob("*.py")),
]
#: model.field -> why no page shows it (it is still in the open data).
NOT_SHOWN: dict[str, str] = {}


def models(root: type[BaseModel], seen: dict[str, type[BaseModel]] | None = None) -> dict[str, type[BaseModel]]:
    seen = {} if seen is None else seen
    if root.__name__ not in seen:
        seen[root.__name__] = root
        for field in root.model_fields.values():
            stack = [field.annotation]
            while stack:
                kind = stack.pop()
                if isinstance(kind, type) and issubclass(kind, BaseModel):
                    models(kind, seen)
                stack.extend(get_args(kind))
    return seen


def fields() -> Iterator[str]:
    found: dict[str, type[BaseModel]] = {}
    for root in (records.ImplementationRecord, records.DirectoryItem):
        models(root, found)
    for name, model in sorted(found.items()):
        for field in model.model_fields:
            yield f"{name}.{field}"


def test_every_field_is_shown_somewhere_or_says_why_not() -> None:
    texts = [p.read_text(encoding="utf-8") for p in READERS]
    unseen = []
    for qualified in fields():
        name = qualified.split(".", 1)[1]
        pattern = re.compile(rf"(\.|\[['\"]|\b){re.escape(name)}\b")
        if qualified not in NOT_SHOWN and not any(pattern.search(t) for t in texts):
            unseen.append(qualified)
    assert unseen == [], f"no page, search document or report names these fields: {unseen} (docs/adding-a-field.md)"
    assert set(NOT_SHOWN) <= set(fields()), "NOT_SHOWN names a field that no longer exists"
