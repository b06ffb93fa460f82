"""What a city's mkdocs.yml may leave out: a city's repository needs only items/ and mkdocs.yml.

The page templates, search assets and theme overrides default to Banshi's own in the plugin (site/plugin.py); the nav
pages (MkDocs' `docs_dir`, which MkDocs checks before any plugin runs) default here, for every command that loads
mkdocs.yml (site/config.py). Where the defaults live: generator/assets.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from mkdocs.exceptions import MkDocsException
from mkdocs.utils.yaml import yaml_load

from generator.assets import DOCS


def packaged_defaults(config_file: Path) -> dict[str, Any]:
    """Options for MkDocs' load_config: Banshi's nav pages when mkdocs.yml names no `docs_dir` and the project has no
    docs/ folder (MkDocs' own default); nothing otherwise, or when the file cannot be read (load_config says why)."""
    if (config_file.parent / "docs").is_dir():
        return {}
    try:
        with config_file.open("rb") as handle:
            raw = yaml_load(handle)
    except (OSError, yaml.YAMLError, MkDocsException):
        return {}
    if isinstance(raw, dict) and "docs_dir" in raw:
        return {}
    return {"docs_dir": str(DOCS)}

