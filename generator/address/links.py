"""Relative links between generated pages (MkDocs does not rewrite links inside raw HTML)."""

from __future__ import annotations

DATA_FILE = "index.json"  # an item's open data, written beside its page's index.html


def page_url(md_path: str) -> str:
    """Directory-style URL of a Markdown page: items/a/b.md -> items/a/b/, index.md -> ''."""
    stem = md_path.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def _relpath(target: str, start: str) -> str:
    """posixpath.relpath for the clean relative site paths pages use (no `..`), without its cwd and normpath work:
    a page links to a dozen others, and a large build makes hundreds of thousands of links."""
    to = [part for part in target.split("/") if part and part != "."]
    here = [part for part in start.split("/") if part and part != "."]
    common = 0
    while common < len(to) and common < len(here) and to[common] == here[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def relative(from_md: str, to_md: str) -> str:
    """Relative href from one page to another, both given as Markdown source paths."""
    rel = _relpath(page_url(to_md), page_url(from_md))
    return "./" if rel == "." else rel + "/"


def asset(from_md: str, site_path: str) -> str:
    """Relative href from a page to a static file in the site."""
    return _relpath(site_path, page_url(from_md))
