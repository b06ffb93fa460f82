"""Text pasted from elsewhere: what a clerk cannot see in a value that the schema accepts, named as a warning.

Word's curly quotes around a whole value (shown on the page as typed), spaces that only look like spaces (U+00A0
from web pages, a full-width space at either end of a value) and digits or letters typed in full-width mode
(`model/characters.py` names them). Errors in codes and phones are the model's; this is prose that still reads.
List items that start with Word's own numbering (（一）, 1、, ①) are errors: the site numbers lists itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from generator.model.characters import LOOKALIKE_SPACES, describe, fullwidth_note, halfwidth
from generator.model.fields import section_of
from generator.model.records import ImplementationRecord
from generator.validate.context import RuleContext

CURLY_QUOTES = (("“", "”"), ("‘", "’"))
INNER_SPACES = LOOKALIKE_SPACES.replace("\u3000", "")  # a full-width space between Chinese words can be meant
#: Any character `problem` looks at: most records have none, and are passed over with one search of their JSON text.
SUSPECT_RE = re.compile(f"[“‘{LOOKALIKE_SPACES}\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def record_json(ctx: RuleContext) -> str:
    """The record's data as JSON text, once per record: a C-speed haystack for the rules' first, cheap test."""
    cached: str | None = getattr(ctx, "_json", None)
    if cached is None:
        cached = json.dumps(ctx.src.data, ensure_ascii=False, default=str)
        ctx._json = cached  # type: ignore[attr-defined]
    return cached


def texts(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(path, value) of every text value in a record's data."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from texts(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from texts(value, (*path, i))
    elif isinstance(data, str):
        yield path, data


def problem(text: str) -> tuple[str, str] | None:
    """(message, hint) for the first pasted-text problem of a value, or None."""
    shown = text if len(text) <= 24 else text[:24] + "…"
    for left, right in CURLY_QUOTES:
        if len(text) > 2 and text.startswith(left) and text.endswith(right) and left not in text[1:-1] and right not in text[1:-1]:
            return f"「{shown}」整段带着引号 {left}{right}（从 Word 复制来的）：网站会把引号原样显示出来", f"删除两端的引号，写成 {text[1:-1]}"
    odd = next((i for i, ch in enumerate(text) if ch in INNER_SPACES or (ch == "\u3000" and i in (0, len(text) - 1))), None)
    if odd is not None:
        where = "最前面" if odd == 0 else "最后面" if odd == len(text) - 1 else f"第 {odd + 1} 个字，「{text[max(0, odd - 6) : odd]}」之后"
        return f"「{shown}」中有{describe(text[odd])}（{where}）：看起来像空格，搜索和复制时却不是", "删除它，需要空格的地方重新输入一个普通空格"
    note = fullwidth_note(text)
    if note:
        return f"「{shown}」{note}", f"改为半角，写成 {halfwidth(text).strip()}"
    return None


def rule_pasted_text(ctx: RuleContext) -> None:
    if not SUSPECT_RE.search(record_json(ctx)):
        return
    for path, text in texts(ctx.src.data):
        found = problem(text)
        if found:
            ctx.add(path, *found, severity="warning")


NUMBERING_RE = re.compile(r"^\s*(（[一二三四五六七八九十\d]+）|\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+[、.．]|\d+[、.．)）](?!\d)|[①-⑳])\s*")
LIST_FIELDS = [k for k, f in ImplementationRecord.model_fields.items() if "list" in str(f.annotation).lower() or "Many" in str(f.annotation)]


def _list_texts(rec: ImplementationRecord) -> list[tuple[tuple, str]]:
    """(path, text) of every list item's text: strings in lists and the name/q of list items."""
    out: list[tuple[tuple, str]] = []
    for key in LIST_FIELDS:
        value = getattr(rec, key)
        if not value or not isinstance(value, list | tuple):
            continue
        for i, item in enumerate(value):
            if isinstance(item, str):
                out.append(((key, i), item))
            else:
                for sub in ("name", "q", "description"):
                    text = getattr(item, sub, None)
                    if isinstance(text, str):
                        out.append(((key, i, sub), text))
    return out


def rule_list_numbering(ctx: RuleContext) -> None:
    for path, text in _list_texts(ctx.rec):
        match = NUMBERING_RE.match(text)
        if match:
            number = match.group(1)
            ctx.add(
                path,
                f"列表项开头带着从 Word 粘贴来的编号「{number}」",
                f"删除「{number}」：每一项以「- 」开头即可，网站会自动编号",
                section_of(ImplementationRecord, path) or ("办理流程" if path[0] == "steps" else ""),
            )
