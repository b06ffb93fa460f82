"""Record text made inert in GitHub Markdown: the one escaper for step summaries, PR comments and diffs."""

from __future__ import annotations

import re

SPECIAL = re.compile(r"([\\`*_\[\]{}()#+!|~$-])")


def md(text: str) -> str:
    """No HTML, no links or images, no emphasis, no table breaks, no headings or lists: one line of plain text."""
    out = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = SPECIAL.sub(r"\\\1", out)
    out = out.replace("@", "@\u200b")  # no @mentions from record text
    return re.sub(r"[\r\n]+", " ", out)


def code(text: str) -> str:
    """Inline code that a backtick in the text cannot close early."""
    ticks = max((len(m) for m in re.findall(r"`+", text)), default=0) + 1
    fence = "`" * ticks
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text.replace(chr(10), ' ')}{pad}{fence}"
