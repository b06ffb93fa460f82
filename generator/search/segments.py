"""jieba's segments of the texts the search indexes word by word (names, keywords, synonyms), kept between builds.

Starting jieba (loading its dictionary) costs 0.7-1.1 s in every build on the developers' machine, though the texts it
segments, the catalog's names, keywords and synonyms, seldom change in a pull request. Inside `kept(root)`,
`search(text)` and `words(text)` answer from `.banshi-cache/segments.bin`, the segments of earlier builds, and start
jieba only for a text they have not seen; the file then gains the new texts. Its key is jieba's version and the
digest of jieba's dictionary, so another jieba or dictionary reads as an empty cache. Like every file there it is
neither read nor written when git tracks it (generator/load/tracked.py), and a missing or damaged file reads as empty
(generator/load/cache_file.py): the segments are then jieba's own, as they are outside `kept` (`banshi index`, the
tests). The file is never pruned: it grows with the names, keywords and synonyms a catalog has had (a record's own
name and keywords among them), which a pull request seldom adds to.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from generator.load.cache_file import read_entries, write_entries
from generator.load.tracked import tracked_under

CACHE = Path(".banshi-cache") / "segments.bin"
MAGIC = b"banshi-segments-1\n"

Segments = tuple[tuple[str, ...], tuple[str, ...]]  # (jieba.cut_for_search, jieba.cut)

_known: dict[str, Segments] | None = None  # inside kept(): the segments read from the cache, and those made since
_new: set[str] = set()


def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def _made(text: str) -> Segments:
    jieba = _jieba()
    return tuple(jieba.cut_for_search(text)), tuple(jieba.cut(text))


def _segments(text: str) -> Segments:
    if _known is None:
        return _made(text)
    found = _known.get(text)
    if found is None:
        found = _known[text] = _made(text)
        _new.add(text)
    return found


def search(text: str) -> tuple[str, ...]:
    """jieba.cut_for_search(text), as a tuple."""
    return _segments(text)[0]


def words(text: str) -> tuple[str, ...]:
    """jieba.cut(text), as a tuple."""
    return _segments(text)[1]


@cache
def dictionary_key() -> bytes:
    """jieba's version and the digest of the dictionary it loads by default (found without importing jieba)."""
    spec = importlib.util.find_spec("jieba")
    origin = Path(spec.origin) if spec is not None and spec.origin else None
    h = hashlib.blake2b(importlib.metadata.version("jieba").encode("utf-8"), digest_size=16)
    if origin is not None and (origin.parent / "dict.txt").is_file():
        h.update((origin.parent / "dict.txt").read_bytes())
    return h.hexdigest().encode("ascii")


def _well_formed(entries: dict[Any, Any]) -> dict[str, Segments]:
    def tokens(value: Any) -> bool:
        return isinstance(value, tuple) and all(isinstance(t, str) for t in value)

    return {k: v for k, v in entries.items() if isinstance(k, str) and isinstance(v, tuple) and len(v) == 2 and tokens(v[0]) and tokens(v[1])}


@contextmanager
def kept(root: Path) -> Iterator[None]:
    """Segments answered from (and new ones added to) the project's cache while the block runs."""
    global _known
    path = root / CACHE
    tracked = path.exists() and bool(tracked_under(root, path))
    key = dictionary_key()
    _new.clear()
    _known = {} if tracked else _well_formed(read_entries(path, MAGIC, key))
    try:
        yield
        if _new and not tracked:
            write_entries(path, MAGIC, key, _known)
    finally:
        _known = None
        _new.clear()
