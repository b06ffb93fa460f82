"""mkdocs.yml through MkDocs' own loader, and `mkdocs serve`: the commands reach MkDocs only through here.

Everything MkDocs-specific lives in generator/site/ (docs/decisions/0001-after-mkdocs-material-9.md); a command
gets the typed configuration (`.plugins["banshi"].config`) or ConfigRefused with MkDocs' message.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.commands.serve import serve
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from generator.site.city_project import packaged_defaults


class ConfigRefused(Exception):
    """mkdocs.yml cannot be read or has a configuration error (the message says which); nothing was built."""


def read_config(config_file: Path, site_dir: Path | None = None) -> MkDocsConfig:
    """mkdocs.yml loaded and checked by MkDocs (plugins included), with Banshi's defaults for what a city's file may
    leave out (site/city_project.py) and `site_dir` overridden when given."""
    overrides = {"site_dir": str(site_dir)} if site_dir is not None else {}
    try:
        return load_config(str(config_file), **{**packaged_defaults(config_file), **overrides})
    except (MkDocsException, OSError) as exc:
        raise ConfigRefused(str(exc)) from None


def serve_site(config_file: Path, dev_addr: str) -> None:
    """`mkdocs serve` with live reload: the banshi plugin's preview rewrites only the pages a saved record is on."""
    serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True, **packaged_defaults(config_file))
