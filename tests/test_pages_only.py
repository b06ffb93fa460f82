"""`banshi build --pages-only DIR` (generator/site/pages_only.py): the generated pages as plain files, each body the
one the themed site shows; a folder Banshi did not make is never written into or deleted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.commands.usage import USAGE_EXIT
from generator.render.output import generated_page
from tests.support import REPO, make_project, run_cli


def themed_path(site: Path, path: str) -> Path:
    """Where the MkDocs build (use_directory_urls) puts the page of a source path."""
    if path.endswith(".html"):
        return site / path
    stem = path.removesuffix(".md")
    return site / f"{stem}.html" if stem == "index" or stem.endswith("/index") else site / stem / "index.html"


def test_pages_only_bodies_are_the_themed_site_bodies(repo_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "pages"
    code, output = run_cli(REPO, "build", "--pages-only", str(out), monkeypatch=monkeypatch)
    assert code == 0, output
    manifest = json.loads((out / "banshi-pages.json").read_text(encoding="utf-8"))
    assert manifest["format"] == "banshi-pages/1"
    listed = {entry["path"] for entry in manifest["pages"]}
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {"banshi-pages.json", ".banshi-site"}
    assert written == listed and len(listed) > 100
    items = [e for e in manifest["pages"] if e["path"].startswith("items/") and not e.get("standalone")]
    chosen = [items[0], items[len(items) // 2], items[-1], *(e for e in manifest["pages"] if e["path"] == "index.md")]
    assert len(chosen) == 4
    for entry in chosen:
        text = (out / entry["path"]).read_text(encoding="utf-8")
        assert text.startswith("---\n"), entry["path"]  # front matter, then the body
        page = generated_page(entry["path"], text)
        themed = themed_path(repo_site, entry["path"]).read_text(encoding="utf-8")
        assert len(page.body) > 500 and page.body in themed, entry["path"]
        assert "md-header" not in text and "md-header" in themed  # no theme frame in the plain page
        assert entry["title"] == page.title and page.title and entry["meta"] == page.meta
        assert entry["toc"] == page.toc and (entry["toc"] or entry["path"] == "index.md")  # an item page has sections
    standalone = [e for e in manifest["pages"] if e.get("standalone")]
    assert standalone and (out / standalone[0]["path"]).read_bytes() == themed_path(repo_site, standalone[0]["path"]).read_bytes()


def test_pages_only_refuses_a_file_and_a_folder_it_did_not_make(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path / "p")
    a_file = tmp_path / "notes.txt"
    a_file.write_text("keep", encoding="utf-8")
    code, output = run_cli(project, "build", "--pages-only", str(a_file), monkeypatch=monkeypatch)
    assert code == USAGE_EXIT and "是一个文件" in output and "Traceback" not in output
    assert a_file.read_text(encoding="utf-8") == "keep"

    foreign = tmp_path / "theirs"
    foreign.mkdir()
    (foreign / "page.md").write_text("someone else's", encoding="utf-8")
    code, output = run_cli(project, "build", "--pages-only", str(foreign), monkeypatch=monkeypatch)
    assert code == USAGE_EXIT and "不是 Banshi 生成的" in output
    assert [p.name for p in foreign.iterdir()] == ["page.md"]

    ours = tmp_path / "ours"
    assert run_cli(project, "build", "--pages-only", str(ours), monkeypatch=monkeypatch)[0] == 0
    (ours / "index.md").write_text("stale", encoding="utf-8")
    code, output = run_cli(project, "build", "--pages-only", str(ours), monkeypatch=monkeypatch)
    assert code == 0, output
    assert (ours / "index.md").read_text(encoding="utf-8").startswith("---\n")  # replaced: a folder Banshi made
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "ours", "p", "theirs"]  # no temporary folder left
