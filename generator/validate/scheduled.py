"""Scheduled changes (`scheduled:`) meet every rule a direct edit meets.

What goes live on an effective date is the record with every change due by then applied (`model.schedule.on_date`),
so each such state is validated as a whole record: the model, every per-record rule of `record_rules.RULES`
(standard elements, variations and their approval, time limits, fee, visits...). A finding that the state has and
the state before it (the record as written, for the first date) did not have is the scheduled change's: it is
reported on the line of the `set` entry that holds the field (or on the `set:` line of the change that made the
state, when the problem is in a field the change left as it was), and its message names the effective date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from pydantic import ValidationError

from generator.load.pydantic_errors import findings_from_error
from generator.load.yaml_source import Source
from generator.model.findings import Finding
from generator.model.records import FIXED_FIELDS, ImplementationRecord, ScheduledChange
from generator.model.schedule import merged_data, on_date
from generator.validate.context import RuleContext
from generator.validate.record_rules import check_record

KNOWN_FIELDS = frozenset(ImplementationRecord.model_fields)


class StateSource(Source):
    """Positions for a scheduled state: a field is looked up under the `set` of the latest due change that writes it;
    any other field under the `set:` of the change that made the state (`made_by`), or in the body when None."""

    def __init__(self, src: Source, setters: dict[str, int], made_by: int | None) -> None:
        super().__init__(data={})
        self.src, self.setters, self.made_by = src, setters, made_by
        self.path = getattr(src, "path", None)  # lets the pydantic messages quote the value as written

    def owner(self, path: tuple) -> int | None:
        return self.setters.get(path[0], self.made_by) if path and isinstance(path[0], str) else self.made_by

    def position(self, path: tuple) -> tuple[int, int]:
        i = self.owner(path)
        return self.src.position(path if i is None else ("scheduled", i, "set", *path))


def published(rec: ImplementationRecord, src: Source, day: dt.date) -> tuple[ImplementationRecord, Source]:
    """The record as published on `day`, and a source that finds each field where it was written: under the `set`
    of the due change that wrote it, else in the body (the check stage reports on what the site publishes)."""
    state = on_date(rec, day)
    if state is rec:
        return rec, src
    due = sorted((i for i, c in enumerate(rec.scheduled) if c.effective <= day), key=lambda i: rec.scheduled[i].effective)
    return state, StateSource(src, {key: i for i in due for key in rec.scheduled[i].set}, None)


def top_key(field: str) -> str:
    return field.split(".")[0].split("[")[0]


def _key_findings(ctx: RuleContext) -> dict[int, list[str]]:
    """Report keys a change may not set; return the keys that are left out of the merge, per change."""
    bad: dict[int, list[str]] = {}
    for i, change in enumerate(ctx.rec.scheduled):
        bad[i] = [k for k in change.set if k not in KNOWN_FIELDS or k in FIXED_FIELDS]
        for key in bad[i]:
            reason = "不能用定期调整修改（编码、区划和部门要新建记录）" if key in FIXED_FIELDS else "不是记录的字段"
            hint = "只写生效后要改的字段，字段名与记录正文相同，如 promised_time_limit"
            ctx.add(("scheduled", i, "set", key), f"定期调整中的「{key}」{reason}", hint, "基本信息")
    return bad


def scheduled_findings(ctx: RuleContext, direct: list[Finding]) -> list[Finding]:
    """Findings of every scheduled state that its previous state did not have; `direct` are the record's own."""
    if not ctx.rec.scheduled:
        return []
    ctx.findings = []
    bad = _key_findings(ctx)
    out = list(ctx.findings)
    order = sorted(range(len(ctx.rec.scheduled)), key=lambda i: ctx.rec.scheduled[i].effective)
    dates = sorted({ctx.rec.scheduled[i].effective for i in order})
    before = {(f.field, f.message) for f in direct}
    seen: set[tuple[str, str]] = set()
    for day in dates:
        due = [i for i in order if ctx.rec.scheduled[i].effective <= day]
        changes = [_without(ctx.rec.scheduled[i], bad[i]) for i in due]
        setters = {key: i for i in due for key in ctx.rec.scheduled[i].set if key not in bad[i]}  # the latest wins
        made_by = next(i for i in due if ctx.rec.scheduled[i].effective == day)
        source = StateSource(ctx.src, setters, made_by)
        try:
            state = ImplementationRecord.model_validate(merged_data(ctx.rec, changes))
        except ValidationError as exc:
            for f in findings_from_error(exc, ImplementationRecord, source, ctx.file):
                if top_key(f.field) in setters and (f.field, f.message) not in seen:
                    seen.add((f.field, f.message))
                    out.append(_moved(f, source, ctx.rec.scheduled[setters[top_key(f.field)]].effective, typed=True))
            continue  # rules need a valid record; the next date is compared with the last valid state
        found = check_record(RuleContext(state, source, ctx.file, ctx.root, ctx.catalog))
        out += [_moved(f, source, day) for f in found if (f.field, f.message) not in before]
        before = {(f.field, f.message) for f in found}
    return out


def _without(change: ScheduledChange, keys: list[str]) -> ScheduledChange:
    return change.model_copy(update={"set": {k: v for k, v in change.set.items() if k not in keys}}) if keys else change


def _moved(f: Finding, source: StateSource, day: dt.date, typed: bool = False) -> Finding:
    """A state's finding as the scheduled change's: its field under scheduled[i].set, the date in the message."""
    key = top_key(f.field)
    i = source.owner((key,))
    field = f"scheduled[{i}].set" + (f".{f.field}" if f.field else "")
    message = f"{day} 生效的调整：{f.message}" if typed else f"{day} 起（定期调整生效后）：{f.message}"
    hint = f.hint
    if key and key not in source.setters:  # a field the change left as it was: changing the record now is too early
        hint += f"；要在生效时一并修改的，在这条调整的 set 中写出 {key} 及其新内容"
    elif "variations" in hint and key != "variations":  # a declaration in the body would be in force too early
        hint += "（定期调整的差异声明写在同一条调整的 set 中，与新内容同日生效）"
    return replace(f, field=field, message=message, hint=hint)
