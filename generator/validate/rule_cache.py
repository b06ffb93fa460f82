"""Per-record rule findings kept between runs: `.banshi-cache/rules.bin`.

The per-record rules (validate/record_rules.py, and the same rules on every scheduled state, validate/scheduled.py)
read a record's file (its bytes and its path), the catalog, mkdocs.yml (the hosts an appointment link may use), the
attachments under items/_files/ and nothing else; they are Banshi's code, run by one Python with one pydantic and
one PyYAML. So the cache holds one `context` digest of all but the record (`context_key`: the code under
generator/, the versions, every file under items/_catalog/, mkdocs.yml, and the items/_files/ tree with each entry's
kind, link target and bytes) and, per record file, the digest of its bytes and the findings the rules gave. A run
whose context differs starts empty; a record whose bytes differ is checked again. A hit gives what the rules would:
they are a function of those inputs.

Like the parse cache (generator/load/parse_cache.py): only runs that read every record use it, the file is written
atomically with the digest of its body, a damaged or unreadable cache is not used, and one that git tracks is
neither read nor written (generator/load/tracked.py).
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pydantic
import yaml

import generator
from generator.load.cache_file import DigestCache
from generator.model.findings import Finding

CACHE_FILE = Path(".banshi-cache") / "rules.bin"
MAGIC = b"banshi-rules-1\n"
CODE = Path(generator.__file__).resolve().parent
Stored = tuple[str, str, int, int, str, str, str, str, tuple[str, ...]]


def _tree(folder: Path) -> Iterator[tuple[str, bytes]]:
    """(relative name, what it is) for every entry under folder, in a fixed order, without following symlinks."""
    for current, dirs, files in os.walk(folder):
        dirs.sort()
        for name in [*dirs, *sorted(files)]:
            path = Path(current) / name
            rel = path.relative_to(folder).as_posix()
            try:
                info = path.lstat()
                if stat.S_ISLNK(info.st_mode):
                    yield rel, b"link:" + os.fsencode(os.readlink(path))
                elif stat.S_ISREG(info.st_mode):
                    yield rel, b"file:" + hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
                else:
                    yield rel, f"kind:{stat.S_IFMT(info.st_mode)}".encode()
            except OSError as exc:
                yield rel, f"unreadable:{exc.errno}".encode()


def context_key(root: Path) -> bytes:
    """A digest of everything the per-record rules read besides the record itself."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{sys.version}\n{pydantic.VERSION}\n{yaml.__version__}\n".encode())
    for source in sorted(CODE.rglob("*.py")):
        h.update(source.relative_to(CODE).as_posix().encode() + b"\x00" + source.read_bytes())
    for place in ("items", "items/_catalog", "items/_files", "mkdocs.yml"):  # what each is: a symlink changes answers
        try:
            h.update(f"{place}:{stat.S_IFMT((root / place).lstat().st_mode)}\n".encode())
        except OSError:
            h.update(f"{place}:missing\n".encode())
    for folder in ("items/_catalog", "items/_files"):
        for rel, what in _tree(root / folder):
            h.update(f"{folder}/{rel}\x00".encode() + what + b"\n")
    try:
        h.update((root / "mkdocs.yml").read_bytes())
    except OSError:
        h.update(b"no mkdocs.yml")
    return h.digest()


def _stored(f: Finding) -> Stored:
    return (f.severity, f.file, f.line, f.column, f.field, f.section, f.message, f.hint, tuple(f.related))


def _finding(s: Stored) -> Finding:
    return Finding(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], related=list(s[8]))  # type: ignore[arg-type]


class RuleCache:
    """record file -> (digest of its bytes, its per-record findings), for one context."""

    def __init__(self, cache: DigestCache[list[Stored]]) -> None:
        self.cache = cache

    @classmethod
    def open(cls, root: Path) -> RuleCache:
        return cls(DigestCache.at(root, CACHE_FILE, MAGIC, context_key(root)))

    def lookup(self, file: str, file_digest: bytes | None) -> list[Finding] | None:
        stored = self.cache.get(file, file_digest)
        return [_finding(s) for s in stored] if stored is not None else None

    def store(self, file: str, file_digest: bytes | None, findings: list[Finding]) -> None:
        self.cache.put(file, file_digest, [_stored(f) for f in findings])

    def save(self, prune: bool) -> None:
        """Write the cache when it changed; `prune`: the rules ran on every record, so entries of other files go."""
        self.cache.save(prune)
