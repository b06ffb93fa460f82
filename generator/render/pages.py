"""Render the model into Markdown pages for MkDocs: item, service, department, region, theme, home."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import jinja2
import markupsafe

from generator.export.jsonld import government_service, script
from generator.history.changes import History, unavailable
from generator.load.catalog import Catalog
from generator.model.codes import division_tier
from generator.model.item import Item
from generator.model.records import Department
from generator.model.schedule import announcement
from generator.render.accountability import accountability_jobs
from generator.render.apply_link import ApplyLinks
from generator.render.consistency import consistency_jobs
from generator.render.links import DATA_FILE, asset, page_url, relative
from generator.search.site_config import HOTLINE

TEMPLATES = Path(__file__).resolve().parents[2] / "site_templates" / "pages"
FILES_PREFIX = "items/_files/"
HISTORY_ON_PAGE = 20


@dataclass
class SiteConfig:
    site_url: str
    apply: ApplyLinks
    edit_url_base: str | None = None  # e.g. https://github.com/org/repo/edit/main/
    search_config: str = "{}"  # JSON for the search page (generator/search/site_config.py)
    templates: Path = TEMPLATES
    accountability: bool = True  # the 开放数据 and 改革进展 pages (mkdocs.yml: banshi.accountability)
    has_bundles: bool = False


@dataclass
class Site:
    """The catalog grouped the ways the guide browses it."""

    catalog: Catalog
    items: list[Item]
    by_basic: dict[str, list[Item]] = field(default_factory=lambda: defaultdict(list))
    by_region: dict[str, list[Item]] = field(default_factory=lambda: defaultdict(list))
    by_department: dict[str, list[Item]] = field(default_factory=lambda: defaultdict(list))
    by_theme: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_basic_region: dict[tuple[str, str], list[Item]] = field(default_factory=lambda: defaultdict(list))
    children: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    departments_by_region: dict[str, list[Department]] = field(default_factory=lambda: defaultdict(list))
    history: History = field(default_factory=lambda: unavailable("本站未启用变更历史"))

    def __post_init__(self) -> None:
        tier_order = {"市": 0, "县": 1, "乡": 2}
        self.items.sort(key=lambda i: (tier_order.get(division_tier(i.region.code), 3), i.region.code, i.name))
        for item in self.items:
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


def make_env(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    # JSON strings are valid YAML scalars: safe for front matter whatever the text holds.
    env.filters["yaml_str"] = lambda v: markupsafe.Markup(json.dumps(str(v), ensure_ascii=False))
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
            "catalog": self.site.catalog,
            "tier_of": division_tier,
            "item_page": lambda item: link(item.page_path),
            "service_page": lambda code: link(f"services/{code}.md"),
            "region_page": lambda code: link(f"regions/{code}.md"),
            "department_page": lambda dep_id: link(f"departments/{dep_id}.md"),
            "theme_page": lambda theme_id: link(f"themes/{theme_id}.md"),
            "announcement": announcement,
            **extra,
        }

    def _render(self, template: str, page: str, **extra: object) -> str:
        return self.env.get_template(template).render(self._ctx(page, **extra))

    # pages ------------------------------------------------------------------------------------
    def item_page(self, item: Item) -> str:
        page = item.page_path
        url = self.config.site_url.rstrip("/") + "/" + page_url(page)
        siblings = self.related_tiers(item)
        total = len(self.site.by_basic[item.basic_code])
        edit = self.config.edit_url_base + item.file if self.config.edit_url_base else None
        apply_url = self.config.apply.url_for(item) if item.record.online.apply and item.record.status == "在用" else None
        return self._render(
            "item.html.j2",
            page,
            item=item,
            rec=item.record,
            std=item.standard,
            apply_url=apply_url,
            page_full_url=url,
            siblings=siblings,
            implemented_in=total,
            edit_url=edit,
            **self.accountability_context(item, url, apply_url),
        )

    def accountability_context(self, item: Item, url: str, apply_url: str | None) -> dict[str, object]:
        """What the item page's JSON-LD and 变更记录 partials need; 最近更新 from the record's last change in git."""
        page, history = item.page_path, self.site.history
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

    def related_tiers(self, item: Item) -> list[Item]:
        """The same item in the region's ancestors and direct children: bounded, whatever the catalog size."""
        site = self.site
        regions = [r.code for r in site.catalog.region_path(item.region.code)] + site.children.get(item.region.code, [])
        return [other for code in regions for other in site.by_basic_region.get((item.basic_code, code), []) if other is not item]

    def page_jobs(self) -> dict[str, Callable[[], str]]:
        """Every page, rendered on demand: source path -> function returning front matter + HTML.

        Lazy, so that a build can render pages in worker processes and never hold them all in memory.
        """
        jobs: dict[str, Callable[[], str]] = {}
        cat = self.site.catalog
        for item in self.site.items:
            jobs[item.page_path] = partial(self.item_page, item)
        for code, items in self.site.by_basic.items():
            page = f"services/{code}.md"
            jobs[page] = partial(self._render, "service.html.j2", page, std=cat.directory[code], items=items)
        jobs["services/index.md"] = partial(self._render, "services_index.html.j2", "services/index.md")
        for dep_id, items in self.site.by_department.items():
            page = f"departments/{dep_id}.md"
            jobs[page] = partial(self._render, "department.html.j2", page, dep=cat.departments[dep_id], items=items)
        jobs["departments/index.md"] = partial(self._render, "departments_index.html.j2", "departments/index.md")
        for code, region in cat.regions.items():
            page = f"regions/{code}.md"
            jobs[page] = partial(
                self._render,
                "region.html.j2",
                page,
                region=region,
                items=self.site.by_region.get(code, []),
                children=[cat.regions[c] for c in self.site.children.get(code, [])],
            )
        jobs["regions/index.md"] = partial(self._render, "regions_index.html.j2", "regions/index.md")
        for theme_id, codes in self.site.by_theme.items():
            page = f"themes/{theme_id}.md"
            jobs[page] = partial(self._render, "theme.html.j2", page, theme=cat.themes[theme_id], codes=codes)
        jobs["themes/index.md"] = partial(self._render, "themes_index.html.j2", "themes/index.md")
        jobs["index.md"] = partial(self._render, "home.html.j2", "index.md")
        jobs["search/index.md"] = partial(self._render, "search.html.j2", "search/index.md", search_config=self.config.search_config, hotline=HOTLINE)
        jobs.update(consistency_jobs(self))
        if self.config.accountability:
            jobs.update(accountability_jobs(self, self.config.has_bundles))
        return jobs

    def pages(self) -> dict[str, str]:
        """All pages rendered at once (small catalogs and tests)."""
        return {uri: job() for uri, job in self.page_jobs().items()}
