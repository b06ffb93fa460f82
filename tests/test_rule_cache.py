"""The rule cache (generator/validate/rule_cache.py): a record whose bytes and context are unchanged is not checked
again, and anything else the per-record rules read (an attachment, the catalog, mkdocs.yml, the code) makes it
checked again. That a cached run says exactly what a fresh one says is shown for every validation case by
tests/test_cases.py (each runs three times: fresh, from the caches, and without the rule cache)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator.validate import project as validate_project
from generator.validate.loading import load_project
from generator.validate.project import validate_project as validate_loaded
from generator.validate.rule_cache import CACHE_FILE
from tests.support import FOOD_COUNTY, MINI, edit

DIRECTORY_ITEM = (MINI / "items" / "_catalog" / "directory" / "000104001000.yaml").read_text(encoding="utf-8")
MATERIAL = DIRECTORY_ITEM[DIRECTORY_ITEM.index("materials:\n") : DIRECTORY_ITEM.index("  - name: 营业执照")]  # names an attachment


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The file of every record the rules ran on (the mini fixture is below the size where workers are forked)."""
    seen: list[str] = []
    real = validate_project.check_record

    def counting(ctx: validate_project.RuleContext) -> list:  # type: ignore[type-arg]
        seen.append(ctx.file)
        return real(ctx)

    monkeypatch.setattr(validate_project, "check_record", counting)
    return seen


@pytest.fixture
def project(tmp_path: Path) -> Path:
    from tests.support import make_project

    root = make_project(tmp_path / "p")
    edit(root, FOOD_COUNTY, "fee:\n", MATERIAL + "fee:\n")  # a record naming an attachment of its own
    return root


def findings(root: Path) -> list[tuple[str, int, str, str]]:
    return [(f.file, f.line, f.field, f.message) for f in validate_loaded(load_project(root)).findings]


def test_unchanged_records_are_not_checked_again_and_an_edited_one_is(project: Path, checked: list[str]) -> None:
    first = findings(project)
    assert len(checked) == 4 and (project / CACHE_FILE).is_file()
    checked.clear()
    assert findings(project) == first and checked == []
    edit(project, FOOD_COUNTY, "forms/食品经营许可申请书.txt", "forms/没有这个文件.txt")
    after = findings(project)
    assert checked == [FOOD_COUNTY]
    assert [f for f in after if f not in first] == [(FOOD_COUNTY, 24, "materials[0].blank_form", "附件文件「items/_files/forms/没有这个文件.txt」不存在")]


@pytest.mark.parametrize("change", ["attachment removed", "catalog", "mkdocs.yml", "attachment symlinked"])
def test_what_else_the_rules_read_makes_every_record_checked_again(project: Path, checked: list[str], change: str) -> None:
    first = findings(project)
    form = project / "items" / "_files" / "forms" / "食品经营许可申请书.txt"
    if change == "attachment removed":
        form.unlink()
    elif change == "attachment symlinked":
        form.rename(form.with_name("real.txt"))
        form.symlink_to("real.txt")
    elif change == "catalog":
        regions = project / "items" / "_catalog" / "regions.yaml"
        regions.write_text(regions.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    else:
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    checked.clear()
    after = findings(project)
    assert sorted(checked) == sorted(set(checked)) and len(checked) == 4  # every record, once
    if change.startswith("attachment"):
        mine = [f for f in after if f[0] == FOOD_COUNTY and "blank_form" in f[2]]
        assert mine and mine != [f for f in first if f[0] == FOOD_COUNTY and "blank_form" in f[2]]


@pytest.mark.parametrize("damage", ["empty", "truncated", "flipped", "garbage"])
def test_a_damaged_cache_is_ignored(project: Path, checked: list[str], damage: str) -> None:
    first = findings(project)
    path = project / CACHE_FILE
    data = path.read_bytes()
    damaged = {"empty": b"", "truncated": data[: len(data) // 2], "garbage": b"\x00not a cache", "flipped": data[:-1] + bytes([data[-1] ^ 1])}
    path.write_bytes(damaged[damage])
    checked.clear()
    assert findings(project) == first and len(checked) == 4


def test_a_run_on_named_files_neither_reads_nor_writes_it(project: Path, checked: list[str]) -> None:
    findings(project)
    before = (project / CACHE_FILE).read_bytes()
    checked.clear()
    validate_loaded(load_project(project, [project / FOOD_COUNTY], others=False))
    assert checked == [FOOD_COUNTY] and (project / CACHE_FILE).read_bytes() == before


def test_a_cache_committed_to_git_is_neither_read_nor_written(project: Path, checked: list[str]) -> None:
    first = findings(project)
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    for args in (["init", "-q"], ["add", "-f", "."], ["commit", "-qm", "with a cache"]):
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, env={**env, "PATH": "/usr/bin:/bin"})
    committed = (project / CACHE_FILE).read_bytes()
    checked.clear()
    assert findings(project) == first and len(checked) == 4
    assert (project / CACHE_FILE).read_bytes() == committed


def test_a_check_asked_about_a_few_files_keeps_the_other_entries(project: Path, checked: list[str]) -> None:
    """`banshi validate --check FILE` reads every record (the cross-record check needs them) but runs the rules on
    the file asked about: the other records' findings stay in the cache for the next whole run."""
    findings(project)
    validate_loaded(load_project(project, [project / FOOD_COUNTY]))
    checked.clear()
    findings(project)
    assert checked == []
