"""Meilisearch index settings as versioned code, applied on every index build.

Measured reasons (tests/test_search_relevance.py holds the queries that show each one):
- `name` must come first in searchableAttributes, or an item whose materials mention 身份证 outranks
  the ID-card item itself.
- colloquial words and intent phrases (驾照, 开饭店) find nothing without synonyms or keywords.
- exact codes return dozens of near-miss codes unless typo tolerance is off for codes and numbers.
- pinyin is searchable only through the `pinyin` field the documents carry (full words and initials).
"""

from __future__ import annotations

from typing import Any

from generator.load.catalog import Catalog

SETTINGS_VERSION = 2

#: In ranking order: a hit in an earlier attribute ranks higher (the `attribute` ranking rule).
SEARCHABLE_ATTRIBUTES = [
    "name",
    "aliases",
    "keywords",
    "pinyin",
    "materials",
    "conditions",
    "department",
    "region",
    "implementation_code",
    "basic_code",
]

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
CHINESE_ATTRIBUTES = ["name", "aliases", "keywords", "materials", "conditions", "department", "region"]

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


def synonyms_map(catalog: Catalog) -> dict[str, list[str]]:
    """Meilisearch synonyms from items/_catalog/synonyms.yaml.

    Colloquial -> official (驾照 finds 机动车驾驶证), and colloquial words of the same official term
    find each other (车本 finds what 驾照 finds). Official -> colloquial is left out on purpose: a search
    for the official term should rank official names, not records that only mention a nickname.
    """
    out: dict[str, list[str]] = {}
    for entry in catalog.synonyms:
        for word in entry.colloquial:
            if word == entry.official:
                continue
            targets = out.setdefault(word, [])
            for other in (entry.official, *entry.colloquial):
                if other != word and other not in targets:
                    targets.append(other)
    return dict(sorted(out.items()))


def index_settings(catalog: Catalog) -> dict[str, Any]:
    """The full settings object for PATCH /indexes/{uid}/settings."""
    return {
        "searchableAttributes": SEARCHABLE_ATTRIBUTES,
        "filterableAttributes": FILTERABLE_ATTRIBUTES,
        "sortableAttributes": SORTABLE_ATTRIBUTES,
        "displayedAttributes": DISPLAYED_ATTRIBUTES,
        "rankingRules": RANKING_RULES,
        "stopWords": STOP_WORDS,
        "synonyms": synonyms_map(catalog),
        "typoTolerance": {
            "enabled": True,
            "disableOnAttributes": CODE_ATTRIBUTES,
            "disableOnNumbers": True,
        },
        "localizedAttributes": [{"attributePatterns": CHINESE_ATTRIBUTES, "locales": ["cmn"]}],
        "faceting": {"maxValuesPerFacet": 200, "sortFacetValuesBy": {"*": "count"}},
        "pagination": {"maxTotalHits": 1000},
    }
