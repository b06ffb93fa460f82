"""`banshi diff` for a pull request: the per-item diff (workflow/diff.py) and, for a record with scheduled changes,
the record as it will read on each effective date, compared with how it reads today. What goes live on the date
is what the reviewer approves, so the summary shows it, not only the `scheduled:` lines that were added.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.model.records import ImplementationRecord
from generator.model.schedule import states
from generator.workflow.diff import WORKTREE, Diff, Doc, compare_docs, compute_diff_docs, fmt_value
from generator.workflow.labels import label

INVALID = "（生效后的记录未通过校验，请运行 banshi validate）"


def state_docs(doc: Doc) -> dict[str, Doc | None]:
    """The record as it will read from each effective date of its scheduled changes (None: not a valid record)."""
    if doc.kind != "实施清单" or not doc.valid or not doc.data.get("scheduled"):
        return {}
    out: dict[str, Doc | None] = {}
    for day, rec in states(ImplementationRecord.model_validate(doc.raw)):
        data = {**rec.model_dump(mode="json", warnings=False), "scheduled": doc.data["scheduled"]} if rec else {}
        out[str(day)] = replace(doc, data=data, raw=data) if rec else None
    return out


def full_texts(today: Doc, state: Doc) -> list[str]:
    """A list field the date changes, in full as it will read (its diff lines say only what was added or removed)."""
    out = []
    for key, value in state.data.items():
        now = today.data.get(key) if today.data.get(key) is not None else today.directory.get(key)
        if isinstance(value, list) and value != now and key != "scheduled":
            out.append(f"{label(ImplementationRecord, key)}（生效后全文）: {fmt_value(value)}")
    return out


def future(a: Doc | None, b: Doc) -> list[tuple[str, list[str]]]:
    """For each effective date whose outcome this change alters: how the record will differ from today's."""
    before = state_docs(a) if a is not None else {}
    out = []
    for day, state in state_docs(b).items():
        old = before.get(day)
        if state is None:
            out.append((day, [INVALID]))
        elif old is None or old.data != state.data:
            out.append((day, (compare_docs(b, state) + full_texts(b, state)) or ["与现行内容相同"]))
    return out


def compute_diff(root: Path, base: str | None = None, head: str | None = WORKTREE) -> Diff:
    """The pull request's diff: per item, and each record with scheduled changes as it will read on each date."""
    diff, old, new = compute_diff_docs(root, base, head)
    for change in diff.changes:
        if change.status in ("added", "changed") and change.key in new:
            change.future = future(old.get(change.key), new[change.key])
    return diff
