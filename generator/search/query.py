"""THE search query path, shared by `banshi search` and the browser through search/query.json.

One federated multi-search (POST /multi-search) with two queries on the same index:
1. the raw query, weight 1.0, all searchable attributes;
2. the query's pinyin (one toneless syllable per Han character, space separated), weight 0.5, only on
   the `pinyin` field: recovers homophone typos (身分证, 驾使证) that Chinese typo tolerance cannot.
   Sent only when the query has Han characters that map to pinyin. Meilisearch concatenates adjacent
   query words, so "jia shi zheng" matches the indexed word "jiashizheng".
Federation merges and de-duplicates the hits and returns facet counts (mergeFacets).

The pinyin of a query is computed from search/pinyin-chars.json (character -> syllable), the same file
the browser loads, so both sides send the same second query. Regenerate both JSON files with
`python -m generator.search.query` (a test checks they are current).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from pypinyin import Style, lazy_pinyin

from generator.search.meili import Meili
from generator.search.server import SEARCH_DIR

QUERY_FILE = SEARCH_DIR / "query.json"
PINYIN_FILE = SEARCH_DIR / "pinyin-chars.json"
QUERY_VERSION = 1

HIGHLIGHT_PRE = "\ue000"  # private-use sentinels: escape the text first, then turn these into <mark>
HIGHLIGHT_POST = "\ue001"

FACETS = ["region", "department", "tier", "item_type", "service_objects", "themes", "online_depth", "fully_online", "onsite_visits", "case_type", "fee"]
RETRIEVE = [
    "id",
    "implementation_code",
    "basic_code",
    "name",
    "region",
    "region_code",
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
HIGHLIGHT = ["name", "aliases", "keywords", "materials"]
LIMIT = 20
PINYIN_WEIGHT = 0.5

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def query_spec(index: str = "items") -> dict[str, Any]:
    """The query path as data (written to search/query.json for the browser)."""
    common = {
        "indexUid": index,
        "attributesToRetrieve": RETRIEVE,
        "attributesToHighlight": HIGHLIGHT,
        "highlightPreTag": HIGHLIGHT_PRE,
        "highlightPostTag": HIGHLIGHT_POST,
    }
    return {
        "version": QUERY_VERSION,
        "about": "Banshi search query path: POST {host}/multi-search with this body. Replace {query} by the user's text and "
        "{pinyin} by pinyin(query); drop the second query when pinyin(query) is empty or equals the query. "
        "Put a filter (Meilisearch filter expression or array) into every query as `filter`. "
        "pinyin(query): for each character, if it is in pinyin-chars.json emit its syllable as a word, keep runs of [0-9A-Za-z] "
        "as lower-case words, anything else separates words; join words with one space. "
        "Highlights (_formatted) are NOT escaped: escape the text, then replace highlightPreTag/PostTag by <mark>/</mark>. "
        "Send Accept-Encoding: identity from scripts; browsers cannot, so compress at a reverse proxy (search-notes.md).",
        "index": index,
        "endpoint": "/multi-search",
        "pinyinMap": PINYIN_FILE.name,
        "facets": FACETS,
        "highlight": {"pre": HIGHLIGHT_PRE, "post": HIGHLIGHT_POST},
        "body": {
            "federation": {"limit": LIMIT, "offset": 0, "facetsByIndex": {index: FACETS}, "mergeFacets": {}},
            "queries": [
                {**common, "q": "{query}", "federationOptions": {"weight": 1.0}},
                {**common, "q": "{pinyin}", "attributesToSearchOn": ["pinyin"], "federationOptions": {"weight": PINYIN_WEIGHT}},
            ],
        },
    }


def _gb2312_hanzi() -> list[str]:
    chars = []
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def build_pinyin_map(extra_text: str = "") -> dict[str, str]:
    """Character -> toneless syllable for the 6,763 GB2312 Han characters plus any in extra_text (most common reading)."""
    chars = sorted(set(_gb2312_hanzi()) | set(HAN.findall(extra_text)))
    out = {}
    for ch in chars:
        syllable = lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")
        if syllable and syllable[0].isascii() and syllable[0].isalpha():
            out[ch] = syllable[0]
    return out


@lru_cache(maxsize=1)
def pinyin_map() -> dict[str, str]:
    if PINYIN_FILE.is_file():
        data: dict[str, str] = json.loads(PINYIN_FILE.read_text(encoding="utf-8"))
        return data
    return build_pinyin_map()


def query_pinyin(text: str) -> str:
    """The second query's text: 身分证 -> "shen fen zheng"; "" when the text has no mapped Han character."""
    table = pinyin_map()
    words: list[str] = []
    latin = ""
    han = False
    for ch in text:
        if ch.isascii() and ch.isalnum():
            latin += ch.lower()
            continue
        if latin:
            words.append(latin)
            latin = ""
        syllable = table.get(ch)
        if syllable:
            words.append(syllable)
            han = True
    if latin:
        words.append(latin)
    return " ".join(words) if han else ""


def build_request(query: str, filter: str | list[Any] | None = None, limit: int = LIMIT, offset: int = 0, index: str = "items") -> dict[str, Any]:
    """The multi-search body for one user query (the same rules the browser follows, see query_spec()['about'])."""
    spec = query_spec(index)
    body = spec["body"]
    pinyin = query_pinyin(query)
    queries = []
    for template in body["queries"]:
        q = template["q"].replace("{query}", query).replace("{pinyin}", pinyin)
        if template["q"] == "{pinyin}" and (not pinyin or pinyin == query.strip().lower()):
            continue
        item = {**template, "q": q}
        if filter:
            item["filter"] = filter
        queries.append(item)
    federation = {**body["federation"], "limit": limit, "offset": offset}
    return {"federation": federation, "queries": queries}


def run_search(meili: Meili, query: str, filter: str | list[Any] | None = None, limit: int = LIMIT, index: str = "items") -> dict[str, Any]:
    """Run the query path; returns Meilisearch's federated response (hits, estimatedTotalHits, facetDistribution)."""
    result: dict[str, Any] = meili.post("/multi-search", build_request(query, filter, limit=limit, index=index))
    return result


def write_query_assets(search_dir: Path = SEARCH_DIR) -> list[Path]:
    """Write search/query.json and search/pinyin-chars.json (deterministic output)."""
    query_file = search_dir / QUERY_FILE.name
    pinyin_file = search_dir / PINYIN_FILE.name
    query_file.write_text(json.dumps(query_spec(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    pinyin_file.write_text(json.dumps(build_pinyin_map(), ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    pinyin_map.cache_clear()
    return [query_file, pinyin_file]


if __name__ == "__main__":
    for path in write_query_assets():
        print(f"已写入 {path}（{path.stat().st_size} 字节）")
