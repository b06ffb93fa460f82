"""The only way Banshi writes CSV: every cell through `neutralise_row`, UTF-8 with a BOM for whole files (Excel then
opens them as UTF-8), CRLF line ends as RFC 4180 says.

A cell starting with = + - @, a tab or a carriage return gets a leading ' (OWASP's CSV-injection rule,
generator/model/formula.py), so no cell of Banshi's CSVs is a live formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from generator.model.formula import neutralise_row

BOM = "\ufeff".encode()


class SafeCsvWriter:
    """csv.writer whose every cell is written as text through `neutralise_row`."""

    def __init__(self, handle: IO[str]) -> None:
        self._writer = csv.writer(handle)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow(neutralise_row(row))


def open_csv(path: Path, fragment: bool = False) -> tuple[IO[str], SafeCsvWriter]:
    """A CSV file to write row by row; a fragment (a piece another process appends) has no BOM."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("w", encoding="utf-8" if fragment else "utf-8-sig", newline="")
    return handle, SafeCsvWriter(handle)


class CsvBytes:
    """Rows as the bytes a SafeCsvWriter would write to a file, for writers that keep byte offsets."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = SafeCsvWriter(self._buffer)

    def __call__(self, rows: Iterable[Iterable[Any]]) -> bytes:
        self._buffer.seek(0)
        self._buffer.truncate()
        for row in rows:
            self._writer.writerow(row)
        return self._buffer.getvalue().encode("utf-8")

    def __getstate__(self) -> dict[str, Any]:  # sent back from a forked worker: nothing to keep
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__()  # type: ignore[misc]
