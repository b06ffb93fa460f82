"""Scheduled changes (生效日期): which text a record has on a given day, and what is announced before it changes.

The build date is today in China Standard Time, or BANSHI_BUILD_DATE=YYYY-MM-DD (the daily scheduled build
runs shortly after midnight in Beijing; tests set the variable to show a page before and after the date).
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from pydantic import ValidationError

from generator.model.elements import limit_text
from generator.model.records import ImplementationRecord, ScheduledChange, TimeLimit

CHINA = dt.timezone(dt.timedelta(hours=8))


def build_date() -> dt.date:
    given = os.environ.get("BANSHI_BUILD_DATE", "").strip()
    if given:
        try:
            return dt.date.fromisoformat(given)
        except ValueError:
            pass  # an unreadable override is ignored: today is the safe answer
    return dt.datetime.now(CHINA).date()


def merged_data(rec: ImplementationRecord, changes: list[ScheduledChange]) -> dict[str, Any]:
    data = rec.model_dump(mode="python", exclude_unset=True)
    for change in changes:
        data.update(change.set)
    data["scheduled"] = [c for c in rec.scheduled if c not in changes]
    return data


def on_date(rec: ImplementationRecord, day: dt.date) -> ImplementationRecord:
    """The record as published on `day`: every change effective by then applied (in date order)."""
    due = sorted((c for c in rec.scheduled if c.effective <= day), key=lambda c: c.effective)
    if not due:
        return rec
    try:
        return ImplementationRecord.model_validate(merged_data(rec, due))
    except ValidationError:
        return rec  # validate reports a scheduled change that would not be a valid record


def states(rec: ImplementationRecord) -> list[tuple[dt.date, ImplementationRecord | None]]:
    """The record as published from each effective date of its changes; None when the changes due by then do not
    make a valid record (validate reports why, on the lines of the changes)."""
    out: list[tuple[dt.date, ImplementationRecord | None]] = []
    for day in sorted({c.effective for c in rec.scheduled}):
        due = sorted((c for c in rec.scheduled if c.effective <= day), key=lambda c: c.effective)
        try:
            out.append((day, ImplementationRecord.model_validate(merged_data(rec, due))))
        except ValidationError:
            out.append((day, None))
    return out


def upcoming(rec: ImplementationRecord, day: dt.date) -> list[ScheduledChange]:
    return sorted((c for c in rec.scheduled if c.effective > day), key=lambda c: c.effective)


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict):
        if "value" in value and "unit" in value:
            return limit_text(TimeLimit.model_construct(**value))
        if "address" in value:
            return str(value["address"])
        if "phone" in value:
            return str(value["phone"])
        return "，".join(f"{_value_text(v)}" for v in value.values() if v not in (None, [], {}))
    if isinstance(value, list):
        return "；".join(_value_text(v) if not isinstance(v, dict) else str(v.get("name") or v.get("address") or _value_text(v)) for v in value)
    return str(value)


def field_label(key: str) -> str:
    info = ImplementationRecord.model_fields.get(key)
    text = info.description if info and info.description else key
    for stop in ("（", "：", "，"):
        text = text.split(stop)[0]
    return text


def announcement(change: ScheduledChange) -> list[str]:
    """What changes, in words: 承诺办结时限：5 个工作日."""
    return [f"{field_label(key)}：{_value_text(value)}" for key, value in change.set.items()]
