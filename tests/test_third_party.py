"""docs/third-party.md names every pinned package, every vendored file and the Meilisearch binary's hash, and the
binary the tests run is the one whose hash is pinned in search/meilisearch.sha256."""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOC = (REPO / "docs" / "third-party.md").read_text(encoding="utf-8")


def pinned() -> list[tuple[str, str]]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    out = []
    for spec in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        name, _, version = re.split(r"\s*#", spec)[0].strip().partition("==")
        out.append((name, version or "unpinned"))
    return out


def test_every_python_package_is_listed_with_its_version() -> None:
    rows = dict(re.findall(r"^\| ([A-Za-z0-9_.\-]+) \| ([0-9][^ |]*|unpinned) \|", DOC, re.M))
    assert {name: rows.get(name) for name, _ in pinned()} == dict(pinned())


def test_every_vendored_file_is_listed() -> None:
    vendored = sorted(p.name for p in (REPO / "site_templates" / "overrides" / "assets" / "javascripts" / "vendor").iterdir())
    listed = sorted(re.findall(r"^\| `([\w.\-]+\.mjs)` \|", DOC, re.M))
    assert vendored == listed


def test_the_meilisearch_binary_is_the_pinned_one() -> None:
    digest, _, relative = (REPO / "search" / "meilisearch.sha256").read_text(encoding="utf-8").strip().partition("  ")
    assert digest in DOC
    binary = REPO / "search" / relative
    assert binary.is_file(), f"{binary} is not installed (cd search && npm ci)"
    assert hashlib.sha256(binary.read_bytes()).hexdigest() == digest
