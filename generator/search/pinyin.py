"""Pinyin forms of Chinese names for search: full syllables per word and per name, and initials."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin

from generator.search import segments

#: Initials of a word inside a name or keyword (结婚证 in 领结婚证 -> jhz) are indexed from this length: two letters
#: (jh, hz) match too many words to be worth a term of their own.
INITIALS_FROM = 3


@lru_cache(maxsize=65536)
def word_forms(word: str) -> tuple[str, str]:
    """(full pinyin joined, initials) of one word: 驾驶证 -> ("jiashizheng", "jsz")."""
    full = lazy_pinyin(word, errors="ignore")
    initials = lazy_pinyin(word, style=Style.FIRST_LETTER, errors="ignore")
    return "".join(full), "".join(initials)


@lru_cache(maxsize=65536)
def pinyin_terms(*texts: str) -> str:
    """Space-separated pinyin terms for the texts: whole names and their initials, their jieba search segments and the
    initials of segments of INITIALS_FROM characters or more."""
    terms: list[str] = []
    seen: set[str] = set()

    def add(term: str) -> None:
        if term and term not in seen:
            seen.add(term)
            terms.append(term)

    for text in texts:
        if not text:
            continue
        full, initials = word_forms(text)
        add(full)
        add(initials)
        for segment in segments.search(text):
            if len(segment) > 1:
                full, initials = word_forms(segment)
                add(full)
                if len(segment) >= INITIALS_FROM:
                    add(initials)
    return " ".join(terms)
