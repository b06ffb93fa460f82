"""Meilisearch index settings as versioned code, applied on every index build.

Measured reasons (tests/test_search_relevance.py holds the queries that show each one):
- `name` comes first in searchableAttributes, and materials and conditions are not searched at all: an item whose
  materials mention 身份证 outranked the ID-card item itself.
- colloquial words and intent phrases (驾照, 开饭店) find nothing without synonyms or keywords.
- exact codes return dozens of near-miss codes unless typo tolerance is off for codes and numbers.
- pinyin is searchable only through the `pinyin` field the documents carry (full words and initials).
"""

from __future__ import annotations

from typing import Any

from generator.model.catalog import Catalog

SETTINGS_VERSION = 4

#: Where a query is looked for, in ranking order: a hit in an earlier attribute ranks higher (the `attribute` ranking
#: rule). The same fields the static index holds: not materials or conditions (an item whose materials mention
#: 出生医学证明 is not the 出生医学证明 service, and both backends then agree). Searching only these, rather than
#: narrowing each search with attributesToSearchOn, also keeps the index smaller and each search cheaper.
SEARCHABLE_ATTRIBUTES = ["name", "aliases", "keywords", "pinyin", "department", "region", "implementation_code", "basic_code"]

FILTERABLE_ATTRIBUTES = [
    "kind",
    "department",
    "region",
    "county",
    "tier",
    "item_type",
    "service_objects",
    "themes",
    "online_depth",
    "fully_online",
    "onsite_visits",
    "case_type",
    "fee",
    "region_code",
    "county_code",
    "basic_code",
]

SORTABLE_ATTRIBUTES = ["name", "promised_days", "onsite_visits", "updated"]

#: Attributes compared as whole codes: no typo tolerance (a one-digit-off code is a different item).
CODE_ATTRIBUTES = ["implementation_code", "basic_code", "region_code"]

#: Chinese text fields: pin the language so tokenization never guesses Japanese.
CHINESE_ATTRIBUTES = ["name", "aliases", "keywords", "department", "region"]

#: What any holder of the public search key can read. Documents carry no private fields; `pinyin` is
#: searchable but not returned (it is only an index aid and would double the payload).
DISPLAYED_ATTRIBUTES = [
    "kind",
    "id",
    "implementation_code",
    "basic_code",
    "name",
    "keywords",
    "aliases",
    "region_code",
    "region",
    "county",
    "county_code",
    "tier",
    "department_id",
    "department",
    "item_type",
    "service_objects",
    "themes",
    "online_depth",
    "fully_online",
    "online_apply",
    "onsite_visits",
    "case_type",
    "fee",
    "promised_limit",
    "promised_days",
    "materials",
    "members",
    "conditions",
    "url",
    "updated",
]

RANKING_RULES = ["words", "typo", "proximity", "exactness", "attribute", "sort"]

#: Filler words of intent phrases (我要开饭店, 身份证丢了怎么办). With matchingStrategy `last` a leading
#: word that matches nothing empties the result, and a trailing 办 matched 补办 in the wrong record.
STOP_WORDS = sorted(
    {"我", "我要", "我想", "想", "要", "怎么", "怎么办", "怎样", "如何", "需要", "什么", "了", "的", "个", "一个", "在", "吗", "呢",
     "哪里", "去哪", "去哪里", "哪儿", "能", "可以", "请问", "咋", "咋办", "该", "办", "办理", "手续", "流程"}
)  # fmt: skip


def index_settings(catalog: Catalog) -> dict[str, Any]:
    """The full settings object for PATCH /indexes/{uid}/settings."""
    return {
        "searchableAttributes": SEARCHABLE_ATTRIBUTES,
        "filterableAttributes": FILTERABLE_ATTRIBUTES,
        "sortableAttributes": SORTABLE_ATTRIBUTES,
        "displayedAttributes": DISPLAYED_ATTRIBUTES,
        "rankingRules": RANKING_RULES,
        "stopWords": STOP_WORDS,
        # Whether two words share a field, not how far apart they are: the same results on the relevance suites, and
        # a 100k index builds in about a third of the time (docs/search.md).
        "proximityPrecision": "byAttribute",
        # No Meilisearch synonyms: the shared understanding step (understand.py) maps colloquial and intent phrases
        # to official terms before either backend sees the query. Meilisearch's own expansion of the same phrases
        # found nothing more on the relevance suites (224 queries, identical results) and nearly doubled the
        # cost of a search (16 clients at 10k: p50 43 -> 75 ms on the same machine).
        "synonyms": {},
        "typoTolerance": {
            "enabled": True,
            "disableOnAttributes": CODE_ATTRIBUTES,
            "disableOnNumbers": True,
        },
        "localizedAttributes": [{"attributePatterns": CHINESE_ATTRIBUTES, "locales": ["cmn"]}],
        "faceting": {"maxValuesPerFacet": 200, "sortFacetValuesBy": {"*": "count"}},
        "pagination": {"maxTotalHits": 1000},
    }
