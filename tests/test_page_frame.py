"""The theme frame rendered once per folder (generator/site/frame.py, banshi_memo) gives every page exactly what
rendering it in full gives: the same markup on every page of the built project, up to whitespace between tags."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.site import frame as bulk
from tests.conftest import build_project_site
from tests.support import make_project

SPACE_RE = re.compile(r"\s+")
BETWEEN_TAGS_RE = re.compile(r">\s+<")


def normalised(path: Path) -> str:
    return BETWEEN_TAGS_RE.sub("><", SPACE_RE.sub(" ", path.read_text(encoding="utf-8"))).strip()


def test_memoised_frame_equals_the_full_render(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path / "p")
    memoised = build_project_site(project, tmp_path / "memoised")
    calls: list[tuple[str, str]] = []
    real_memo = bulk.BulkWriter.memo

    def counting_memo(self: bulk.BulkWriter, name: str, key: str, caller: object) -> object:
        calls.append((name, key))
        return real_memo(self, name, key, caller)  # type: ignore[arg-type]

    monkeypatch.setattr(bulk.BulkWriter, "memo", counting_memo)
    memoised_again = build_project_site(project, tmp_path / "memoised-again")
    assert {name for name, key in calls if key is not None} == {"nav", "toc", "styles", "footer", "config", "scripts", "header-start", "header-end"}
    shared = [call for call in calls if call[1] is not None]
    assert len(shared) > len(set(shared)), "no part of the frame was shared between pages"
    monkeypatch.setattr(bulk.BulkWriter, "shell_key", lambda self, page, base_url: None)
    full = build_project_site(project, tmp_path / "full")
    pages = sorted(p.relative_to(full) for p in full.rglob("*.html"))
    assert len(pages) > 20
    assert sorted(p.relative_to(memoised) for p in memoised.rglob("*.html")) == pages
    differing = [str(p) for p in pages if normalised(memoised / p) != normalised(full / p)]
    assert differing == []
    assert all((memoised / p).read_bytes() == (memoised_again / p).read_bytes() for p in pages)
