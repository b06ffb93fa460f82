"""Which shard of a sharded build (`banshi build --shard K/N`) writes which page.

Pages are split by region, like the search's shards (search/federation.py): a county (县级区划) and its townships
are one group, a city-level region is a group of its own, and groups go to the shard with the fewest items so
far, largest groups first. An item's page and 材料清单, and the pages of its region and of the departments there,
go with the group; a service page and a theme page go by a checksum of their path. Shard 1 also writes everything
that is one for the whole site: the pages without a key (home, indexes, search, bundles, consistency, dashboard),
the open data, feeds and search index. Every shard runs MkDocs, whose own pages and theme files are the same in
every shard; `banshi merge` checks that they are.
"""

from __future__ import annotations

import zlib
from collections import Counter

from generator.address import paths
from generator.model.codes import division_tier
from generator.render.pages import Site, checklist_file


class ShardSpecError(ValueError):
    """`--shard` is not K/N with 1 <= K <= N <= MAX_SHARDS (message in Chinese)."""


MAX_SHARDS = 256


def parse_shard(text: str) -> tuple[int, int]:
    number, sep, total = text.partition("/")
    if not (sep and number.isdigit() and total.isdigit()) or not 1 <= int(number) <= int(total) <= MAX_SHARDS:
        raise ShardSpecError(f"--shard 应写成 K/N（第 K 份，共 N 份，1 ≤ K ≤ N ≤ {MAX_SHARDS}），如 2/4；这里是「{text}」")
    return int(number), int(total)


def group_of(site: Site, region: str) -> str:
    """The county a region lies in (itself when it is a county or above)."""
    for ancestor in reversed(site.catalog.region_path(region)):
        if division_tier(ancestor.code) == "县":
            return ancestor.code
    return region


def page_shards(site: Site, shards: int) -> dict[str, int]:
    """Source path -> shard (0-based) of every page with a key (render/inputs.py); other pages are shard 0's."""
    sizes = Counter(group_of(site, item.region.code) for item in site.items)
    for code in site.catalog.regions:
        sizes.setdefault(group_of(site, code), 0)
    load, shard_of_group = [0] * shards, {}
    for group, size in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0])):
        target = min(range(shards), key=lambda k: (load[k], k))
        shard_of_group[group], load[target] = target, load[target] + size

    def region_shard(code: str) -> int:
        return shard_of_group.get(group_of(site, code), 0)

    def by_path(page: str) -> int:
        return zlib.crc32(page.encode("utf-8")) % shards

    out: dict[str, int] = {}
    for item in site.items:
        page = paths.item_page(item)
        out[page] = out[checklist_file(page)] = region_shard(item.region.code)
    for code in site.by_basic:
        out[paths.service_page(code)] = by_path(paths.service_page(code))
    for dep_id in site.by_department:
        out[paths.department_page(dep_id)] = region_shard(site.catalog.departments[dep_id].region)
    for code in site.catalog.regions:
        out[paths.region_page(code)] = region_shard(code)
    for theme_id in site.by_theme:
        out[paths.theme_page(theme_id)] = by_path(paths.theme_page(theme_id))
    return out
