"""The page contract between render/ and whatever frames the pages: `GeneratedPage` (path, title, meta, body, toc).

`Renderer.page_jobs()` renders each page's template to text (YAML front matter + HTML body); `generated_page()`
splits that text into the contract. Nothing here knows about MkDocs or a theme: generator/site/frame.py wraps
pages in mkdocs-material's frame, generator/site/pages_only.py writes them as plain files (docs/decisions/0001).

Generated pages are HTML already (escaped by Jinja2), so they never go through Markdown: that parse was
the largest cost of a build (Python-Markdown's raw-HTML handling), and it let record text become markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from generator.load.yaml_source import plain_data

FRONT_MATTER_RE = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
HEADING_RE = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)
TAG_RE = re.compile(r"<[^>]+>")


@dataclass
class GeneratedPage:
    """One generated page. `path`: its source path in the site (`shixiang/….md`; the page's URL follows the site's
    scheme, address/paths.py); `title` and `meta` as the template's front matter gives them (plain text, not
    escaped); `body`: the HTML body; `toc`: its h2/h3 headings as nested tokens ({level, id, name, children}).
    A path ending in .html is a standalone document (the printable 材料清单): `body` is the whole file, no frame."""

    path: str
    title: str
    body: str
    meta: dict[str, Any] = field(default_factory=dict)
    toc: list[dict[str, Any]] = field(default_factory=list)

    @property
    def standalone(self) -> bool:
        return self.path.endswith(".html")


def toc_tokens(body: str) -> list[dict[str, Any]]:
    """Table-of-contents tokens (the shape MkDocs' get_toc takes) from our own h2/h3 headings."""
    tokens: list[dict[str, Any]] = []
    for level, anchor, inner in HEADING_RE.findall(body):
        token = {"level": int(level), "id": anchor, "name": TAG_RE.sub("", inner).strip(), "children": []}
        if token["level"] == 3 and tokens:
            tokens[-1]["children"].append(token)
        else:
            tokens.append(token)
    return tokens


def generated_page(path: str, text: str) -> GeneratedPage:
    """Split a rendered template (front matter + HTML) into a page; a standalone document is kept whole."""
    if path.endswith(".html"):
        return GeneratedPage(path=path, title="", body=text)
    meta: dict[str, Any] = {}
    body = text
    match = FRONT_MATTER_RE.match(text)
    if match:
        meta = plain_data(match.group(1)) or {}
        body = text[match.end() :]
    title = str(meta.get("title", ""))
    return GeneratedPage(path=path, title=title, body=body, meta=meta, toc=toc_tokens(body))
