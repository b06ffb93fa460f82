"""The items export's files, written as bytes: items.json, items.csv, the companion tables and the national tables.

Each file is one `Stream`. It knows where each item's piece of the file ends and how many rows the file holds
after it, so a later build can copy the piece of an item that did not change instead of making it again
(generator/export/fragments.py). A piece is everything the item adds to the file: in items.json the separator
before its JSON, then the JSON; in a CSV its rows.

`fragment=True` writes a piece of each file for a forked worker (no head, no tail, no BOM; no separator before
its first item), which the parent appends with `append` in item order: the same bytes as one pass.
"""

from __future__ import annotations

import hashlib
import json
import os
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from generator.address.links import DATA_FILE, page_url
from generator.address.paths import item_page
from generator.export.columns import columns, csv_row
from generator.export.companion import COMPANIONS
from generator.export.companion import fields as companion_fields
from generator.export.companion import rows as companion_rows
from generator.export.csv_text import BOM, CsvBytes
from generator.export.national import OUTPUT, national_rows
from generator.export.national_batch import Batch
from generator.model.item import Item

JSON_HEAD, JSON_TAIL = b"[", b"\n]\n"
COMPANION = {t.name: t for t in COMPANIONS}
CHUNK = 1 << 20


def dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def json_separator(first: bool, fragment: bool = False) -> bytes:
    """What goes before an item's JSON in items.json (none before a worker's first: the parent writes it)."""
    if first:
        return b"" if fragment else b"\n"
    return b",\n"


def item_data_path(site_dir: Path, item: Item) -> Path:
    return site_dir / page_url(item_page(item)) / DATA_FILE


def write_item_json(path: Path, text: str | bytes) -> None:
    """The item's own JSON beside its page (whose folder the pages normally made already)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        path.write_bytes(data)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


@dataclass
class Stream:
    """One file of the export; `ends[i]` is where item i's piece ends, `counts[i]` the rows written through item i."""

    kind: str  # json, csv, national, companion
    name: str  # the file, relative to the export folder
    path: Path
    head: bytes  # before the first item: BOM and header row, "[" for JSON; empty in a fragment
    table: str = ""  # the national table or companion it holds
    position: int = 0  # bytes written
    rows: int = 0
    ends: array = field(default_factory=lambda: array("q"))
    counts: array = field(default_factory=lambda: array("q"))
    handle: IO[bytes] | None = None
    hasher: Any = None  # blake2b of every byte written (not in a fragment: the parent hashes what it appends)

    def open(self, fragment: bool) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = self.path.open("wb")
        self.hasher = None if fragment else hashlib.blake2b(digest_size=16)
        self._write(self.head)

    def _write(self, data: bytes) -> None:
        assert self.handle is not None
        self.handle.write(data)
        if self.hasher is not None:
            self.hasher.update(data)
        self.position += len(data)

    def piece(self, data: bytes, rows: int) -> None:
        self._write(data)
        self.rows += rows
        self.ends.append(self.position)
        self.counts.append(self.rows)

    def extend(self, separator: bytes, part: Stream) -> None:
        """A closed fragment's file onto the end of this one, with the separator its first item lacks."""
        base = self.position + len(separator)
        self._write(separator)
        with part.path.open("rb") as source:
            while chunk := source.read(CHUNK):
                self._write(chunk)
        self.ends.extend(array("q", (base + end for end in part.ends)))
        self.counts.extend(array("q", (self.rows + count for count in part.counts)))
        self.rows += part.rows

    def copy(self, source: int, separator: bytes, start: int, end: int, ends: array, counts: array, rows_before: int) -> None:
        """Bytes start..end of an earlier file of this stream (open as `source`), after `separator`: the pieces of a
        run of unchanged items, whose ends and row counts there were `ends` and `counts`."""
        self._write(separator)
        base = self.position - start  # where byte x of the earlier file lands
        at = start
        while at < end:
            chunk = os.pread(source, min(CHUNK, end - at), at)
            if not chunk:
                raise OSError(f"{self.name}：上次生成的文件比记录的短")
            self._write(chunk)
            at += len(chunk)
        self.ends.extend(array("q", (base + e for e in ends)))
        self.counts.extend(array("q", (self.rows + c - rows_before for c in counts)))
        self.rows += counts[-1] - rows_before

    def close(self, tail: bytes = b"") -> None:
        if self.handle is not None:
            self._write(tail)
            self.handle.close()
            self.handle = None

    def digest(self) -> bytes:
        return self.hasher.digest() if self.hasher is not None else b""


class ItemsExport:
    """Streaming writers for items.json, items.csv and, optionally, the national tables and the companion tables."""

    def __init__(
        self,
        out: Path,
        json_name: str | None = "items.json",
        csv_name: str | None = "items.csv",
        national: Path | None = None,
        *,
        fragment: bool = False,
        batch: Batch | None = None,
        companions: bool = False,
    ) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.out, self.json_name, self.csv_name, self.national_dir, self.fragment = out, json_name, csv_name, national, fragment
        self.batch, self.companions = batch, companions
        self.count = 0
        self.csv_bytes = CsvBytes()
        head = (lambda header: b"") if fragment else (lambda header: BOM + self.csv_bytes([header]))  # no head in a fragment
        self.streams: list[Stream] = []
        if json_name:
            self.streams.append(Stream("json", json_name, out / json_name, b"" if fragment else JSON_HEAD))
        if csv_name:
            self.streams.append(Stream("csv", csv_name, out / csv_name, head([c.name for c in columns()])))
        if national is not None:
            if batch is None:
                raise ValueError("the national tables need a batch (national_batch.new_batch)")
            for table, spec in OUTPUT.items():
                path = national / f"{table}.csv"
                self.streams.append(Stream("national", path.relative_to(out).as_posix(), path, head(spec.header), table))
        if companions:  # materials.csv, locations.csv, fees.csv (generator/export/companion.py)
            for t in COMPANIONS:
                self.streams.append(Stream("companion", f"{t.name}.csv", out / f"{t.name}.csv", head([f.name for f in companion_fields(t)]), t.name))
        for stream in self.streams:
            stream.open(fragment)

    @property
    def national_rows(self) -> dict[str, int]:
        return {s.table: s.rows for s in self.streams if s.kind == "national"}

    @property
    def companion_rows(self) -> dict[str, int]:
        return {s.table: s.rows for s in self.streams if s.kind == "companion"}

    def like(self, out: Path) -> ItemsExport:
        """A fragment export of the same files, under out."""
        national = out / self.national_dir.relative_to(self.out) if self.national_dir is not None else None
        return ItemsExport(out, self.json_name, self.csv_name, national, fragment=True, batch=self.batch, companions=self.companions)

    def separator(self) -> bytes:
        return json_separator(self.count == 0, self.fragment)

    def pieces(self, record: dict[str, Any], text: str) -> list[tuple[bytes, int]]:
        """What one resolved record adds to each stream: (bytes, rows)."""
        national: dict[str, list[list[str]]] | None = None
        out = []
        for stream in self.streams:
            if stream.kind == "json":
                out.append((self.separator() + text.encode("utf-8"), 1))
            elif stream.kind == "csv":
                out.append((self.csv_bytes([csv_row(record)]), 1))
            elif stream.kind == "national":
                if national is None:
                    assert self.batch is not None
                    national = {table: [] for table in OUTPUT}
                    for table, row in national_rows(record, self.batch):
                        national[table].append(row)
                table_rows = national[stream.table]
                out.append((self.csv_bytes(table_rows), len(table_rows)))
            else:
                own = list(companion_rows(COMPANION[stream.table], record))
                out.append((self.csv_bytes(own), len(own)))
        return out

    def add(self, record: dict[str, Any], text: str | None = None) -> None:
        """Write one resolved record; text is its JSON when the caller has it already."""
        for stream, (data, rows) in zip(self.streams, self.pieces(record, text or dump(record)), strict=True):
            stream.piece(data, rows)
        self.count += 1

    def append(self, part: ItemsExport) -> None:
        """A closed fragment export's files onto the end of these, a chunk at a time (never whole in memory)."""
        if part.count == 0:
            return
        for mine, theirs in zip(self.streams, part.streams, strict=True):
            mine.extend(self.separator() if mine.kind == "json" else b"", theirs)
        self.count += part.count

    def detach(self) -> ItemsExport:
        """This closed export without its handles, to send back from a worker."""
        for stream in self.streams:
            stream.handle, stream.hasher = None, None
        return self

    def close(self) -> None:
        for stream in self.streams:
            stream.close(JSON_TAIL if stream.kind == "json" and not self.fragment else b"")
