"""What each listing and item page is made from, as one digest per page (the incremental build's keys).

A page whose key is the same as in the previous build, made by the same code, templates, configuration and catalog
(the build's global digest, generator/site/manifest.py), would render to the same bytes, so an incremental build
keeps the file it wrote then. Keys cover the pages there are many of: item pages and their 材料清单, service,
department, region and theme pages, and each item's open data (index.json beside its page: the item and its
history). Every other page (home, indexes, search, bundles, consistency, dashboard) is
rendered on every build: there are few of them and they read the whole catalog.

What a page reads, and so what its key covers:
- an item page: its item (its resolved record, directory item, region and department, its file, its history in git
  and, when a record has scheduled changes, the build date: an announcement reads differently from day to day), the
  same of each item in its 其他地区和层级 (the same directory item in the region's ancestors and direct children,
  `Site.related_tiers`) and how many items implement its directory item. Not the whole group: at 100k a group is
  about 700 items, and keying every item page by all of them re-rendered some 12,700 pages for a 5-record change, of
  which 11 files differed;
- its 材料清单 and its open data (index.json): the item alone;
- a service page: the same group and its directory item as the catalog states it, and its 各地办理对比 (the
  records as the check read them on the build date, generator/check/compare.py);
- a department or region page: its items; a region page also its sub-regions' item counts;
- a theme page: the groups and directory items of its services.
The catalog's regions, departments, themes, bundles and basis are in the global digest: they change every page.
`tests/test_incremental_build.py` compares incremental builds with full ones after random edits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from pydantic import BaseModel

from generator.address import paths
from generator.address.links import DATA_FILE, page_url
from generator.check.compare import ItemTable
from generator.model.item import Item
from generator.render.pages import Site, checklist_file


def _digest(parts: Iterable[str]) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8", errors="surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


class PageInputs:
    """Digests of the model, memoised per object: one pass over the items for the whole site."""

    def __init__(self, site: Site, day: dt.date) -> None:
        self.site, self.day = site, day
        self._models: dict[int, str] = {}
        self._items: dict[int, str] = {}
        self._groups: dict[str, str] = {}

    def model(self, value: BaseModel) -> str:
        key = id(value)
        if key not in self._models:
            self._models[key] = _digest([type(value).__name__, value.model_dump_json(warnings=False)])
        return self._models[key]

    def item(self, item: Item) -> str:
        key = id(item)
        if key not in self._items:
            history = self.site.history
            dated = self.day.isoformat() if item.record.scheduled or item.upcoming else ""
            self._items[key] = _digest(
                [
                    item.file,
                    item.record.model_dump_json(warnings=False),
                    self.model(item.standard),
                    self.model(item.region),
                    self.model(item.department),
                    *(change.model_dump_json(warnings=False) for change in item.upcoming),
                    dated,
                    repr((history.available, history.reason)),  # the page says why history is not shown
                    repr(history.for_item(item.code)),
                    repr(history.last_change(item.code)),
                ]
            )
        return self._items[key]

    def items(self, items: Iterable[Item]) -> list[str]:
        return [self.item(item) for item in items]

    def group(self, basic_code: str) -> str:
        """The items of one directory item, in the site's order, with the directory item as the catalog states it."""
        if basic_code not in self._groups:
            standard = self.site.catalog.directory.get(basic_code)
            self._groups[basic_code] = _digest([basic_code, self.model(standard) if standard else "", *self.items(self.site.by_basic.get(basic_code, []))])
        return self._groups[basic_code]

    def keys(self) -> dict[str, str]:
        """Source path -> key, for every page an incremental build may keep."""
        site, out = self.site, {}
        for item in site.items:
            page, implemented_in = paths.item_page(item), str(len(site.by_basic[item.basic_code]))
            out[page] = _digest(["item", self.item(item), implemented_in, *self.items(site.related_tiers(item))])
            out[checklist_file(page)] = _digest(["checklist", self.item(item)])
            out[data_file(item)] = _digest(["data", self.item(item)])  # the item's open data beside its page
        for code in site.by_basic:
            out[paths.service_page(code)] = _digest(["service", self.group(code), *compared(site.compare.get(code))])
        for dep_id, items in site.by_department.items():
            out[paths.department_page(dep_id)] = _digest(["department", dep_id, *self.items(items)])
        for code in site.catalog.regions:
            counts = [f"{child}:{len(site.by_region.get(child, []))}" for child in site.children.get(code, [])]
            out[paths.region_page(code)] = _digest(["region", code, *self.items(site.by_region.get(code, [])), *counts])
        for theme_id, codes in site.by_theme.items():
            out[paths.theme_page(theme_id)] = _digest(["theme", theme_id, *(self.group(code) for code in codes)])
        return out


def compared(table: ItemTable | None) -> list[str]:
    """A service page's 各地办理对比 as it shows it: each row's region, department, file and values (the records as
    published on the build date, which the check made)."""
    return [part for row in table.rows for part in ("row", row.region, row.department, row.file, *row.values)] if table else []


def data_file(item: Item) -> str:
    """The site file of an item's open data (export/writer.py writes it), a key of its own in the manifest."""
    return page_url(paths.item_page(item)) + DATA_FILE


def page_keys(site: Site, day: dt.date) -> dict[str, str]:
    return PageInputs(site, day).keys()
