"""The parse cache (generator/load/parse_cache.py): a file whose bytes were parsed before is not parsed again, an edited
one is, and a cache that is damaged, stale or cannot be written is ignored without a word. That a cached run says
exactly what a fresh one says is shown for every validation case by tests/test_cases.py (each runs twice)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator.load import parse_cache, records
from generator.load.parse_cache import CACHE_FILE
from generator.validate.loading import load_project
from tests.support import FOOD_COUNTY, edit, make_project


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The bytes of every file parsed (the mini fixture is below the size where workers are forked)."""
    seen: list[bytes] = []
    real = records._parse_bytes

    def counting(raw: bytes) -> records.Parsed:
        seen.append(raw)
        return real(raw)

    monkeypatch.setattr(records, "_parse_bytes", counting)
    return seen


def loaded(project: Path) -> list[tuple[str, object, list[str]]]:
    return [(r.file, r.record, [f.message for f in r.findings]) for r in load_project(project).records]


def test_unchanged_files_are_not_parsed_again_and_an_edited_one_is(tmp_path: Path, parses: list[bytes]) -> None:
    project = make_project(tmp_path / "p")
    first = loaded(project)
    assert len(parses) == len(first) == 4 and (project / CACHE_FILE).is_file()
    assert loaded(project) == first and len(parses) == 4
    edit(project, FOOD_COUNTY, "    phone: 0371-22331002", "    phone: 0371-22339999")
    after = loaded(project)
    assert len(parses) == 5 and b"0371-22339999" in parses[-1]
    assert [r for r in after if r[0] == FOOD_COUNTY] != [r for r in first if r[0] == FOOD_COUNTY]
    parses.clear()
    assert loaded(project) == after and parses == []


def test_a_syntax_error_is_cached_with_its_findings(tmp_path: Path, parses: list[bytes]) -> None:
    project = make_project(tmp_path / "p")
    edit(project, FOOD_COUNTY, "onsite_visits: 1", "onsite_visits: [1")
    first = loaded(project)
    assert any(r[0] == FOOD_COUNTY and r[1] is None and r[2] for r in first)
    parses.clear()
    assert loaded(project) == first and parses == []


@pytest.mark.parametrize("damage", ["empty", "truncated", "flipped", "garbage", "parser", "folder"])
def test_a_damaged_or_stale_cache_is_ignored(tmp_path: Path, parses: list[bytes], monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    project = make_project(tmp_path / "p")
    first = loaded(project)
    cache = project / CACHE_FILE
    data = cache.read_bytes()
    if damage == "empty":
        cache.write_bytes(b"")
    elif damage == "truncated":
        cache.write_bytes(data[: len(data) // 2])
    elif damage == "flipped":
        cache.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    elif damage == "garbage":
        cache.write_bytes(b"\x00\xff" * 5000)
    elif damage == "parser":  # another Python, PyYAML or loader code
        monkeypatch.setattr(parse_cache, "parser_key", lambda: b"\x01" * 16)
    else:  # not a file at all: nothing can be read or written
        cache.unlink()
        cache.mkdir()
    parses.clear()
    assert loaded(project) == first and len(parses) == 4
    if damage != "folder":
        parses.clear()
        assert loaded(project) == first and parses == []  # rewritten, and used again


def test_a_full_run_forgets_deleted_files_and_a_partial_run_keeps_the_rest(tmp_path: Path, parses: list[bytes]) -> None:
    project = make_project(tmp_path / "p")
    loaded(project)
    load_project(project, [project / FOOD_COUNTY], others=False)
    cached = parse_cache.ParseCache.open(project).entries
    assert len(cached) == 4  # the other three stay
    (project / FOOD_COUNTY).unlink()
    loaded(project)
    assert FOOD_COUNTY not in parse_cache.ParseCache.open(project).entries
    assert len(parse_cache.ParseCache.open(project).entries) == 3


def test_forked_workers_use_and_fill_the_same_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    serial = loaded(make_project(tmp_path / "serial"))
    project = make_project(tmp_path / "p")
    monkeypatch.setattr(records, "PARALLEL_FROM", 2)  # fork workers for the four records
    assert loaded(project) == serial
    assert len(parse_cache.ParseCache.open(project).entries) == 4
    edit(project, FOOD_COUNTY, "    phone: 0371-22331002", "    phone: 0371-22339999")
    warm = loaded(project)
    assert [r for r in warm if r[0] != FOOD_COUNTY] == [r for r in serial if r[0] != FOOD_COUNTY]
    assert [r for r in warm if r[0] == FOOD_COUNTY] != [r for r in serial if r[0] == FOOD_COUNTY]


def test_a_cache_committed_to_git_is_neither_read_nor_written(tmp_path: Path, parses: list[bytes]) -> None:
    """A pull request could commit a cache that says a record reads otherwise than its YAML (load/tracked.py)."""
    project = make_project(tmp_path / "p")
    first = loaded(project)
    cache = parse_cache.ParseCache.open(project)
    digest, (kind, data) = cache.entries[FOOD_COUNTY]
    forged = {**data, "onsite_visits": 0}
    cache.entries[FOOD_COUNTY] = (digest, (kind, forged))
    cache.changed = True
    cache.save(complete=False)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    for args in (["init", "-q"], ["add", "-A"], ["add", "-f", str(CACHE_FILE)], ["commit", "-qm", "x"]):
        subprocess.run([*git, *args], cwd=project, check=True, capture_output=True)
    written = (project / CACHE_FILE).read_bytes()
    parses.clear()
    assert loaded(project) == first and len(parses) == 4  # parsed from the YAML, not taken from the committed file
    assert (project / CACHE_FILE).read_bytes() == written
