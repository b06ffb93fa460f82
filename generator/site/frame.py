"""Wrap generated pages (render/output.py's GeneratedPage) in the theme's main.html and write them, on every core.

This is the MkDocs side of the page seam: a GeneratedPage becomes a MkDocs Page (`theme_page`), gets MkDocs' template
context (`get_context`) and is rendered through mkdocs-material's frame, outside MkDocs' Markdown pipeline.

MkDocs builds the handful of pages in the navigation. Item, service, department, region and theme pages
(nearly all of a large catalog) are rendered here after the MkDocs build, in forked worker processes that
inherit the theme environment and navigation (generator/parallel.py), so a page is rendered, written and dropped one
at a time.

Most of the theme's frame is the same on every generated page of a folder: the site navigation (no generated page
is in it, so none is active), the footer (no previous/next page), the theme's config, styles and scripts, whose
links are relative to the page's folder; and the table of contents, the same for pages with the same headings.
`overrides/main.html` renders those parts once per folder through `banshi_memo` when the page context has a
`banshi_shell_key`; pages MkDocs itself renders have none and are rendered in full.
"""

from __future__ import annotations

import html
import os
import posixpath
from collections.abc import Callable, Sequence
from typing import Any, cast

import jinja2
from markupsafe import Markup
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents, get_toc
from mkdocs.utils import write_file

from generator.parallel import fork_map
from generator.render.output import GeneratedPage, generated_page

Job = tuple[str, Callable[[], str]]
PARALLEL_FROM = 400  # pages; below this, forking costs more than it saves
PER_WORKER = 200  # the least pages worth a worker of their own


def nav_sources(nav: list[Any]) -> set[str]:
    """Source paths named in the mkdocs.yml navigation."""
    out: set[str] = set()
    for entry in nav:
        values = entry.values() if isinstance(entry, dict) else [entry]
        for value in values:
            if isinstance(value, str):
                out.add(value)
            elif isinstance(value, list):
                out |= nav_sources(value)
    return out


def render_in_full(name: str, key: str | None, caller: Callable[[], str]) -> Markup:
    """`banshi_memo` for pages MkDocs renders itself: no sharing, the body as it renders."""
    return Markup(caller())


def theme_meta(gp: GeneratedPage) -> dict[str, Any]:
    """The page's metadata for the theme: title and description HTML-escaped, because mkdocs-material inserts
    page.meta.title and description into the page unescaped."""
    meta = dict(gp.meta)
    for key in ("title", "description"):
        if isinstance(meta.get(key), str):
            meta[key] = html.escape(meta[key], quote=True)
    return meta


def theme_toc(gp: GeneratedPage) -> TableOfContents:
    """The page's headings as MkDocs' TableOfContents."""
    return get_toc(gp.toc)  # type: ignore[arg-type]


def theme_page(gp: GeneratedPage, config: MkDocsConfig) -> Page:
    """A MkDocs Page for a generated page, filled as if MkDocs had rendered it."""
    file = File.generated(config, gp.path, content="")
    page = Page(None, file, config)
    page.markdown = ""
    page.meta = theme_meta(gp)
    page.content = gp.body
    page.toc = theme_toc(gp)
    return page


class BulkWriter:
    def __init__(self, config: MkDocsConfig, env: jinja2.Environment, nav: Navigation, files: Files) -> None:
        self.config, self.nav = config, nav
        self.docs = files.documentation_pages()
        env.auto_reload = False  # one build: no stat() of every included template on every page
        env.globals["banshi_memo"] = self.memo
        self.template = env.get_template("main.html")
        self.nav_urls = [p.url for p in nav.pages]
        self.memos: dict[tuple[str, str], Markup] = {}

    def shell_key(self, page: Page, base_url: str) -> str | None:
        """The page's parent folder and depth, when the shared parts of its frame are the same as for every page
        there: no navigation page lies inside the page's own folder (its links would then differ page to page)."""
        if not page.url or any(url.startswith(page.url) for url in self.nav_urls):
            return None
        return f"{base_url}|{posixpath.dirname(page.url.rstrip('/'))}"

    def memo(self, name: str, key: str | None, caller: Callable[[], str]) -> Markup:
        """`{% call banshi_memo(name, key) %}...{% endcall %}`: the body rendered once per (name, key); every time
        without a key."""
        if key is None:
            return render_in_full(name, key, caller)
        if (name, key) not in self.memos:
            self.memos[(name, key)] = Markup(caller())
        return self.memos[(name, key)]

    def write(self, src_uri: str, text: str) -> None:
        generated = generated_page(src_uri, text)
        if generated.standalone:  # a standalone document (the printable 材料清单): written as is, no theme
            write_file(generated.body.encode("utf-8", errors="xmlcharrefreplace"), os.path.join(self.config.site_dir, src_uri))
            return
        page = theme_page(generated, self.config)
        page.active = True
        context = get_context(self.nav, self.docs, self.config, page)
        key = self.shell_key(page, context["base_url"])
        if key is not None:
            extra = cast(dict[str, Any], context)  # the frame's memo keys, beside MkDocs' own TemplateContext keys
            extra["banshi_shell_key"] = key
            extra["banshi_toc_key"] = repr(generated.toc)  # same headings, same TOC
        output = self.template.render(context)
        write_file(output.encode("utf-8", errors="xmlcharrefreplace"), page.file.abs_dest_path)

    def write_all(self, jobs: Sequence[Job]) -> None:
        for src_uri, job in jobs:
            self.write(src_uri, job())


def write_pages(writer: BulkWriter, jobs: Sequence[Job], workers: int | None = None) -> None:
    """Render and write `jobs`, split over forked workers (generator/parallel.py) from PARALLEL_FROM pages on."""
    for _ in fork_map(lambda job: writer.write(job[0], job[1]()), jobs, min_items=PARALLEL_FROM, per_worker=PER_WORKER, workers=workers):
        pass
