"""What `banshi run`'s /meili/ proxy forwards of a search body: the search page's own parameters, with capped sizes.

The proxy used to forward any body: one request could ask for the whole index with every attribute, highlighting,
cropping and ranking-score details (security review S8: 7x the time and 17x the bytes of a page's search). The page
(search-meili.mjs) sends the bodies of search/query.json (generator/search/query.py is their home): `q`, `limit`,
`facets`, `attributesToRetrieve`, `rankingScoreThreshold`, `locales`, `attributesToSearchOn` (the pinyin search)
and `filter`; opening the filter panel sends one of them again with `attributesToRetrieve: ["id"]` and the facets.
The forwarded body is rebuilt from those parameters alone, each reduced to the values the query path names:
- any other parameter (offset, attributesToHighlight/Crop, cropLength, showMatchesPosition, showRankingScore(Details),
  matchingStrategy, sort, page, hitsPerPage, distinct, vector, hybrid, ...) is dropped;
- `limit` is at most MAX_LIMIT (the page asks for 20), `q` at most MAX_QUERY characters (Meilisearch reads 10 words);
- `facets`, `attributesToRetrieve`, `attributesToSearchOn` and `locales` keep only names the query path uses;
- `filter` must have the page's shape (a string, or a list of strings and lists of strings), at most MAX_FILTER_TERMS
  terms of at most MAX_FILTER_TEXT characters each; `rankingScoreThreshold` is a number from 0 to 1.
A body that is not a JSON object, or a page parameter of the wrong type, is refused (400) with the reason.
"""

from __future__ import annotations

import json
from typing import Any

from generator.search.query import FACETS, LIMIT, RETRIEVE, query_spec

PROXY_PREFIX = "/meili/"  # where `banshi run` serves the proxy; the page is configured with it as its search URL
MAX_LIMIT = 50
MAX_QUERY = 500
MAX_FILTER_TERMS = 64
MAX_FILTER_TEXT = 2000
_SPEC = query_spec()
#: parameter -> the names it may list (those the query path uses); other names are dropped
NAME_LISTS = {
    "facets": FACETS,
    "attributesToRetrieve": RETRIEVE,
    "attributesToSearchOn": _SPEC["pinyinBody"]["attributesToSearchOn"],
    "locales": _SPEC["body"]["locales"],
}


class BadSearch(ValueError):
    """A body the proxy will not forward; the message says why (English, like Meilisearch's own)."""


def _names(body: dict[str, Any], key: str, allowed: list[str]) -> list[str]:
    value = body[key]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadSearch(f"{key} must be a list of strings")
    return [v for v in dict.fromkeys(value) if v in allowed]


def _filter(value: Any) -> str | list[Any]:
    terms = [value] if isinstance(value, str) else value
    if not isinstance(terms, list):
        raise BadSearch("filter must be a string or a list")
    flat: list[Any] = []
    for term in terms:
        flat.extend(term if isinstance(term, list) else [term])
    if not all(isinstance(t, str) and len(t) <= MAX_FILTER_TEXT for t in flat):
        raise BadSearch(f"filter terms must be strings of at most {MAX_FILTER_TEXT} characters, nested one level at most")
    if len(flat) > MAX_FILTER_TERMS:
        raise BadSearch(f"filter has more than {MAX_FILTER_TERMS} terms")
    return value


def page_search_body(raw: bytes) -> bytes:
    """The body to forward for the page's search body `raw`; raises BadSearch for one it will not forward."""
    try:
        body = json.loads(raw or b"{}")
    except (ValueError, RecursionError) as exc:
        raise BadSearch("the body is not JSON") from exc
    if not isinstance(body, dict):
        raise BadSearch("the body must be a JSON object")
    out: dict[str, Any] = {}
    q = body.get("q", "")
    if not isinstance(q, str):
        raise BadSearch("q must be a string")
    out["q"] = q[:MAX_QUERY]
    limit = body.get("limit", LIMIT)
    if not isinstance(limit, int) or isinstance(limit, bool):
        raise BadSearch("limit must be an integer")
    out["limit"] = min(max(limit, 0), MAX_LIMIT)
    for key, allowed in NAME_LISTS.items():
        if key in body:
            out[key] = _names(body, key, allowed)
    if out.get("attributesToRetrieve") == []:
        out["attributesToRetrieve"] = ["id"]  # an empty list would mean every attribute
    for key in ("attributesToSearchOn", "locales"):
        if out.get(key) == []:
            del out[key]  # an empty list is refused by Meilisearch; without the key it searches as the first search does
    if "rankingScoreThreshold" in body:
        threshold = body["rankingScoreThreshold"]
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 <= threshold <= 1:
            raise BadSearch("rankingScoreThreshold must be a number from 0 to 1")
        out["rankingScoreThreshold"] = threshold
    if body.get("filter") is not None:
        out["filter"] = _filter(body["filter"])
    return json.dumps(out, ensure_ascii=False).encode("utf-8")
