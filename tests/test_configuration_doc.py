"""docs/configuration.md lists every option of the banshi plugin, and only those (nested ones as a.b.c)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from generator.site.plugin import BanshiConfig

DOC = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"


def options(config: type[Config], prefix: str = "") -> Iterator[str]:
    for name, option in config._schema:
        if isinstance(option, c.SubConfig):
            yield from options(option.config_class, f"{prefix}{name}.")
        else:
            yield prefix + name


def test_every_option_is_documented_once_and_nothing_else() -> None:
    rows = re.findall(r"^\| `([a-z_.]+)` \|", DOC.read_text(encoding="utf-8"), re.M)
    assert len(rows) == len(set(rows)), "an option is listed twice"
    assert sorted(rows) == sorted(options(BanshiConfig))
