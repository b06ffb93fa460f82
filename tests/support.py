"""Helpers shared by tests: copy the mini fixture catalog and run the CLI in it."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from generator.cli import main

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "mini"
FOOD_CITY = "items/410200/kf-scjgj/11410200MB0A11111W3000104001000.yaml"
FOOD_COUNTY = "items/410202/lt-scjgj/11410202MB0A22221F4000104001000.yaml"
DIBAO_COUNTY = "items/410225/lk-mzj/11410225MB0A33331F4000502001000.yaml"
#: Three published guides written as records (tests/fixtures/guides/SOURCES.md), with the directory items they implement.
GUIDES = REPO / "tests" / "fixtures" / "guides"
GUIDES_DIRECTORY = ("000701001001", "000106002000", "000502001000")


def make_project(dest: Path, source: Path = MINI) -> Path:
    """Copy a fixture catalog into dest with a mkdocs.yml (the fixture's own, else the repo's) whose folders point at
    the repository's docs, theme, page templates and search assets (a fixture's own docs/ folder wins)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source / "items", dest / "items")
    own = source / "mkdocs.yml"
    text = (own if own.is_file() else REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if (source / "docs").is_dir():
        shutil.copytree(source / "docs", dest / "docs")
    absolute = {
        "docs_dir": ("site_templates/docs", REPO / "site_templates" / "docs"),
        "custom_dir": ("site_templates/overrides", REPO / "site_templates" / "overrides"),
        "templates_dir": ("site_templates/pages", REPO / "site_templates" / "pages"),
        "search_assets_dir": ("search", REPO / "search"),
    }
    if (source / "docs").is_dir():
        absolute.pop("docs_dir")
    for key, (relative, path) in absolute.items():
        pattern = rf"^([ \t]*){key}: {re.escape(relative)}[ \t]*$"
        quoted = json.dumps(str(path), ensure_ascii=False)  # a JSON string is a valid YAML scalar
        text, count = re.subn(pattern, lambda m, k=key, q=quoted: f"{m.group(1)}{k}: {q}", text, flags=re.MULTILINE)
        assert count == 1, f"mkdocs.yml changed: `{key}: {relative}` found {count} times; update tests/support.py"
    (dest / "mkdocs.yml").write_text(text, encoding="utf-8")
    return dest


def make_guides_project(dest: Path) -> Path:
    """The guides fixture with the repository's current directory items and attachments (the fixture keeps only what
    the guides say, so a change of the shared directory reaches these records as it reaches every city's)."""
    make_project(dest, GUIDES)
    for code in GUIDES_DIRECTORY:
        shutil.copy(REPO / "items" / "_catalog" / "directory" / f"{code}.yaml", dest / "items" / "_catalog" / "directory" / f"{code}.yaml")
    shutil.copytree(REPO / "items" / "_files", dest / "items" / "_files")
    return dest


def run_cli(project: Path, *args: str, monkeypatch: Any) -> tuple[int, str]:
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def validate_json(project: Path, monkeypatch: Any, *paths: str) -> tuple[int, dict[str, Any]]:
    code, out = run_cli(project, "validate", *paths, "--format", "json", monkeypatch=monkeypatch)
    return code, json.loads(out)


def edit(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(project: Path, rel: str, needle: str) -> int:
    for number, line in enumerate((project / rel).read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {rel}")


@contextlib.contextmanager
def silent_server() -> Iterator[str]:
    """A server on 127.0.0.1 that accepts connections (the kernel completes them) and never answers: a search
    server that has stopped responding. Yields its base URL."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under folder (relative POSIX path -> bytes)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def differences(a: Path, b: Path) -> list[str]:
    """How the site in `a` (built incrementally) differs from the site in `b` (a full build): nothing when equal."""
    left, right = tree(a), tree(b)
    out = [f"only in incremental: {k}" for k in left.keys() - right.keys()] + [f"only in full: {k}" for k in right.keys() - left.keys()]
    return out + [f"differs: {k}" for k in sorted(left.keys() & right.keys()) if left[k] != right[k]]
