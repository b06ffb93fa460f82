"""A generated page: front matter split off, HTML body, table-of-contents tokens, escaped metadata.

Generated pages are HTML already (escaped by Jinja2), so they never go through Markdown: that parse was
the largest cost of a build (Python-Markdown's raw-HTML handling), and it let record text become markup.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from generator.load.yaml_source import plain_data

FRONT_MATTER_RE = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
HEADING_RE = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)
TAG_RE = re.compile(r"<[^>]+>")


@dataclass
class GeneratedPage:
    src_uri: str
    title: str
    html: str
    meta: dict[str, Any] = field(default_factory=dict)
    toc: list[dict[str, Any]] = field(default_factory=list)


def toc_tokens(body: str) -> list[dict[str, Any]]:
    """Table-of-contents tokens (as MkDocs' get_toc takes them) from our own h2/h3 headings."""
    tokens: list[dict[str, Any]] = []
    for level, anchor, inner in HEADING_RE.findall(body):
        token = {"level": int(level), "id": anchor, "name": TAG_RE.sub("", inner).strip(), "children": []}
        if token["level"] == 3 and tokens:
            tokens[-1]["children"].append(token)
        else:
            tokens.append(token)
    return tokens


def generated_page(src_uri: str, text: str) -> GeneratedPage:
    """Split a rendered template (front matter + HTML) into a page; metadata strings are HTML-escaped
    because the theme inserts page.meta.title and description into the page unescaped."""
    meta: dict[str, Any] = {}
    body = text
    match = FRONT_MATTER_RE.match(text)
    if match:
        meta = plain_data(match.group(1)) or {}
        body = text[match.end() :]
    for key in ("title", "description"):
        if isinstance(meta.get(key), str):
            meta[key] = html.escape(meta[key], quote=True)
    title = str(meta.get("title", ""))
    return GeneratedPage(src_uri=src_uri, title=title, html=body, meta=meta, toc=toc_tokens(body))
