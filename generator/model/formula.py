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

#: The first characters that make a spreadsheet cell a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def starts_formula(value: str) -> bool:
    """True when a spreadsheet would read the value as a formula."""
    return value.startswith(FORMULA_START)


def neutralise(value: str) -> str:
    """The cell text to write: a leading `'` before a formula start (and before a leading `'`, so it stays recoverable)."""
    return QUOTE + value if value.startswith((*FORMULA_START, QUOTE)) else value


def recover(cell: str) -> str:
    """The original value of a neutralised cell: its first `'` removed."""
    return cell[1:] if cell.startswith(QUOTE) else cell
