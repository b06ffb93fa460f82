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

Federated (the server started with the remotes of a sharded deployment), the page sends each search as one
POST multi-search (generator/search/federation.py federated_body). federated_search_body forwards only that shape:
`federation` and `queries` alone; `federation.limit` at most MAX_LIMIT per remote, `offset` 0, `facetsByIndex` only for
the configured index and the query path's facets (with `mergeFacets` {}); one query per configured remote, each
remote exactly once, every `indexUid` the configured index, `federationOptions` exactly {"remote": name}; each query's
own parameters rebuilt by the rules above (pagination and facets belong to `federation`, so a query carries neither),
with `showRankingScore` (the merge needs the scores).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
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


def _json_object(raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw or b"{}")
    except (ValueError, RecursionError) as exc:
        raise BadSearch("the body is not JSON") from exc
    if not isinstance(body, dict):
        raise BadSearch("the body must be a JSON object")
    return body


def page_search_body(raw: bytes) -> bytes:
    """The body to forward for the page's search body `raw`; raises BadSearch for one it will not forward."""
    return json.dumps(_page_search(_json_object(raw)), ensure_ascii=False).encode("utf-8")


def _limit(value: Any, cap: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadSearch("limit must be an integer")
    return min(max(value, 0), cap)


def _page_search(body: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    q = body.get("q", "")
    if not isinstance(q, str):
        raise BadSearch("q must be a string")
    out["q"] = q[:MAX_QUERY]
    out["limit"] = _limit(body.get("limit", LIMIT), MAX_LIMIT)
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
    return out


def federated_search_body(raw: bytes, index: str, remotes: Sequence[str]) -> bytes:
    """The multi-search body to forward for the page's federated search `raw` over `remotes`; raises BadSearch."""
    body = _json_object(raw)
    if set(body) != {"federation", "queries"}:
        raise BadSearch("a federated search has `federation` and `queries` and nothing else")
    federation, queries = body["federation"], body["queries"]
    if not isinstance(federation, dict):
        raise BadSearch("federation must be an object")
    out: dict[str, Any] = {"limit": _limit(federation.get("limit", LIMIT * len(remotes)), MAX_LIMIT * len(remotes)), "offset": 0}
    if "facetsByIndex" in federation:
        by_index = federation["facetsByIndex"]
        if not isinstance(by_index, dict) or set(by_index) != {index}:
            raise BadSearch(f"facetsByIndex must name the index {index!r} alone")
        out["facetsByIndex"] = {index: _names(by_index, index, FACETS)}
        out["mergeFacets"] = {}
    if not isinstance(queries, list) or len(queries) != len(remotes) or not all(isinstance(q, dict) for q in queries):
        raise BadSearch(f"queries must be {len(remotes)} objects, one per remote ({', '.join(remotes)})")
    asked = [q.get("federationOptions") for q in queries]
    if sorted(map(json.dumps, asked)) != sorted(json.dumps({"remote": name}) for name in remotes):
        raise BadSearch(f'each query\'s federationOptions must be {{"remote": name}}, each of {", ".join(remotes)} once')
    if any(q.get("indexUid") != index for q in queries):
        raise BadSearch(f"indexUid must be {index!r}")
    rebuilt = []
    for query, options in zip(queries, asked, strict=True):
        own = _page_search({k: v for k, v in query.items() if k not in ("indexUid", "federationOptions", "showRankingScore")})
        own = {k: v for k, v in own.items() if k not in ("limit", "facets")}
        rebuilt.append({**own, "showRankingScore": True, "indexUid": index, "federationOptions": options})
    return json.dumps({"federation": out, "queries": rebuilt}, ensure_ascii=False).encode("utf-8")
