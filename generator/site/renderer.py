"""The renderer of every page for one build: the checked catalog, its git history (when accountability is on) and
the city's options. The MkDocs build (site/plugin.py) and `banshi build --pages-only` (site/pages_only.py) both
start here, so both write the same pages."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from generator.check.verdict import Verdict
from generator.history.changes import read_history
from generator.parallel import freeze_survivors
from generator.render.pages import Renderer, Site, SiteConfig

log = logging.getLogger("mkdocs.plugins.banshi")


def site_renderer(root: Path, result: Verdict, config: SiteConfig) -> tuple[Renderer, float]:
    """The renderer, and the seconds spent reading the history."""
    started = time.perf_counter()
    validation = result.validation
    site = Site(validation.catalog, list(validation.items), result.report)
    history_seconds = 0.0
    if config.accountability:
        site.history = read_history(root, validation.items, validation.catalog)
        history_seconds = time.perf_counter() - started
        if not site.history.available:
            log.info("banshi: %s", site.history.reason)
        for note in site.history.notes_shown():  # refused old versions, clamped dates: for maintainers (docs/history.md)
            log.warning("banshi: 变更历史：%s", note)
    freeze_survivors()  # inside a build, the site and its history live to its end (generator/parallel.py)
    return Renderer(site, config), history_seconds
