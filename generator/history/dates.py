"""Commit dates as history uses them. Git stores whatever date a committer chose (GIT_COMMITTER_DATE), so a date is
clamped into [the first commit's date, the end of the build date] before any page, feed or monthly figure uses it,
and every clamp becomes a note for maintainers (docs/history.md)."""

from __future__ import annotations

import datetime as dt

from generator.model.schedule import CHINA

MAX_MONTHS = 120  # monthly figures kept (ten years back from the build month); older months are not computed


def end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59), CHINA)


def month_of(when: dt.datetime) -> str:
    return f"{when.year:04d}-{when.month:02d}"


def next_month(month: str) -> str:
    year, mon = int(month[:4]), int(month[5:])
    return f"{year + (mon == 12):04d}-{mon % 12 + 1:02d}"


def months_back(month: str, count: int) -> str:
    """The month `count` months before `month` (YYYY-MM)."""
    index = int(month[:4]) * 12 + int(month[5:]) - 1 - count
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


class Clock:
    """Clamps the commit dates of one replay, oldest commit first."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.latest = end_of(today)
        self.first: dt.datetime | None = None
        self.notes: list[str] = []

    def when(self, sha: str, date: dt.datetime | None) -> dt.datetime:
        shown = date or self.latest
        if date is None:
            why = "无法读取（超出日历范围）"
        elif shown > self.latest:
            shown = self.latest
            why = f"晚于构建日期 {self.today.isoformat()}"
        elif self.first is not None and shown < self.first:
            shown = self.first
            why = f"早于第一个提交的日期 {self.first.date().isoformat()}"
        else:
            why = ""
        if why:
            written = f" {date.isoformat()} " if date else ""
            self.notes.append(f"提交 {sha[:12]} 的日期{written}{why}，变更记录按 {shown.date().isoformat()} 计")
        if self.first is None:
            self.first = shown
        return shown
