"""Parsed record files kept between runs, keyed by each file's bytes: `.banshi-cache/records.bin`.

Parsing YAML is the largest part of loading a catalog (2.6 s of 10k records on one core), and between two builds of
a pull request almost every file is the same. The cache maps a record's path to the digest of its bytes and what
parsing those bytes gave: the plain data, or the file's syntax errors. A file is always read; only when its digest
matches is the parse skipped, so a hit gives exactly what parsing would (the parse is a function of the bytes and
the parser). The whole cache is ignored when the parser may have changed: its key (`parser_key`) covers the Python
version, PyYAML's version and the source of generator/load/. Files that cannot be read, are not regular, or are too
large are never cached (their refusal depends on more than the bytes). A cache file that git tracks was put there by
a commit, not by a run, and is neither read nor written.

The file is written atomically (a temporary file, then a rename) and carries the digest of its body; a cache that
is missing, unreadable, stale or damaged is simply not used. Only a run that reads every record uses it (and keeps
entries for those files only): for a few files (a pre-commit hook on five) reading the cache, 80 MB at 100k
records, costs more than parsing them.
"""

from __future__ import annotations

import hashlib
import sys
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from generator.load.cache_file import DigestCache

CACHE_FILE = Path(".banshi-cache") / "records.bin"
MAGIC = b"banshi-records-1\n"
Parsed = tuple[str, Any]  # ("ok", data) or ("source", [(line, column, message, hint), ...])
CACHEABLE = ("ok", "source")


@cache
def parser_key() -> bytes:
    """What a parse depends on besides the bytes: Python (marshal's format too), PyYAML and this stage's code."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{sys.version}\n{yaml.__version__}\n{getattr(yaml, '__with_libyaml__', False)}\n".encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        h.update(source.name.encode() + b"\x00" + source.read_bytes())
    return h.digest()


def digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


class ParseCache:
    """file (relative to the project) -> (digest of its bytes, what parsing them gave)."""

    def __init__(self, cache: DigestCache[Parsed]) -> None:
        self.cache = cache

    @classmethod
    def open(cls, root: Path) -> ParseCache:
        """The project's cache; an empty one, never written, when git tracks the file (load/tracked.py)."""
        return cls(DigestCache.at(root, CACHE_FILE, MAGIC, parser_key()))

    @property
    def entries(self) -> dict[str, tuple[bytes, Parsed]]:
        return self.cache.entries

    def lookup(self, file: str, file_digest: bytes) -> Parsed | None:
        return self.cache.get(file, file_digest)

    def store(self, file: str, file_digest: bytes, parsed: Parsed) -> None:
        if parsed[0] in CACHEABLE:
            self.cache.put(file, file_digest, parsed)

    def save(self, complete: bool) -> None:
        """Write the cache when it changed; `complete`: every record was read, so entries of other files go."""
        self.cache.save(prune=complete)
