"""The longest query either backend answers, and the Chinese message for a longer one: one definition, which
query.json gives the browser (`maxQueryChars`, `tooLong`). A citizen's query is a few words; the cap leaves room for
the longest name a record may have plus as much again, and keeps any query's work small on a phone."""

from __future__ import annotations

import unicodedata

from generator.model.records import NAME_MAX

#: The longest query either backend answers, in characters after NFKC normalisation: the longest name a record may
#: have (NAME_MAX) plus as much again for a region or other words.
MAX_QUERY_CHARS = 2 * NAME_MAX
TOO_LONG = "搜索词太长（最多 {max} 个字）：请只输入要办的事或事项名称，例如“驾照”“开饭店”。"


class QueryTooLong(ValueError):
    """A query over MAX_QUERY_CHARS; str() is the Chinese message the page shows too."""


def query_length(text: str) -> int:
    """The length the cap is checked on: characters after NFKC, without surrounding whitespace (as the page counts)."""
    return len(unicodedata.normalize("NFKC", text).strip())


def check_query_length(text: str) -> None:
    """Raise QueryTooLong for a query longer than MAX_QUERY_CHARS (both backends call it before any work)."""
    if query_length(text) > MAX_QUERY_CHARS:
        raise QueryTooLong(TOO_LONG.format(max=MAX_QUERY_CHARS))
