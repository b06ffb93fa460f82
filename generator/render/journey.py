"""The citizen's journey, computed once for the templates: record versions, a bundle's merged checklist, the
member items a region's residents go to, the visits a bundle takes, and the region list the 选择所在地区 control reads."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from generator.model.additions import content_json
from generator.model.catalog import Catalog
from generator.model.codes import division_tier
from generator.model.item import Item
from generator.model.records import Bundle, BundleMember, DirectoryItem, Material

VERSION_PARAM = "v"


_STANDARDS: dict[int, tuple[DirectoryItem, bytes]] = {}  # id -> (the directory item, its content), shared by its records


def _standard_content(standard: DirectoryItem) -> bytes:
    """A directory item's content, serialised once for all its implementations (bounded: cleared past 4096)."""
    hit = _STANDARDS.get(id(standard))
    if hit is not None and hit[0] is standard:
        return hit[1]
    if len(_STANDARDS) >= 4096:
        _STANDARDS.clear()
    content = content_json(standard).encode()
    _STANDARDS[id(standard)] = (standard, content)
    return content


def item_version(item: Item) -> str:
    """8 hex digits of the content the page shows (record + its directory standard): changes when the guide does."""
    digest = hashlib.sha256(content_json(item.record).encode())
    digest.update(_standard_content(item.standard))
    return digest.hexdigest()[:8]


def bundle_version(bundle: Bundle, members: Sequence[Item]) -> str:
    digest = hashlib.sha256(bundle.model_dump_json(warnings=False).encode())
    for item in members:
        digest.update(item_version(item).encode())
    return digest.hexdigest()[:8]


@dataclass
class MergedMaterial:
    """One material of a bundle's checklist: needed by one or more member items, listed once."""

    material: Material
    needed_by: list[str] = field(default_factory=list)  # member item names, in bundle order


NECESSITY_ORDER = ("必要", "容缺后补", "非必要")  # strongest first: a material one member requires is required


def merged_materials(members: Sequence[Item]) -> list[MergedMaterial]:
    """Materials of all members, de-duplicated by name (first occurrence wins), each with the items that need it.

    The merged necessity is the strongest of the members' (必要 over 容缺后补 over 非必要): a material is optional
    on the bundle only when every member that lists it says so; likewise it is 窗口提供 only when every member's is.
    Exempt (免提交) materials stay in the list, marked, so the reader sees that nothing is forgotten."""
    merged: dict[str, MergedMaterial] = {}
    for item in members:
        for material in item.materials:
            entry = merged.setdefault(material.name, MergedMaterial(material))
            if NECESSITY_ORDER.index(material.necessity) < NECESSITY_ORDER.index(entry.material.necessity):
                entry.material = entry.material.model_copy(update={"necessity": material.necessity})
            if entry.material.provided_at_window and not material.provided_at_window:
                entry.material = entry.material.model_copy(update={"provided_at_window": False})  # one member wants it brought
            if item.name not in entry.needed_by:
                entry.needed_by.append(item.name)
    return list(merged.values())


def region_members(catalog: Catalog, by_basic_region: Mapping[tuple[str, str], list[Item]], bundle: Bundle, region: str) -> list[tuple[BundleMember, Item]]:
    """The bundle's members in order, each with the item a resident of `region` goes to (members not found are left out)."""
    found = ((m, member_for_region(catalog, by_basic_region, m.basic_code, region)) for m in sorted(bundle.members, key=lambda m: m.order))
    return [(member, item) for member, item in found if item is not None]


def total_visits(items: Sequence[Item]) -> int | None:
    """到现场次数 of a bundle in one region: the members' visits added up (an upper bound, like the promised time
    limits added up: where one window takes several members at once, fewer). 0 only when no member needs a visit."""
    visits = [item.record.onsite_visits for item in items]
    return None if None in visits else sum(v for v in visits if v is not None)  # None: a member's count is 未公布


def bundle_visits(catalog: Catalog, by_basic_region: Mapping[tuple[str, str], list[Item]], bundle: Bundle) -> int | None:
    """The bundle's visits where it takes most of them, over its offered regions: what search says of the bundle."""
    totals = [total_visits([item for _, item in region_members(catalog, by_basic_region, bundle, r)]) for r in bundle.regions]
    return None if None in totals else max((t for t in totals if t is not None), default=0)


def member_for_region(catalog: Catalog, by_basic_region: Mapping[tuple[str, str], list[Item]], basic_code: str, region: str) -> Item | None:
    """The item a resident of `region` goes to: the region's own, else the nearest ancestor's, else a township's."""
    for r in reversed(catalog.region_path(region)):
        found = by_basic_region.get((basic_code, r.code))
        if found:
            return found[0]
    for code in sorted(c for c in catalog.regions if catalog.regions[c].parent == region):
        found = by_basic_region.get((basic_code, code))
        if found:
            return found[0]
    return None


def regions_json(catalog: Catalog) -> str:
    """The region list for the 选择所在地区 control: [[code, name, parent], ...], tiers 市, 县, 乡 (a few hundred)."""
    order = {"市": 0, "县": 1, "乡": 2}
    rows = sorted(catalog.regions.values(), key=lambda r: (order.get(division_tier(r.code), 3), r.code))
    return json.dumps([[r.code, r.name, r.parent or ""] for r in rows], ensure_ascii=False, separators=(",", ":"))
