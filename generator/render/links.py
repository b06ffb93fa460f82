"""Relative links between generated pages (MkDocs does not rewrite links inside raw HTML)."""

from __future__ import annotations

import posixpath

DATA_FILE = "index.json"  # an item's open data, written beside its page's index.html


def page_url(md_path: str) -> str:
    """Directory-style URL of a Markdown page: items/a/b.md -> items/a/b/, index.md -> ''."""
    stem = md_path.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative(from_md: str, to_md: str) -> str:
    """Relative href from one page to another, both given as Markdown source paths."""
    here = page_url(from_md) or "."
    target = page_url(to_md) or "."
    rel = posixpath.relpath(target, here.rstrip("/") or ".")
    return "./" if rel == "." else rel + "/"


def asset(from_md: str, site_path: str) -> str:
    """Relative href from a page to a static file in the site."""
    here = (page_url(from_md) or ".").rstrip("/") or "."
    return posixpath.relpath(site_path, here)
