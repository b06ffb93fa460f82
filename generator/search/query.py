"""THE search query path, shared by `banshi search` and the browser through search/query.json.

0. A query longer than MAX_QUERY_CHARS (counted after NFKC, the normalisation both backends search with) is not
   searched: both backends and the page answer with TOO_LONG instead (one definition, query_cap.py, written to query.json as
   `maxQueryChars` and `tooLong`, which the page reads). A citizen's query is a few words; the cap leaves room for
   the longest name a record may have plus as much again, and keeps any query's work small on a phone.
1. The query is understood (generator/search/understand.py): framing words dropped, colloquial and intent
   phrases replaced by official terms, a region name taken as a region preference.
2. POST /indexes/{index}/search with the understood words, facet counts and a ranking-score
   threshold (the irrelevant tail is dropped, so the count is honest); with a region preference, a second search
   (sent at the same time by the page) asks for the region's implementations, which are then put first.
3. Only when that finds fewer than PINYIN_BELOW hits and the query has Han characters: a second search of the
   query's pinyin (one toneless syllable per Han character, space separated) on the `pinyin` field alone. It
   recovers homophone typos (身分证, 驾使证) that Chinese typo tolerance cannot; its hits follow the first
   search's, without duplicates. Meilisearch concatenates adjacent query words, so "jia shi zheng" matches the
   indexed word "jiashizheng".

Why not one federated multi-search with both queries (version 1): measured with wrk at 16 concurrent clients on
10k documents, federation cost p95 74 ms at 264 req/s; a single search with facets and only `name` highlighted
costs p95 22 ms at 1,070 req/s (highlighting the material lists was the other large cost). Most queries never
need the pinyin search.

The pinyin of a query is computed from search/pinyin-chars.json (character -> syllable, pinyin_chars.py), the same file
the browser loads, so both sides send the same second query. Regenerate both JSON files with
`python -m generator.search.query` (a test checks they are current).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.assets import SEARCH_DIR
from generator.search.browser_rules import write_rules_module
from generator.search.federation import federation_spec
from generator.search.meili import Meili
from generator.search.pinyin_chars import PINYIN_FILE, build_pinyin_map, pinyin_map, query_pinyin
from generator.search.query_cap import MAX_QUERY_CHARS, TOO_LONG, check_query_length
from generator.search.ranking import prefer_region
from generator.search.understand import T2S_FILE, Understander, Understood, build_t2s_map, t2s_map

QUERY_FILE = SEARCH_DIR / "query.json"
QUERY_VERSION = 6

# No facet on `region` (one value per township) or `department` (thousands in a province): at 100k documents those
# two made a search under load 50% slower (p95 30 ms vs 21 ms at 16 clients). Both stay filterable.
FACETS = ["county", "tier", "item_type", "service_objects", "themes", "online_depth", "fully_online", "onsite_visits", "case_type", "fee"]
RETRIEVE = [
    "kind",
    "members",
    "id",
    "implementation_code",
    "basic_code",
    "name",
    "region",
    "region_code",
    "county",
    "county_code",
    "tier",
    "department",
    "item_type",
    "online_depth",
    "fully_online",
    "onsite_visits",
    "promised_limit",
    "fee",
    "url",
]
LIMIT = 20
PINYIN_BELOW = 3  # run the pinyin search when the raw query finds fewer hits than this
#: Hits below this Meilisearch ranking score are the irrelevant tail (matchingStrategy `last` keeps documents that
#: match only some words): dropped, so the count says how many are relevant. Chosen by measurement (docs/search.md).
SCORE_THRESHOLD = 0.5


def query_spec(index: str = "items") -> dict[str, Any]:
    """The query path as data (written to search/query.json for the browser)."""
    # No attributesToHighlight: both backends mark the understood words in the name on the page (the same marks for
    # the same answer), and Meilisearch's highlighting was a quarter of the cost of a search under load. No
    # attributesToSearchOn for the first search: the index's searchable attributes are exactly what it searches.
    common = {"attributesToRetrieve": RETRIEVE, "limit": LIMIT, "rankingScoreThreshold": SCORE_THRESHOLD}
    return {
        "version": QUERY_VERSION,
        "about": "Banshi search query path v6. 0) A query longer than `maxQueryChars` characters (after NFKC, trimmed) is "
        "not searched: show `tooLong` ({max} = maxQueryChars). 1) Understand the query with `understand` (search-understand.mjs / "
        "generator/search/understand.py): words to search ({query} = the words joined by spaces) and a region preference "
        "(recognised in the query, else the reader's). 2) POST {host}/indexes/{index}/search with `body` (`filter` = the "
        "Meilisearch filter array; `facets` = this file's `facets` when the filter counts are wanted, else [] — the page "
        "asks for them only while its filter panel is open or a filter is set, and on opening the panel sends the body "
        "that gave the hits again with the facets and attributesToRetrieve [id]: the same limit, as the score threshold "
        "only applies as far as the limit); with a region, also POST the same body filtered to the "
        "region's chain (county_code = region OR region_code IN chain, no facets). 3) If it returns fewer than "
        "`pinyinBelow` hits and pinyin(query) is non-empty and differs from the query, POST `pinyinBody` ({pinyin} = "
        "pinyin(query), same filter) and append its hits that are not already shown, up to the limit. 4) If there is still "
        "no hit, repeat `body` without rankingScoreThreshold. 5) Append the region search's hits not yet shown, then put "
        "the region's implementations first, then its county's, then the city's (stable). pinyin(query): for each "
        "character, if it is in pinyin-chars.json emit its syllable as a word, keep runs of [0-9A-Za-z] as lower-case "
        "words, anything else separates words; join words with one space. Highlights: no _formatted is asked for; mark "
        "in each hit's name the characters covered by an understood word (NFKC, lower-case), escaping the rest. Send Accept-Encoding: identity from scripts; "
        "browsers cannot, so compress at a reverse proxy. Federated (one Meilisearch per shard, the page configured with remotes): "
        "each search of steps 2-4 is instead one POST {host}/multi-search (the body's parameters named in `federation.federationLevel` "
        "become `federation` {limit: (offset + limit) x remotes, offset 0, facetsByIndex {index: facets}, mergeFacets {}}; one "
        "query per remote with the other parameters, showRankingScore true, indexUid and federationOptions {remote}); any "
        "remoteErrors is a failed search; the hits are ordered by floor(_rankingScore x scoreQuantum + 0.5) descending, then by "
        "the name's length in code points, the name (code points), the tier's place in `tiers` (others after), region_code "
        "and id, then cut to [offset, offset + limit) without _federation and _rankingScore (generator/search/federation.py).",
        "maxQueryChars": MAX_QUERY_CHARS,
        "tooLong": TOO_LONG,
        "index": index,
        "endpoint": f"/indexes/{index}/search",
        "pinyinMap": PINYIN_FILE.name,
        "understand": "static/understand.json",
        "regionAttribute": "region_code",
        "facets": FACETS,
        "pinyinBelow": PINYIN_BELOW,
        # locales pins the query's language: without it a short Han query was now and then tokenized as another
        # language after a restart (身份证 ranked 不动产 first); the index's localizedAttributes say cmn too.
        "body": {**common, "q": "{query}", "facets": FACETS, "locales": ["cmn"]},
        "pinyinBody": {**common, "q": "{pinyin}", "attributesToSearchOn": ["pinyin"], "facets": FACETS},
        "federation": federation_spec(),
    }


def build_request(
    query: str, filter: str | list[Any] | None = None, limit: int = LIMIT, offset: int = 0, index: str = "items", facets: bool = True
) -> dict[str, Any]:
    """The first search body for one (understood) query; facets=False without the filter counts."""
    body: dict[str, Any] = {**query_spec(index)["body"], "q": query, "limit": limit, "offset": offset, "facets": FACETS if facets else []}
    if filter:
        body["filter"] = filter
    return body


def region_filter(chain: list[str]) -> str:
    """Only the implementations of the reader's region (and below it), its county and the city (the region search)."""
    return f"county_code = {json.dumps(chain[0])} OR region_code IN [" + ", ".join(json.dumps(code) for code in chain) + "]"


def with_filter(filter: str | list[Any] | None, extra: str) -> list[Any]:
    if not filter:
        return [extra]
    return [*(filter if isinstance(filter, list) else [filter]), extra]


def build_pinyin_request(
    query: str, filter: str | list[Any] | None = None, limit: int = LIMIT, index: str = "items", facets: bool = True
) -> dict[str, Any] | None:
    """The pinyin search body, or None when the query has no pinyin different from itself."""
    pinyin = query_pinyin(query)
    if not pinyin or pinyin == query.strip().lower():
        return None
    body: dict[str, Any] = {**query_spec(index)["pinyinBody"], "q": pinyin, "limit": limit, "facets": FACETS if facets else []}
    if filter:
        body["filter"] = filter
    return body


def merge(first: dict[str, Any], second: dict[str, Any] | None, limit: int) -> dict[str, Any]:
    """The first search's hits, then the second's not already present (by id), up to `limit`."""
    hits = list(first.get("hits", []))
    total = first.get("estimatedTotalHits", len(hits))
    facets = first.get("facetDistribution") or {}
    if second:
        seen = {h.get("id") for h in hits}
        extra = [h for h in second.get("hits", []) if h.get("id") not in seen]
        hits = (hits + extra)[:limit]
        total += len(extra)
        if not first.get("hits"):
            facets = second.get("facetDistribution") or {}
    return {"hits": hits, "estimatedTotalHits": total, "facetDistribution": facets}


def run_search(
    meili: Meili,
    query: str,
    filter: str | list[Any] | None = None,
    limit: int = LIMIT,
    index: str = "items",
    understander: Understander | None = None,
    region: str | None = None,
    facets: bool = True,
) -> dict[str, Any]:
    """Run the query path; returns hits, estimatedTotalHits and facetDistribution like one Meilisearch search, plus
    what the query was understood as (`understood`: words, region preference and its chain).

    With a region (recognised in the query, else the reader's), the query is also sent filtered to the region's chain;
    the region's implementations are then put first (prefer_region). facets=False leaves the filter counts out, as the
    page does while its filter panel is closed (the default on phones)."""
    check_query_length(query)
    endpoint = f"/indexes/{index}/search"
    understood = understander(query) if understander and query.strip() else Understood(words=[query.strip()] if query.strip() else [])
    chain = understander.chain(understood.region or region) if understander else []
    text = understood.text
    body = build_request(text, filter, limit=limit, index=index, facets=facets)
    local: list[dict[str, Any]] = []
    first: dict[str, Any] = meili.post(endpoint, body)
    if chain:  # the page sends both at once; the site's proxy passes single searches only, not /multi-search
        local = meili.post(endpoint, {**body, "filter": with_filter(filter, region_filter(chain)), "facets": []}).get("hits", [])
    second = None
    if len(first.get("hits", [])) < PINYIN_BELOW:
        pinyin_body = build_pinyin_request(text, filter, limit=limit, index=index, facets=facets)
        if pinyin_body is not None:
            second = meili.post(endpoint, pinyin_body)
    if not first.get("hits") and not (second or {}).get("hits") and text:
        # Nothing above the threshold: show the weak matches rather than nothing (a typo inside a word, 营业执造),
        # as the static index falls back to documents with half the query's tokens.
        first = meili.post(endpoint, {k: v for k, v in body.items() if k != "rankingScoreThreshold"})
    merged = merge(first, second, limit)
    seen = {h.get("id") for h in merged["hits"]}
    merged["hits"] = prefer_region([*merged["hits"], *(h for h in local if h.get("id") not in seen)], chain)[:limit]
    if understander and understood.journeys:
        answered = understander.journeys_first(merged["hits"], understood.journeys)
        merged["estimatedTotalHits"] += len(answered) - len(merged["hits"])
        merged["hits"] = answered[:limit]
    merged["understood"] = {"words": understood.words, "region": understood.region or region, "chain": chain, "journeys": understood.journeys}
    merged["match"] = understander.verdict(understood, merged["hits"], pinyin_map()) if understander else ("exact" if merged["hits"] else "none")
    return merged


def write_query_assets(search_dir: Path = SEARCH_DIR) -> list[Path]:
    """Write search/query.json, search/pinyin-chars.json, search/t2s-chars.json and the site's rules.mjs
    (deterministic output)."""
    query_file = search_dir / QUERY_FILE.name
    pinyin_file = search_dir / PINYIN_FILE.name
    query_file.write_text(json.dumps(query_spec(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    pinyin_file.write_text(json.dumps(build_pinyin_map(), ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    t2s_file = search_dir / T2S_FILE.name
    t2s_file.write_text(json.dumps(build_t2s_map(), ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    pinyin_map.cache_clear()
    t2s_map.cache_clear()
    return [query_file, pinyin_file, t2s_file, write_rules_module()]


if __name__ == "__main__":
    for path in write_query_assets():
        print(f"已写入 {path}（{path.stat().st_size} 字节）")
