"""The 开放数据 and 改革进展 pages (the files themselves are written by generator/export after the pages)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from typing import TYPE_CHECKING

from generator.address.links import asset
from generator.export.columns import LIST_SEPARATOR, columns, fields
from generator.export.national import TABLES
from generator.export.writer import planned_files
from generator.model.figures import MEASURES, Breakdown, breakdown, facts
from generator.render.dashboard import build_dashboard

if TYPE_CHECKING:
    from generator.render.pages import Renderer

OPEN_DATA_PAGE = "data/index.md"
PROGRESS_PAGE = "progress/index.md"


def site_breakdown(renderer: Renderer) -> Breakdown:
    return breakdown(facts(item) for item in renderer.site.items)


def accountability_jobs(renderer: Renderer, bundles: bool) -> dict[str, Callable[[], str]]:
    site = renderer.site
    figures = cache(partial(site_breakdown, renderer))

    def open_data() -> str:
        return renderer._render(
            "opendata.html.j2",
            OPEN_DATA_PAGE,
            data_files=planned_files(site.catalog, site.items, bundles),
            fields=fields(),
            columns=columns(),
            national=TABLES,
            separator=LIST_SEPARATOR,
            asset_link=partial(asset, OPEN_DATA_PAGE),
        )

    def progress() -> str:
        return renderer._render(
            "progress.html.j2",
            PROGRESS_PAGE,
            d=build_dashboard(figures(), site.history, site.catalog),
            measures=MEASURES,
            asset_link=partial(asset, PROGRESS_PAGE),
        )

    return {OPEN_DATA_PAGE: open_data, PROGRESS_PAGE: progress}
