"""Write generated pages through the theme's main.html, outside MkDocs' Markdown pipeline, on every core.

MkDocs builds the handful of pages in the navigation. Item, service, department, region and theme pages
(nearly all of a large catalog) are rendered here after the MkDocs build, in forked worker processes that
inherit the theme environment and navigation (generator/parallel.py), so a page is rendered, written and dropped one
at a time.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

import jinja2
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import write_file

from generator.parallel import fork_map
from generator.render.output import GeneratedPage, generated_page

Job = tuple[str, Callable[[], str]]
PARALLEL_FROM = 400  # pages; below this, forking costs more than it saves
PER_WORKER = 200  # the least pages worth a worker of their own


def theme_page(gp: GeneratedPage, config: MkDocsConfig) -> Page:
    """A MkDocs Page for a generated page, filled as if MkDocs had rendered it."""
    file = File.generated(config, gp.src_uri, content="")
    page = Page(None, file, config)
    page.markdown = ""
    page.meta = gp.meta
    page.content = gp.html
    page.toc = get_toc(gp.toc)  # type: ignore[arg-type]
    return page


class BulkWriter:
    def __init__(self, config: MkDocsConfig, env: jinja2.Environment, nav: Navigation, files: Files) -> None:
        self.config, self.nav = config, nav
        self.docs = files.documentation_pages()
        self.template = env.get_template("main.html")

    def write(self, src_uri: str, text: str) -> None:
        if src_uri.endswith(".html"):  # a standalone document (the printable 材料清单): written as is, no theme
            write_file(text.encode("utf-8", errors="xmlcharrefreplace"), os.path.join(self.config.site_dir, src_uri))
            return
        page = theme_page(generated_page(src_uri, text), self.config)
        page.active = True
        output = self.template.render(get_context(self.nav, self.docs, self.config, page))
        write_file(output.encode("utf-8", errors="xmlcharrefreplace"), page.file.abs_dest_path)

    def write_all(self, jobs: Sequence[Job]) -> None:
        for src_uri, job in jobs:
            self.write(src_uri, job())


def write_pages(writer: BulkWriter, jobs: Sequence[Job], workers: int | None = None) -> None:
    """Render and write `jobs`, split over forked workers (generator/parallel.py) from PARALLEL_FROM pages on."""
    for _ in fork_map(lambda job: writer.write(job[0], job[1]()), jobs, min_items=PARALLEL_FROM, per_worker=PER_WORKER, workers=workers):
        pass
