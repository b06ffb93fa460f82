"""One search document per implementation record (and per handling item with its own materials), and one per
一件事一次办 bundle (kind "bundle"; items are kind "item").

The same documents feed Meilisearch and the static fallback index; displayed fields are public.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from generator.address.links import page_url
from generator.address.paths import item_page
from generator.model.catalog import Catalog
from generator.model.codes import division_tier
from generator.model.elements import limit_text
from generator.model.item import Item
from generator.model.records import Bundle
from generator.render.journey import bundle_visits
from generator.search.pinyin import pinyin_terms


def county_of(item: Item, catalog: Catalog) -> str:
    """The county-level area an item is handled in (townships count in their county): the place facet.

    A facet on the exact region would have one value per township (thousands in a province) and was the largest
    cost of a search under load; counties are a few hundred at most."""
    tier = division_tier(item.region.code)
    if tier == "乡" and item.region.parent in catalog.regions:
        return catalog.regions[item.region.parent].name
    if tier == "市":
        return f"{item.region.name}本级"
    return item.region.name


def county_code_of(item: Item, catalog: Catalog) -> str:
    """The code of county_of(): a township's county, else the item's own region."""
    if division_tier(item.region.code) == "乡" and item.region.parent in catalog.regions:
        return item.region.parent
    return item.region.code


def colloquial_words(name: str, synonyms_by_official: dict[str, list[str]]) -> list[str]:
    """The catalog's colloquial words for the official terms a service name contains."""
    return sorted({word for official, words in synonyms_by_official.items() if official in name for word in words})


def item_document(item: Item, synonyms_by_official: dict[str, list[str]], catalog: Catalog, colloquial: list[str] | None = None) -> dict[str, Any]:
    """`colloquial`: colloquial_words of the item's name, when the caller has it (implementations share names)."""
    rec = item.record
    colloquial = colloquial_words(item.name, synonyms_by_official) if colloquial is None else colloquial
    aliases = list(dict.fromkeys([*item.aliases, *colloquial]))
    # a record named as its office's guide names it (城市低保审批) is still found by the directory's name (最低生活保障),
    # which is what the synonyms rewrite 低保 to
    standard = [] if item.standard.name in item.name else [item.standard.name]
    keywords = list(dict.fromkeys([*item.keywords, *standard]))
    return {
        "kind": "item",
        "id": item.code,
        "implementation_code": item.code,
        "basic_code": item.basic_code,
        "name": item.name,
        "keywords": keywords,
        "aliases": aliases,
        "pinyin": pinyin_terms(item.name, *keywords, *colloquial),
        "region_code": item.region.code,
        "region": item.region.name,
        "county": county_of(item, catalog),
        "county_code": county_code_of(item, catalog),
        "tier": division_tier(item.region.code),
        "department_id": item.department.id,
        "department": item.department.name,
        "item_type": item.item_type,
        "service_objects": item.service_objects,
        "themes": item.themes,
        # a fact the guide does not state (未公布) is null: no badge, and no facet value that would claim one
        "online_depth": rec.online.depth if rec.online else None,
        "fully_online": item.fully_online,
        "online_apply": bool(rec.online and rec.online.apply),
        "onsite_visits": rec.onsite_visits,
        "case_type": rec.case_type or "、".join(dict.fromkeys(c.case_type for c in rec.case_situations)) or None,
        "fee": None if rec.fee is None else "收费" if rec.fee.charged else "不收费",
        "promised_limit": limit_text(rec.promised_time_limit) if rec.promised_time_limit else "",
        "promised_days": rec.promised_time_limit.value if rec.promised_time_limit else None,
        "materials": [m.name for m in item.materials],
        "conditions": " ".join(item.conditions),
        "url": page_url(item_page(item)),
        "updated": rec.updated.isoformat(),
    }


def handling_documents(item: Item, base: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for h in item.record.handling_items:
        if not h.materials:
            continue
        doc = dict(base)
        doc.update(
            id=f"{item.code}{h.code}",
            implementation_code=f"{item.code}{h.code}",
            name=f"{item.name}（{h.name}）",
            materials=[m.name for m in h.materials],
            url=base["url"] + f"#handling-{h.code}",
        )
        out.append(doc)
    return out


def bundle_document(bundle: Bundle, catalog: Catalog, visits: int | None) -> dict[str, Any]:
    """一件事一次办 as a search document: found by its name and colloquial terms (生孩子 finds 新生儿出生一件事).

    `visits`: render.journey.bundle_visits, the members' 到现场次数 added up where the bundle takes most, so the page
    never says 不用跑现场 of a bundle one of whose members needs a visit."""
    keywords = list(dict.fromkeys([*bundle.keywords, bundle.life_event]))  # not the members' names: 低保 finds 最低生活保障 first
    regions = [catalog.regions[c].name for c in bundle.regions if c in catalog.regions]
    return {
        "kind": "bundle",
        "id": f"bundle-{bundle.id}",
        "implementation_code": "",
        "basic_code": "",
        "name": bundle.name,
        "keywords": keywords,
        "aliases": list(bundle.keywords),  # the colloquial terms rank like synonyms of the name
        "pinyin": pinyin_terms(bundle.name, *bundle.keywords),
        "region_code": "",
        "region": "、".join(regions),
        "county": "",
        "county_code": "",
        "tier": "",
        "department_id": "",
        "department": "一件事一次办",
        "item_type": "一件事一次办",
        "service_objects": [],
        "themes": [bundle.life_event],
        "online_depth": "",
        "fully_online": False,
        "online_apply": False,
        "onsite_visits": visits,
        "case_type": "",
        "fee": "",
        "promised_limit": "",
        "promised_days": 0,
        "materials": [],
        "members": [m.basic_code for m in sorted(bundle.members, key=lambda m: m.order)],
        "conditions": bundle.description,
        "url": page_url(f"bundles/{bundle.id}.md"),
        "updated": "",
    }


def build_documents(catalog: Catalog, items: list[Item]) -> list[dict[str, Any]]:
    synonyms = {s.official: list(s.colloquial) for s in catalog.synonyms}
    by_basic_region: dict[tuple[str, str], list[Item]] = defaultdict(list)
    for item in items:
        by_basic_region[(item.basic_code, item.region.code)].append(item)
    docs: list[dict[str, Any]] = [bundle_document(b, catalog, bundle_visits(catalog, by_basic_region, b)) for b in catalog.bundles]
    colloquial: dict[str, list[str]] = {}
    for item in items:
        if item.name not in colloquial:
            colloquial[item.name] = colloquial_words(item.name, synonyms)
        doc = item_document(item, synonyms, catalog, colloquial[item.name])
        docs.append(doc)
        docs.extend(handling_documents(item, doc))
    # In the static index's document order: Meilisearch breaks full ties by the order documents were added, the
    # static index by this order, so both backends list equally relevant services alike (房本: 抵押, 转移, 首次 on both).
    from generator.search.static_index import order_key

    return sorted(docs, key=order_key)
