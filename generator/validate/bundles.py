"""Rules for 一件事一次办 bundles (items/_catalog/bundles.yaml), checked once the records are resolved.

A bundle is valid when its ids are unique, its life event is a theme, its regions exist, its members are
known basic codes listed once each with the orders 1..n, and every member is implemented for every region
that offers the bundle: by the region itself, one of its ancestors (a city item serves its counties) or
one of its townships.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.model.catalog import Catalog
from generator.model.codes import division_tier
from generator.model.findings import Finding
from generator.model.item import Item

FILE = "items/_catalog/bundles.yaml"
SECTION = "一件事一次办"


def implemented_regions(items: Iterable[Item]) -> dict[str, set[str]]:
    """basic code -> the regions implementing it; a township's item also counts for its county."""
    out: dict[str, set[str]] = {}
    for item in items:
        codes = out.setdefault(item.basic_code, set())
        codes.add(item.region.code)
        if item.region.parent and division_tier(item.region.code) == "乡":
            codes.add(item.region.parent)
    return out


def serves(catalog: Catalog, served: set[str], region: str) -> bool:
    """Whether an item implemented in `served` reaches the residents of `region` (itself or an ancestor)."""
    return any(r.code in served for r in catalog.region_path(region))


def bundle_findings(catalog: Catalog, items: Iterable[Item]) -> list[Finding]:
    src = catalog.bundles_source
    if src is None:
        return []
    findings: list[Finding] = []

    def err(path: tuple[str | int, ...], field_name: str, message: str, hint: str) -> None:
        line, col = src.position(("bundles", *path))
        findings.append(Finding("error", FILE, line, col, field_name, SECTION, message, hint))

    reach = implemented_regions(items)
    seen_ids: set[str] = set()
    for i, bundle in enumerate(catalog.bundles):
        where = f"bundles[{i}]"
        if bundle.id in seen_ids:
            err((i, "id"), f"{where}.id", f"一件事标识 {bundle.id} 重复", "每个一件事的标识只能用一次")
        seen_ids.add(bundle.id)
        if catalog.themes and catalog.theme_by_name(bundle.life_event) is None:
            err((i, "life_event"), f"{where}.life_event", f"人生事件「{bundle.life_event}」不在 themes.yaml 中", "填写 themes.yaml 中已有的主题名称")
        for k, region in enumerate(bundle.regions):
            if region not in catalog.regions:
                err((i, "regions", k), f"{where}.regions[{k}]", f"区划 {region} 不在 regions.yaml 中", "填写 regions.yaml 中已有的区划代码")
        orders = sorted(m.order for m in bundle.members)
        expected = list(range(1, len(bundle.members) + 1))
        seen_orders: set[int] = set()
        seen_codes: set[str] = set()
        for j, member in enumerate(bundle.members):
            at = (i, "members", j)
            if member.order in seen_orders:
                err((*at, "order"), f"{where}.members[{j}].order", f"办理顺序 {member.order} 重复", "每个成员事项的顺序号只能用一次，依次为 1、2、3……")
            seen_orders.add(member.order)
            if member.basic_code in seen_codes:
                err((*at, "basic_code"), f"{where}.members[{j}].basic_code", f"成员事项 {member.basic_code} 重复", "同一事项在一件事中只列一次")
            seen_codes.add(member.basic_code)
            if member.basic_code not in catalog.directory:
                err((*at, "basic_code"), f"{where}.members[{j}].basic_code", f"基本编码 {member.basic_code} 不在基本目录中", "填写 directory/ 中已有的基本编码")
                continue
            name = catalog.directory[member.basic_code].name
            for k, region in enumerate(bundle.regions):
                if region in catalog.regions and not serves(catalog, reach.get(member.basic_code, set()), region):
                    err(
                        (*at, "basic_code"),
                        f"{where}.members[{j}].basic_code",
                        f"成员事项「{name}」在 {catalog.regions[region].name}（{region}）没有实施记录，但本一件事在该地提供（regions[{k}]）",
                        f"先为 {catalog.regions[region].name} 添加「{name}」的实施清单记录，或把 {region} 从 regions 中删除",
                    )
        if orders != expected and len(seen_orders) == len(bundle.members):
            missing = [n for n in expected if n not in seen_orders]
            err(
                (i, "members"),
                f"{where}.members",
                f"办理顺序不连续：缺少 {'、'.join(map(str, missing))}",
                f"成员事项的 order 依次写 1 到 {len(bundle.members)}",
            )
    return findings
