"""The catalog (items/_catalog) as every later stage sees it: regions, departments, the directory items that passed
their checks, themes, popular services, synonyms and bundles. Read by load/catalog.py, checked and assembled by
validate/catalog_rules.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from generator.model.fields import FieldPath
from generator.model.records import Bundle, Department, DirectoryItem, LegalBasis, Region, Synonym, Theme
from generator.model.roles import RoleUse


def region_chain(code: str | None, parent_of: Callable[[str], str | None]) -> list[str]:
    """THE region chain: the region, then its parents up to the city, by the catalog's parent links (never the
    code's digits), stopping at a repeat. Catalog.region_path and the search's Understander.chain use it; the
    browser's twin is regionChain in region.mjs (tests/browser/test_twins_parity.py)."""
    out: list[str] = []
    while code and code not in out:
        out.append(code)
        code = parent_of(code)
    return out


class Positions(Protocol):
    """Where a field of a file is (1-based line and column): what load/yaml_source.Source gives."""

    def position(self, path: FieldPath) -> tuple[int, int]: ...


@dataclass
class Catalog:
    regions: dict[str, Region] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)
    directory: dict[str, DirectoryItem] = field(default_factory=dict)
    directory_files: dict[str, str] = field(default_factory=dict)
    broken_directory: dict[str, str] = field(default_factory=dict)  # file stem -> file, for files with errors
    themes: dict[str, Theme] = field(default_factory=dict)
    popular: list[str] = field(default_factory=list)
    synonyms: list[Synonym] = field(default_factory=list)
    bundles: list[Bundle] = field(default_factory=list)  # 一件事一次办, as written; checked in generator/validate/bundles.py
    bundles_source: Positions | None = None
    directory_roles: dict[str, tuple[RoleUse, ...]] = field(default_factory=dict)  # basic code -> the roles its texts name
    directory_sources: dict[str, Positions] = field(default_factory=dict)  # of those items: lines for an error about a role
    channels: dict[str, str] = field(default_factory=dict)  # mkdocs.yml `channels`: channel role -> name (docs/roles.md)
    local_basis: dict[str, tuple[LegalBasis, ...]] = field(default_factory=dict)  # basic code -> the project's own legal bases
    resolved: dict[tuple, Any] = field(default_factory=dict)  # validate/resolve.py's memo: names and named directory items, shared

    def theme_by_name(self, name: str) -> Theme | None:
        return next((t for t in self.themes.values() if t.name == name), None)

    def region_path(self, code: str) -> list[Region]:
        """The region and its ancestors, top first."""
        codes = region_chain(code, lambda c: self.regions[c].parent if c in self.regions else None)
        return [self.regions[c] for c in reversed(codes) if c in self.regions]
