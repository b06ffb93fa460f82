"""mkdocs.yml through MkDocs' own loader: the commands reach MkDocs' configuration only through here.

Everything MkDocs-specific lives in generator/site/ (docs/decisions/0001-after-mkdocs-material-9.md); a command
gets the typed configuration (`.plugins["banshi"].config`) or ConfigRefused with MkDocs' message.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from generator.site.city_project import packaged_defaults


class ConfigRefused(Exception):
    """mkdocs.yml cannot be read or has a configuration error (the message says which); nothing was built."""


def read_config(config_file: Path, site_dir: Path | None = None, dev_addr: str | None = None) -> MkDocsConfig:
    """mkdocs.yml loaded and checked by MkDocs (plugins included), with Banshi's defaults for what a city's file may
    leave out (site/city_project.py) and `site_dir` and `dev_addr` overridden when given."""
    overrides = {"site_dir": str(site_dir)} if site_dir is not None else {}
    if dev_addr is not None:
        overrides["dev_addr"] = dev_addr
    try:
        return load_config(str(config_file), **{**packaged_defaults(config_file), **overrides})
    except (MkDocsException, OSError) as exc:
        raise ConfigRefused(str(exc)) from None

