"""`banshi build --pages-only DIR`: every generated page as a plain file, without the theme and without a MkDocs build.

For another static site generator (docs/decisions/0001-after-mkdocs-material-9.md, docs/pages-only.md). Each page
is written at its source path (`items/<region>/<code>.md`, `index.md`, ...) as the renderer made it: YAML front
matter (title, description, ...) then the HTML body, the same body the themed site shows. Standalone documents
(`*.html`, the printable 材料清单) are written whole. `banshi-pages.json` lists every page with its title, meta and
table of contents (headings inside raw HTML are invisible to a Markdown TOC), so a generator needs no parsing.

The same folder rules and swap as the site (site/swap.py): written into a marked temporary sibling, then swapped
in; a folder is replaced only when Banshi made it (its marker), when it is empty or when it does not exist.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.exceptions import MkDocsException

from generator.check.verdict import judge
from generator.parallel import fork_map
from generator.render.output import generated_page
from generator.site.build import BuildRefused
from generator.site.config import ConfigRefused, read_config
from generator.site.frame import PARALLEL_FROM, PER_WORKER
from generator.site.plugin import BanshiPlugin
from generator.site.renderer import site_renderer
from generator.site.swap import check_target, new_build_dir, remove_stale, swap_in
from generator.validate.loading import load_project

MANIFEST = "banshi-pages.json"
FORMAT = "banshi-pages/1"


def write_page(out: Path, path: str, text: str) -> dict[str, Any]:
    """Write one page's text at its source path; its manifest entry."""
    target = out / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    page = generated_page(path, text)
    if page.standalone:
        return {"path": path, "standalone": True}
    return {"path": path, "title": page.title, "meta": page.meta, "toc": page.toc}


def write_pages_only(config_file: Path, out_dir: Path, progress: Callable[[str], None] = lambda s: None) -> int:
    """Validate, render and write every generated page into out_dir (atomically); the number of pages.
    SiteDirRefused for a folder Banshi may not replace, ConfigRefused, BuildRefused on validation errors."""
    config_file = config_file.resolve()
    root = config_file.parent
    config = read_config(config_file)
    protected = [Path(config.docs_dir)] + ([Path(config.theme.custom_dir)] if config.theme.custom_dir else [])
    target = check_target(out_dir, root, protected)
    for stale in remove_stale(target):
        progress(f"已删除上次中断时留下的临时目录 {stale.name}")
    result = judge(load_project(root))
    if result.blocking:
        raise BuildRefused(result)
    plugin = config.plugins["banshi"]
    assert isinstance(plugin, BanshiPlugin)
    try:
        plugin.on_config(config)  # the city's options, checked as in a build
    except MkDocsException as exc:
        raise ConfigRefused(str(exc)) from None
    renderer, _ = site_renderer(root, result, plugin.site_config(config))
    jobs = sorted(renderer.page_jobs().items())
    tmp = new_build_dir(target)
    try:
        entries = list(fork_map(lambda job: write_page(tmp, job[0], job[1]()), jobs, min_items=PARALLEL_FROM, per_worker=PER_WORKER))
        manifest = {"format": FORMAT, "site_url": plugin.site_config(config).site_url, "pages": entries}
        (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")
        old, _gapless = swap_in(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return len(entries)
