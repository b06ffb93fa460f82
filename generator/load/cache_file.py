"""The files under `.banshi-cache/`: a magic line, the key the contents were made under, the digest of the body, the
body. Written atomically (a temporary file, then a rename); a file that is missing, unreadable, of another key or
damaged reads as None, so a cache is only ever an optimisation. The parse cache (parse_cache.py), the rule cache
(generator/validate/rule_cache.py) and the open data's index (generator/export/fragments.py) use it; the first two
share `DigestCache`, entries kept under the digest of a file's bytes.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path
from typing import Any, Generic, TypeVar

from generator.load.tracked import tracked_under

DIGEST = 16
V = TypeVar("V")


def _digest(body: bytes) -> bytes:
    return hashlib.blake2b(body, digest_size=DIGEST).digest()


def read_cache(path: Path, magic: bytes, key: bytes) -> bytes | None:
    """The body, when the file has this magic line and key and its body is whole."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(magic) + len(key)
    body = data[head + DIGEST :]
    if data[:head] != magic + key or data[head : head + DIGEST] != _digest(body):
        return None
    return body


def write_cache(path: Path, magic: bytes, key: bytes, body: bytes) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(magic + key + _digest(body) + body)
        os.replace(tmp, path)
    except OSError:  # a read-only checkout
        tmp.unlink(missing_ok=True)


def read_entries(path: Path, magic: bytes, key: bytes) -> dict[Any, Any]:
    """A cache whose body is one marshalled dict; empty when there is none that reads."""
    body = read_cache(path, magic, key)
    if body is None:
        return {}
    try:
        entries = marshal.loads(body)
    except (ValueError, EOFError, TypeError):
        return {}
    return entries if isinstance(entries, dict) else {}


def write_entries(path: Path, magic: bytes, key: bytes, entries: dict[Any, Any]) -> None:
    try:
        body = marshal.dumps(entries)
    except ValueError:  # a value marshal cannot write: made again next time
        return
    write_cache(path, magic, key, body)


class DigestCache(Generic[V]):
    """file (relative to the project) -> (digest of its bytes, a value made from them), under one key: what the parse
    cache and the rule cache share. `open` gives an empty cache, never written, when git tracks the file (a commit
    put it there, not a run: generator/load/tracked.py)."""

    def __init__(self, path: Path, magic: bytes, key: bytes, entries: dict[str, tuple[bytes, V]], writable: bool = True) -> None:
        self.path, self.magic, self.key, self.entries, self.writable = path, magic, key, entries, writable
        self.seen: set[str] = set()
        self.changed = False

    @classmethod
    def at(cls, root: Path, relative: Path, magic: bytes, key: bytes) -> DigestCache[V]:
        path = root / relative
        if path.exists() and tracked_under(root, path):
            return cls(path, magic, key, {}, writable=False)
        return cls(path, magic, key, read_entries(path, magic, key))

    def get(self, file: str, file_digest: bytes | None) -> V | None:
        """The value kept for these bytes of the file (the file counts as seen by this run either way)."""
        self.seen.add(file)
        entry = self.entries.get(file)
        return entry[1] if file_digest is not None and entry is not None and entry[0] == file_digest else None

    def put(self, file: str, file_digest: bytes | None, value: V) -> None:
        if file_digest is not None:
            self.entries[file] = (file_digest, value)
            self.changed = True

    def save(self, prune: bool) -> None:
        """Write the cache when it changed; `prune`: the run saw every record file, so entries of other files go."""
        if prune and self.entries.keys() - self.seen:
            self.entries = {k: v for k, v in self.entries.items() if k in self.seen}
            self.changed = True
        if self.changed and self.writable:
            write_entries(self.path, self.magic, self.key, self.entries)
