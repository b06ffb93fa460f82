"""The character -> toneless syllable table (search/pinyin-chars.json) and a query's pinyin: the second, homophone
search of both backends (身分证 -> "shen fen zheng"). The browser loads the same file, so both sides send the same
second query. Regenerated with `python -m generator.search.query`."""

from __future__ import annotations

import json
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

from generator.assets import SEARCH_DIR
from generator.model.values import HAN

PINYIN_FILE = SEARCH_DIR / "pinyin-chars.json"


def _gb2312_hanzi() -> list[str]:
    chars = []
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def build_pinyin_map(extra_text: str = "") -> dict[str, str]:
    """Character -> toneless syllable for the 6,763 GB2312 Han characters plus any in extra_text (most common reading)."""
    chars = sorted(set(_gb2312_hanzi()) | set(HAN.findall(extra_text)))
    out = {}
    for ch in chars:
        syllable = lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")
        if syllable and syllable[0].isascii() and syllable[0].isalpha():
            out[ch] = syllable[0]
    return out


@lru_cache(maxsize=1)
def pinyin_map() -> dict[str, str]:
    if PINYIN_FILE.is_file():
        data: dict[str, str] = json.loads(PINYIN_FILE.read_text(encoding="utf-8"))
        return data
    return build_pinyin_map()


def query_pinyin(text: str) -> str:
    """The second query's text: 身分证 -> "shen fen zheng"; "" when the text has no mapped Han character."""
    table = pinyin_map()
    words: list[str] = []
    latin = ""
    han = False
    for ch in text:
        if ch.isascii() and ch.isalnum():
            latin += ch.lower()
            continue
        if latin:
            words.append(latin)
            latin = ""
        syllable = table.get(ch)
        if syllable:
            words.append(syllable)
            han = True
    if latin:
        words.append(latin)
    return " ".join(words) if han else ""
