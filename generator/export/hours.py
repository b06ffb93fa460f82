"""Opening hours text (办公时间) read into weekly time spans, only where the whole text is understood.

Understood: day ranges and lists (周一至周五, 星期一到星期六, 周六、周日, 每天), time ranges with an optional
上午/下午/中午/晚上 (下午2:30 is 14:30), segments separated by `；`, and the clause 法定节假日除外 / 节假日除外
(kept as written, as a note: the holidays' dates are not in the text). Anything else, such as 夏季15:00-18:00 (a season
without dates) or 特殊日期照常办公, makes the text unparsed: `parse` returns None and nothing is published as
structured hours for it. The text itself is always published as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

WEEK = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY_INDEX = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
NORMAL = str.maketrans({"：": ":", "，": ",", "、": "、", "；": ";", "（": "(", "）": ")", "－": "-", "—": "-", "–": "-", "～": "-", "~": "-", "　": " "})

_DAY = r"(?:周|星期|礼拜)([一二三四五六日天])"
DAY_RANGE = re.compile(rf"{_DAY}\s*(?:至|到|-)\s*{_DAY}")
DAY_LIST = re.compile(rf"{_DAY}(?:\s*、\s*{_DAY})*")
EVERY_DAY = re.compile(r"每天|每日")
TIME_RANGE = re.compile(r"(上午|下午|中午|晚上)?\s*([0-9]{1,2}):([0-9]{2})\s*(?:-|至|到)\s*(?:(上午|下午|中午|晚上)\s*)?([0-9]{1,2}):([0-9]{2})")
HOLIDAYS = re.compile(r"\(?\s*((?:法定)?节假日(?:除外|休息))\s*\)?")
SEPARATOR = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class Span:
    days: tuple[str, ...]  # schema.org day names, Monday first
    opens: str  # HH:MM
    closes: str
    note: str | None = None


def _clock(part: str | None, hour: str, minute: str) -> tuple[int, int] | None:
    h, m = int(hour), int(minute)
    if part in ("下午", "晚上") and h < 12:
        h += 12
    if h > 23 or m > 59:
        return None
    return h, m


def _days(match: re.Match[str]) -> tuple[str, ...]:
    if match.re is EVERY_DAY:
        return WEEK
    if match.re is DAY_RANGE:
        first, last = DAY_INDEX[match.group(1)], DAY_INDEX[match.group(2)]
        count = (last - first) % 7 + 1
        return tuple(WEEK[(first + i) % 7] for i in range(count))
    picked = {DAY_INDEX[d] for d in re.findall(r"[一二三四五六日天]", re.sub(r"周|星期|礼拜", "", match.group(0)))}
    return tuple(WEEK[i] for i in sorted(picked))


@lru_cache(maxsize=4096)  # a catalog repeats a few hall timetables thousands of times
def parse(text: str) -> tuple[Span, ...] | None:
    """The weekly spans of an hours text, or None when any part of it is not understood."""
    source = text.translate(NORMAL)
    spans: list[tuple[tuple[str, ...], str, str]] = []
    days: tuple[str, ...] | None = None
    holidays: str | None = None  # the clause as written: 法定节假日除外, 节假日休息
    pos = 0
    while pos < len(source):
        if sep := SEPARATOR.match(source, pos):
            pos = sep.end()
            continue
        if found := DAY_RANGE.match(source, pos) or DAY_LIST.match(source, pos) or EVERY_DAY.match(source, pos):
            days, pos = _days(found), found.end()
            continue
        if (found := TIME_RANGE.match(source, pos)) and days is not None:
            opens = _clock(found.group(1), found.group(2), found.group(3))
            closes = _clock(found.group(4) or found.group(1), found.group(5), found.group(6))
            if opens is None or closes is None or opens >= closes:
                return None
            spans.append((days, f"{opens[0]:02d}:{opens[1]:02d}", f"{closes[0]:02d}:{closes[1]:02d}"))
            pos = found.end()
            continue
        if found := HOLIDAYS.match(source, pos):
            holidays, pos = found.group(1), found.end()
            continue
        return None
    if not spans:
        return None
    return tuple(Span(d, o, c, holidays) for d, o, c in spans)
