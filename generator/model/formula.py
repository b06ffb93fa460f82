"""Spreadsheet formula cells (CSV injection): one home for the characters that make Excel, WPS or LibreOffice read a
cell as a formula, and for the rule that neutralises such a cell and gets the value back.

OWASP's CSV-injection rule: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return may be run as a
formula (`=HYPERLINK(…)` becomes a live link, `@SUM(…)|cmd…` a DDE call), so every such cell gets a leading `'`,
which spreadsheets read as "this is text". A cell that already starts with `'` gets one more, so the original is
always the cell with its first `'` removed (`recover`). Every CSV or spreadsheet writer calls `neutralise` on each
cell (generator/export/writer.py does it for every CSV); validation warns on such values
(generator/validate/formula_rule.py), since a reader who copies the value elsewhere loses the protection.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

#: The first characters that make a spreadsheet cell a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
_NEEDS_QUOTE = frozenset((*FORMULA_START, QUOTE))
_ROW_NEEDS_QUOTE = re.compile("\x00[" + re.escape("".join(sorted(_NEEDS_QUOTE))) + "]")  # over NUL + the cells joined by NUL


def starts_formula(value: str) -> bool:
    """True when a spreadsheet would read the value as a formula."""
    return value.startswith(FORMULA_START)


def neutralise(value: str) -> str:
    """The cell text to write: a leading `'` before a formula start (and before a leading `'`, so it stays recoverable)."""
    return QUOTE + value if value.startswith((*FORMULA_START, QUOTE)) else value


def neutralise_row(cells: Iterable[Any]) -> list[str]:
    """A row of cells as text, each through `neutralise` (None is empty): what a CSV or spreadsheet writer writes.
    It runs on every cell of the open data, so a row none of whose cells needs a quote (nearly all) is found with one
    regular-expression search for a NUL followed by a quote-needing character in NUL + the cells joined by NUL (a
    false alarm, from a NUL inside a cell, only takes the exact path)."""
    texts = list(cells)
    try:
        joined = "\x00" + "\x00".join(texts)
    except TypeError:  # None or numbers among them: as text first
        texts = ["" if c is None else str(c) for c in texts]
        joined = "\x00" + "\x00".join(texts)
    if not _ROW_NEEDS_QUOTE.search(joined):
        return texts
    return [neutralise(c) for c in texts]


def recover(cell: str) -> str:
    """The original value of a neutralised cell: its first `'` removed."""
    return cell[1:] if cell.startswith(QUOTE) else cell
