"""Render the model into the guide's pages (front matter + HTML, see output.py): item, service, department, region,
theme, home, search and consistency. `page_jobs()` is the one registry of pages."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import jinja2
import markupsafe

from generator.address import paths
from generator.address.apply_link import ApplyLinks
from generator.address.links import DATA_FILE, asset, page_url, relative
from generator.address.map_link import MapLinks, map_link
from generator.address.tracking import without_tracking
from generator.assets import PAGES
from generator.check import CheckReport
from generator.check.compare import COLUMNS, ItemTable, differing_tables
from generator.export.jsonld import government_service, script
from generator.history.changes import History, unavailable
from generator.model.catalog import Catalog
from generator.model.codes import division_tier, tier_rank
from generator.model.elements import INSTANT, duration_text, limit_text
from generator.model.item import Item
from generator.model.plain import NOT_STATED, TERMS, plain, plain_json
from generator.model.records import Bundle, Department
from generator.model.roles import generic, replaced
from generator.model.schedule import announcement
from generator.model.values import FILES_PREFIX, HOTLINE
from generator.render.accountability import accountability_jobs
from generator.render.consistency import consistency_context
from generator.render.journey import VERSION_PARAM, bundle_version, item_version, member_for_region, merged_materials, region_members, total_visits

TEMPLATES = PAGES
HISTORY_ON_PAGE = 20


@dataclass(frozen=True)
class CityConfig:
    """What makes the guide one city's (or province's): set in mkdocs.yml (plugins: banshi:), never in templates."""

    site_title: str  # e.g. 开封市政务服务办事指南 (default: mkdocs.yml site_name)
    provider_name: str  # the online application system's name, e.g. 河南政务服务网
    hotline: str = HOTLINE  # the government service hotline
    area_code: str | None = None  # telephone area code, e.g. 0371
    demo_notice: str | None = None  # shown on the home page when the data are samples


@dataclass
class SiteConfig:
    site_url: str
    apply: ApplyLinks
    city: CityConfig
    edit_url_base: str | None = None  # e.g. https://github.com/org/repo/edit/main/
    rating: ApplyLinks | None = None  # 好差评 link template, under the apply link's rules
    maps: MapLinks | None = None  # a map link per hall (mkdocs.yml: map_url_template); None: only records' map_url
    search_config: str = "{}"  # JSON for the search page (generator/search/site_config.py)
    templates: Path = TEMPLATES
    accountability: bool = True  # the 开放数据 and 改革进展 pages (mkdocs.yml: banshi.accountability)
    has_bundles: bool = False


@dataclass
class Site:
    """The catalog grouped the ways the guide browses it."""

    catalog: Catalog
    items: list[Item]
    report: CheckReport  # the cross-record check, made upstream, shown on the consistency page
    by_basic: dict[str, list[Item]] = field(default_factory=lambda: defaultdict(list))
    by_region: dict[str, list[Item]] = field(default_factory=lambda: defaultdict(list))
    by_department: dict[str, list[Item]] = field(default_factory=lambda: defaultdict(list))
    by_theme: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_basic_region: dict[tuple[str, str], list[Item]] = field(default_factory=lambda: defaultdict(list))
    children: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    departments_by_region: dict[str, list[Department]] = field(default_factory=lambda: defaultdict(list))
    by_file: dict[str, Item] = field(default_factory=dict)
    compare: dict[str, ItemTable] = field(default_factory=dict)  # basic code -> its regions side by side, where they differ
    history: History = field(default_factory=lambda: unavailable("本站未启用变更历史"))

    def __post_init__(self) -> None:
        self.items.sort(key=lambda i: (tier_rank(i.region.code), i.region.code, i.name))
        self.compare = {t.basic_code: t for t in differing_tables(self.catalog, self.report.entries)}
        for item in self.items:
            self.by_file[item.file] = item
            self.by_basic[item.basic_code].append(item)
            self.by_region[item.region.code].append(item)
            self.by_department[item.department.id].append(item)
            self.by_basic_region[(item.basic_code, item.region.code)].append(item)
        for region in self.catalog.regions.values():
            if region.parent:
                self.children[region.parent].append(region.code)
        for dep in self.catalog.departments.values():
            self.departments_by_region[dep.region].append(dep)
        for code, std in self.catalog.directory.items():
            for name in std.themes:
                theme = self.catalog.theme_by_name(name)
                if theme and code in self.by_basic:
                    self.by_theme[theme.id].append(code)

    def related_tiers(self, item: Item) -> list[Item]:
        """The same item in the region's ancestors and direct children (the item page's 其他地区和层级): bounded,
        whatever the catalog size."""
        regions = [r.code for r in self.catalog.region_path(item.region.code)] + self.children.get(item.region.code, [])
        return [other for code in regions for other in self.by_basic_region.get((item.basic_code, code), []) if other is not item]


def checklist_path(page: str) -> str:
    """The 材料清单 page of a page, as a Markdown-style path for relative links: items/r/c.md -> items/r/c/checklist.md."""
    return page.removesuffix(".md") + "/checklist.md"


def checklist_file(page: str) -> str:
    """The site file a checklist is written to: a standalone HTML document (no theme), items/r/c/checklist/index.html."""
    return page.removesuffix(".md") + "/checklist/index.html"


def total_promised(items: list[Item]) -> str:
    """The members' promised time limits added up, per unit: 8 个工作日 + 10 个自然日; 即办 when all are."""
    totals: dict[str, int] = {}
    for item in items:
        limit = item.record.promised_time_limit
        if limit is None:
            return NOT_STATED  # one member's limit unknown: the sum is too
        totals[limit.unit] = totals.get(limit.unit, 0) + limit.value
    parts = [duration_text(value, unit) for unit, value in totals.items() if value]
    return " + ".join(parts) or INSTANT


def make_env(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # one environment per build (a template edit under `banshi serve` rebuilds everything)
    )
    # JSON strings are valid YAML scalars: safe for front matter whatever the text holds.
    env.filters["limit_text"] = limit_text  # 即办 / N 个工作日: one wording for pages, search and reports
    env.filters["yaml_str"] = lambda v: markupsafe.Markup(json.dumps(str(v), ensure_ascii=False))
    # plain-language labels beside the official terms, and 未公布 for what a guide does not state (model/plain.py)
    env.globals.update(plain=plain, plain_terms=TERMS, plain_json=plain_json, not_stated=NOT_STATED)
    return env


class Renderer:
    def __init__(self, site: Site, config: SiteConfig) -> None:
        self.site, self.config = site, config
        self.env = make_env(config.templates)
        self.env.filters["region_of"] = lambda code: site.catalog.regions[code]

    # helpers exposed to templates -------------------------------------------------------------
    def _ctx(self, page: str, **extra: object) -> dict[str, object]:
        def link(to: str) -> str:
            return relative(page, to)

        def file_link(value: str) -> str:
            if value.startswith(FILES_PREFIX):
                return asset(page, "files/" + value.removeprefix(FILES_PREFIX))
            return value

        return {
            "page": page,
            "link": link,
            "file_link": file_link,
            "site": self.site,
            "city": self.config.city,
            "catalog": self.site.catalog,
            "tier_of": division_tier,
            "item_page": lambda item: link(paths.item_page(item)),
            "service_page": lambda code: link(paths.service_page(code)),
            "region_page": lambda code: link(paths.region_page(code)),
            "department_page": lambda dep_id: link(paths.department_page(dep_id)),
            "theme_page": lambda theme_id: link(paths.theme_page(theme_id)),
            "announcement": announcement,
            "map_link": lambda location: map_link(location, self.config.maps),
            **extra,
        }

    def _render(self, template: str, page: str, **extra: object) -> str:
        return self.env.get_template(template).render(self._ctx(page, **extra))

    # pages ------------------------------------------------------------------------------------
    def item_page(self, item: Item) -> str:
        page = paths.item_page(item)
        url = self.config.site_url.rstrip("/") + "/" + page_url(page)
        siblings = self.site.related_tiers(item)
        total = len(self.site.by_basic[item.basic_code])
        edit = self.config.edit_url_base + item.file if self.config.edit_url_base else None
        apply_url = self.config.apply.url_for(item) if item.applies_online else None
        return self._render(
            "item.html.j2",
            page,
            item=item,
            rec=item.record,
            std=item.standard,
            apply_url=apply_url,
            appointment_url=self.appointment_url(item),
            rating_url=self.config.rating.url_for(item) if self.config.rating else None,
            page_full_url=url,
            siblings=siblings,
            implemented_in=total,
            edit_url=edit,
            **self.accountability_context(item, url, apply_url),
        )

    def accountability_context(self, item: Item, url: str, apply_url: str | None) -> dict[str, object]:
        """What the item page's JSON-LD and 变更记录 partials need; 最近更新 from the record's last change in git."""
        page, history = paths.item_page(item), self.site.history
        regions = [r.name for r in self.site.catalog.region_path(item.region.code)]
        return {
            "json_ld": script(government_service(item, url, apply_url, regions)),
            "history": history,
            "changes": history.for_item(item.code),
            "history_limit": HISTORY_ON_PAGE,
            "updated": history.last_change(item.code) or item.record.updated,
            "feed_link": lambda name: asset(page, f"feeds/{name}.xml"),
            "data_link": asset(page, page_url(page) + DATA_FILE),
        }

    def appointment_url(self, item: Item) -> str | None:
        """The record's 预约 link, shown only when it passes the apply link's https and host rules, without tracking
        parameters (address/tracking.py)."""
        url = item.record.online.appointment_url if item.record.online else None
        return without_tracking(url) if url and item.record.status == "在用" and self.config.apply.allows(url) else None

    def full_url(self, page: str) -> str:
        return self.config.site_url.rstrip("/") + "/" + page_url(page)

    def item_checklist(self, item: Item) -> str:
        page = checklist_path(paths.item_page(item))
        version = item_version(item)
        return self._render(
            "checklist.html.j2",
            page,
            title=item.name,
            region=item.region,
            department=item.department.name,
            sections=[{"region": item.region, "items": [item], "materials": [(mat, []) for mat in item.materials], "current": True}],
            version=version,
            version_param=VERSION_PARAM,
            qr_url=f"{self.full_url(page)}?{VERSION_PARAM}={version}",
            guide=relative(page, paths.item_page(item)),
            **self.theme_assets(page),
        )

    def theme_assets(self, page: str) -> dict[str, str]:
        return {
            "css": asset(page, "assets/stylesheets/journey.css"),
            "script": asset(page, "assets/javascripts/banshi.mjs"),
            "care_script": asset(page, "assets/javascripts/care-early.js"),  # 长辈版 before the first paint
            "favicon": asset(page, "assets/images/favicon.png"),
            "home": relative(page, "index.md"),
        }

    def bundle_sections(self, bundle: Bundle) -> list[dict[str, object]]:
        """Per offered region: the member items its residents go to, in order, and their merged checklist."""
        cat, site = self.site.catalog, self.site
        sections = []
        for number, code in enumerate(bundle.regions):
            steps = region_members(cat, site.by_basic_region, bundle, code)
            items = [found for _, found in steps]
            merged = merged_materials(items)
            sections.append(
                {
                    "region": cat.regions[code],
                    "steps": steps,
                    "items": items,
                    "materials": [(entry.material, entry.needed_by) for entry in merged],
                    "total": total_promised(items),
                    "visits": total_visits(items),
                    "current": number == 0,
                }
            )
        return sections

    def bundle_page(self, bundle: Bundle) -> str:
        page = f"bundles/{bundle.id}.md"
        sections = self.bundle_sections(bundle)
        members = [i for s in sections for i in s["items"]]  # type: ignore[attr-defined]
        return self._render(
            "bundle.html.j2",
            page,
            bundle=bundle,
            sections=sections,
            version=bundle_version(bundle, members),
            version_param=VERSION_PARAM,
            std_of=lambda code: self.site.catalog.directory[code],
        )

    def bundle_checklist(self, bundle: Bundle) -> str:
        page = checklist_path(f"bundles/{bundle.id}.md")
        sections = self.bundle_sections(bundle)
        members = [i for s in sections for i in s["items"]]  # type: ignore[attr-defined]
        version = bundle_version(bundle, members)
        return self._render(
            "checklist.html.j2",
            page,
            title=bundle.name,
            region=None,
            department=bundle.contact.note or "",
            sections=sections,
            version=version,
            version_param=VERSION_PARAM,
            qr_url=f"{self.full_url(page)}?{VERSION_PARAM}={version}",
            guide=relative(page, f"bundles/{bundle.id}.md"),
            **self.theme_assets(page),
        )

    def popular_in(self, region: str) -> list[Item]:
        """The home page's popular services as a resident of `region` finds them (own item, else the city's)."""
        found = (member_for_region(self.site.catalog, self.site.by_basic_region, code, region) for code in self.site.catalog.popular)
        return [item for item in found if item is not None]

    def page_jobs(self) -> dict[str, Callable[[], str]]:
        """Every page, rendered on demand: source path -> function returning front matter + HTML.

        Lazy, so that a build can render pages in worker processes and never hold them all in memory.
        """
        jobs: dict[str, Callable[[], str]] = {}
        cat, site = self.site.catalog, self.site
        for item in site.items:
            jobs[paths.item_page(item)] = partial(self.item_page, item)
            jobs[checklist_file(paths.item_page(item))] = partial(self.item_checklist, item)
        for bundle in cat.bundles:
            jobs[f"bundles/{bundle.id}.md"] = partial(self.bundle_page, bundle)
            jobs[checklist_file(f"bundles/{bundle.id}.md")] = partial(self.bundle_checklist, bundle)
        jobs["bundles/index.md"] = partial(self._render, "bundles_index.html.j2", "bundles/index.md")
        for code, items in site.by_basic.items():
            page = paths.service_page(code)
            std = replaced(cat.directory[code], generic)
            jobs[page] = partial(self._render, "service.html.j2", page, std=std, items=items, compare=site.compare.get(code), compare_columns=COLUMNS)
        for dep_id, items in site.by_department.items():
            page = paths.department_page(dep_id)
            jobs[page] = partial(self._render, "department.html.j2", page, dep=cat.departments[dep_id], items=items)
        for code, region in cat.regions.items():
            page = paths.region_page(code)
            children = [cat.regions[c] for c in site.children.get(code, [])]
            jobs[page] = partial(self._render, "region.html.j2", page, region=region, items=site.by_region.get(code, []), children=children)
        for theme_id, codes in site.by_theme.items():
            page = paths.theme_page(theme_id)
            jobs[page] = partial(self._render, "theme.html.j2", page, theme=cat.themes[theme_id], codes=codes)
        for page, template in (
            (paths.SERVICES_INDEX, "services_index.html.j2"),
            (paths.DEPARTMENTS_INDEX, "departments_index.html.j2"),
            (paths.REGIONS_INDEX, "regions_index.html.j2"),
            (paths.THEMES_INDEX, "themes_index.html.j2"),
        ):
            jobs[page] = partial(self._render, template, page)
        jobs[paths.HOME_PAGE] = partial(self._render, "home.html.j2", paths.HOME_PAGE, popular_in=self.popular_in)
        search_page = partial(
            self._render,
            "search.html.j2",
            paths.SEARCH_PAGE,
            search_config=self.config.search_config,
            hotline=self.config.city.hotline,
            service_page_pattern=paths.service_page("CODE"),  # the page fills in a result's basic code
        )
        jobs[paths.SEARCH_PAGE] = search_page
        jobs[paths.CONSISTENCY_PAGE] = lambda: self._render("consistency.html.j2", paths.CONSISTENCY_PAGE, **consistency_context(site, site.report))
        if self.config.accountability:
            jobs.update(accountability_jobs(self, self.config.has_bundles))
        return jobs
