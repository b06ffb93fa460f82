"""The files under `.banshi-cache/`: a magic line, the key the contents were made under, the digest of the body, the
body. Written atomically (a temporary file, then a rename); a file that is missing, unreadable, of another key or
damaged reads as None, so a cache is only ever an optimisation. The parse cache (parse_cache.py), the rule cache
(generator/validate/rule_cache.py) and the open data's index (generator/export/fragments.py) use it.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path
from typing import Any

DIGEST = 16


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
