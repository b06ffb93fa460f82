"""An incremental build's open data: the pieces of unchanged items copied from the files the last build wrote.

The whole-catalog files (items.json, items.csv, the companion and national tables) hold one piece per item, in item
order (generator/export/streams.py). After writing them, a build keeps an index of them in
`.banshi-cache/export/<site folder>.bin`: for each file its size, a digest of its bytes and where each item's piece
ends; for each item its data file (the index.json beside its page) and the key that file was made from
(generator/render/inputs.py); and a context digest (the build's global digest and the national batch: its date,
its id, the settings and the version ledger), which every piece also depends on.

The next incremental build into the same folder reads the index and copies, a run of unchanged items at a time, the
pieces of items whose key is the same; it resolves and writes only the others. It uses the index only when:
- the context digest is this build's;
- the files listed are the files this build writes, in the same order;
- every earlier file in the live site has the size and the digest the index recorded (read in full: a file changed
  in any way since the index was written is not copied from);
- at most REUSE_AT_MOST items changed (beyond that, the forked export of every item is as fast).
Otherwise every item is exported, as in a full build. Both ways write the same bytes: a piece is a function of the
item's key and the context, and tests/test_incremental_build.py compares them with a full build's files.

The index is written atomically, carries the digest of its body and is neither read nor written when git tracks it
(generator/load/tracked.py), like the parse cache. A build first stages it beside the index (`<name>.next.bin`) and
makes it the index only once its site is the live one (generator/site/build.py): a build that fails or is stopped
after its export leaves the index of the files still live, and the next build copies from them.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
from array import array
from collections.abc import Callable, Sequence
from contextlib import ExitStack, suppress
from dataclasses import dataclass
from pathlib import Path

from generator.export.national_batch import Batch
from generator.export.resolved import Context, resolve
from generator.export.streams import ItemsExport, dump, item_data_path, json_separator, write_item_json
from generator.load.cache_file import read_cache, write_cache
from generator.load.tracked import tracked_under
from generator.model.item import Item

INDEX_DIR = Path(".banshi-cache") / "export"
MAGIC = b"banshi-export-1\n"
REUSE_AT_MOST = 2000  # changed items
CHUNK = 1 << 20

KeyOf = Callable[[Item], tuple[str, str | None]]  # item -> (its data file, its key)
Kept = Callable[[Item], bool] | None


@dataclass
class FileIndex:
    name: str
    head: int  # bytes before the first piece
    size: int
    digest: bytes
    ends: array
    counts: array

    def start(self, j: int) -> int:
        return self.ends[j - 1] if j else self.head

    def rows_before(self, j: int) -> int:
        return self.counts[j - 1] if j else 0


@dataclass
class ExportIndex:
    context: str
    order: list[str]  # the data file of each item, in item order
    keys: list[str]
    files: list[FileIndex]

    def body(self) -> bytes:
        files = [(f.name, f.head, f.size, f.digest, f.ends.tobytes(), f.counts.tobytes()) for f in self.files]
        return marshal.dumps((self.context, self.order, self.keys, files))

    @classmethod
    def from_body(cls, body: bytes) -> ExportIndex:
        context, order, keys, files = marshal.loads(body)
        out = []
        for name, head, size, digest, ends, counts in files:
            out.append(FileIndex(name, head, size, digest, array("q", ends), array("q", counts)))
        if any(len(f.ends) != len(order) or len(f.counts) != len(order) for f in out) or len(keys) != len(order):
            raise ValueError("inconsistent export index")
        return cls(context, order, keys, out)


@dataclass(frozen=True)
class FragmentStore:
    """Where the index of one site folder's export lives, and what this build keys its items by."""

    root: Path
    path: Path
    context: str  # the build's global digest; write_open_data adds the national batch
    key_of: KeyOf
    previous: Path | None  # the live site's data folder when this build is incremental

    @classmethod
    def for_site(cls, root: Path, site: Path, context: str, key_of: KeyOf, incremental: bool) -> FragmentStore:
        place = site.resolve()
        where = place.relative_to(root.resolve()) if place.is_relative_to(root.resolve()) else place  # a copied project keeps its index
        name = hashlib.blake2b(os.fsencode(where), digest_size=8).hexdigest()
        return cls(root, root / INDEX_DIR / f"{name}.bin", context, key_of, site / "data" if incremental else None)

    def with_batch(self, batch: Batch) -> str:
        ledger = sorted(batch.versions.known.items())
        text = json.dumps([self.context, batch.time, batch.batch, sorted(batch.settings.items()), ledger], ensure_ascii=False)
        return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()

    def _tracked(self) -> bool:
        return self.path.exists() and bool(tracked_under(self.root, self.path))

    def read(self) -> ExportIndex | None:
        if self.previous is None or self._tracked():
            return None
        body = read_cache(self.path, MAGIC, b"")
        if body is None:
            return None
        try:
            return ExportIndex.from_body(body)
        except (ValueError, EOFError, TypeError):
            return None

    @property
    def staged(self) -> Path:
        """Where this build's index waits until its files are the live site's (`publish`)."""
        return self.path.with_name(f"{self.path.stem}.next{self.path.suffix}")

    def write(self, index: ExportIndex) -> None:
        """Stage the index of the files this build wrote. A build that fails before its site is applied leaves the
        published index, which still describes the live files, so the next build copies from them."""
        if self._tracked():
            return
        write_cache(self.staged, MAGIC, b"", index.body())

    def discard_staged(self) -> None:
        """What a build stopped before its site was applied staged: never this build's."""
        with suppress(OSError):  # a read-only checkout
            self.staged.unlink(missing_ok=True)

    def publish(self) -> None:
        """Once the site is applied: the staged index becomes the index; without one (an item had no key), the old
        index no longer describes the live files and goes."""
        if self._tracked():
            return
        with suppress(OSError):  # a read-only checkout
            if self.staged.is_file():
                os.replace(self.staged, self.path)
            else:
                self.path.unlink(missing_ok=True)


def index_of(export: ItemsExport, items: Sequence[Item], key_of: KeyOf, context: str) -> ExportIndex | None:
    """The index of a closed export of `items` (None when an item has no key: nothing could be reused)."""
    keyed = [key_of(item) for item in items]
    keys = [key for _, key in keyed]
    if any(key is None for key in keys):
        return None
    files = [FileIndex(s.name, len(s.head), s.position, s.digest(), s.ends, s.counts) for s in export.streams]
    return ExportIndex(context, [rel for rel, _ in keyed], keys, files)  # type: ignore[arg-type]


def _intact(index: ExportIndex, folder: Path) -> bool:
    """Every file the index describes is in `folder`, a regular file with the size and digest recorded."""
    for f in index.files:
        path = folder / f.name
        try:
            if path.is_symlink() or not path.is_file() or path.stat().st_size != f.size:
                return False
            h = hashlib.blake2b(digest_size=16)
            with path.open("rb") as source:
                while chunk := source.read(CHUNK):
                    h.update(chunk)
        except OSError:
            return False
        if h.digest() != f.digest:
            return False
    return True


def _plan(items: Sequence[Item], index: ExportIndex, key_of: KeyOf) -> list[int | None]:
    """For each item, its position in the earlier export when its piece can be copied from there."""
    where = {rel: j for j, rel in enumerate(index.order)}
    plan: list[int | None] = []
    last = -1
    for item in items:
        rel, key = key_of(item)
        j = where.get(rel)
        if j is not None and key is not None and index.keys[j] == key and j > last:
            plan.append(j)
            last = j
        else:
            plan.append(None)
    return plan


def export_reusing(
    items: Sequence[Item], ctx: Context, export: ItemsExport, store: FragmentStore, index: ExportIndex, site_dir: Path, kept: Kept
) -> int | None:
    """Export `items` into `export` (new and empty), copying unchanged items' pieces from the live site's files, and
    return how many were copied; None, having written nothing, when the index cannot be used (then the caller exports
    every item)."""
    assert store.previous is not None
    if export.count or [f.name for f in index.files] != [s.name for s in export.streams] or export.streams[0].kind != "json":
        return None
    plan = _plan(items, index, store.key_of)
    if sum(j is None for j in plan) > REUSE_AT_MOST or not _intact(index, store.previous):
        return None
    with ExitStack() as stack:
        sources = [stack.enter_context(open(store.previous / f.name, "rb")).fileno() for f in index.files]
        i = 0
        while i < len(items):
            j = plan[i]
            if j is None:
                record = resolve(items[i], ctx)
                text = dump(record)
                export.add(record, text)
                if kept is None or not kept(items[i]):
                    write_item_json(item_data_path(site_dir, items[i]), text)
                i += 1
                continue
            k = i
            while k + 1 < len(items) and plan[k + 1] == (plan[k] or 0) + 1:
                k += 1
            _copy_run(export, index, sources, j, j + k - i)
            for n, item in enumerate(items[i : k + 1]):
                if kept is None or not kept(item):  # its index.json is its piece of items.json
                    write_item_json(item_data_path(site_dir, item), _json_of(index.files[0], sources[0], j + n))
            i = k + 1
    return sum(j is not None for j in plan)


def _copy_run(export: ItemsExport, index: ExportIndex, sources: list[int], first: int, last: int) -> None:
    for stream, f, source in zip(export.streams, index.files, sources, strict=True):
        start, end = f.start(first), f.ends[last]
        if stream.kind == "json":  # the earlier separator goes, this file's goes in
            start += len(json_separator(first == 0))
            separator = json_separator(export.count == 0)
        else:
            separator = b""
        stream.copy(source, separator, start, end, f.ends[first : last + 1], f.counts[first : last + 1], f.rows_before(first))
    export.count += last - first + 1


def _json_of(f: FileIndex, source: int, j: int) -> bytes:
    start = f.start(j) + len(json_separator(j == 0))
    return os.pread(source, f.ends[j] - start, start)
