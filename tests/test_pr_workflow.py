"""The pull-request pieces run locally: formatting offered (a patch that applies, the formatted file in the
summary) instead of failing, and validation/check scoped to what the pull request changed.

GitHub itself (posting the summary, the bot commit) cannot run here; these are the commands the workflow runs.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from generator.commands.usage import USAGE_EXIT
from tests.support import DIBAO_COUNTY, FOOD_COUNTY, edit, make_project, run_cli
from tests.test_diff import commit, git

FOOD_DIR = "items/_catalog/directory/000104001000.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "p")
    git(project, "init", "-q", "-b", "main")
    commit(project, "base")
    return project


def browser_edit(repo: Path) -> None:
    """What a clerk does in GitHub's web editor: a field appended at the end, trailing spaces."""
    edit(repo, FOOD_COUNTY, "onsite_visits: 1", "onsite_visits: 1   ")
    with (repo / FOOD_COUNTY).open("a", encoding="utf-8") as fh:
        fh.write("time_limit_note: 材料齐全的 15 个工作日内办结  \n")


def test_formatting_is_offered_not_blocking(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = git(repo, "rev-parse", "HEAD")
    browser_edit(repo)
    before = (repo / FOOD_COUNTY).read_text(encoding="utf-8")
    code, _ = run_cli(repo, "fmt", "--check", "--changed", base, monkeypatch=monkeypatch)
    assert code == 1, "locally, fmt --check still says the file needs formatting"
    code, patch = run_cli(repo, "fmt", "--changed", base, "--suggest", "diff", monkeypatch=monkeypatch)
    assert code == 0 and patch.startswith(f"--- a/{FOOD_COUNTY}\n")
    assert (repo / FOOD_COUNTY).read_text(encoding="utf-8") == before, "a suggestion never writes"
    code, summary = run_cli(repo, "fmt", "--changed", base, "--suggest", "markdown", monkeypatch=monkeypatch)
    assert code == 0 and summary.startswith("## 格式整理建议（不影响合并）")
    (repo / "fmt.patch").write_text(patch, encoding="utf-8")
    subprocess.run(["git", "apply", "fmt.patch"], cwd=repo, check=True)
    (repo / "fmt.patch").unlink()
    applied = (repo / FOOD_COUNTY).read_text(encoding="utf-8")
    assert applied in summary, "the summary carries the whole formatted file to paste in the web editor"
    assert run_cli(repo, "fmt", "--check", monkeypatch=monkeypatch)[0] == 0, "the patch is exactly what banshi fmt does"
    lines = applied.splitlines()
    assert lines.index("time_limit_note: 材料齐全的 15 个工作日内办结") == lines.index("promised_time_limit: {value: 15, unit: 工作日}") + 1
    assert run_cli(repo, "fmt", "--changed", base, "--suggest", "markdown", monkeypatch=monkeypatch)[1] == "", "nothing to offer once formatted"


def json_findings(repo: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, list[dict]]:
    code, out = run_cli(repo, *args, "--format", "json", monkeypatch=monkeypatch)
    return code, json.loads(out)["findings"]


def test_validation_scoped_to_the_pull_request(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(repo, DIBAO_COUNTY, "onsite_reason: 需现场核验原件\n", "")  # an old error already on main
    base = commit(repo, "main with an old error")
    edit(repo, FOOD_COUNTY, "    phone: 0371-22331002\n", "    phone: 0371—22331002\n")
    code, findings = json_findings(repo, monkeypatch, "validate", "--check", "--changed", base)
    assert code == 1
    assert {(f["file"], f["field"]) for f in findings} == {(FOOD_COUNTY, "locations[0].phone")}, "only this pull request's file"
    code, everything = json_findings(repo, monkeypatch, "validate", "--check")
    assert any(f["file"] == DIBAO_COUNTY for f in everything), "the rest is still reported by a full run (and the consistency page)"
    code, summary = run_cli(repo, "validate", "--check", "--changed", base, "--format", "markdown", monkeypatch=monkeypatch)
    assert summary.startswith("## 校验结果\n\n本次修改涉及 1 个文件：1 个错误，0 个警告（有错误，必须修改后才能合并）。")
    assert f"| `{FOOD_COUNTY}:22` | 错误 | `locations[0].phone` | 电话号码中用了破折号" in summary


def test_a_directory_change_scopes_the_records_it_affects(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = git(repo, "rev-parse", "HEAD")
    edit(repo, FOOD_DIR, "legal_time_limit: {value: 20, unit: 工作日}", "legal_time_limit: {value: 12, unit: 工作日}")
    code, findings = json_findings(repo, monkeypatch, "validate", "--changed", base)
    assert code == 1
    assert [(f["file"], f["field"]) for f in findings] == [(FOOD_COUNTY, "promised_time_limit.value")], "its 15 days now exceed the new 12"
    assert "超过法定时限 12" in findings[0]["message"]
    summary = run_cli(repo, "validate", "--changed", base, "--format", "markdown", monkeypatch=monkeypatch)[1]
    assert "本次修改涉及 3 个文件" in summary, "the directory file and both records of its basic code"
    code, checked = json_findings(repo, monkeypatch, "check", "--changed", base)
    assert DIBAO_COUNTY not in {f["file"] for f in checked}


def test_refs_that_look_like_options_are_refused(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for args in (["validate", "--changed", "--output=x"], ["check", "--changed", "-p"], ["fmt", "--changed", "--help=x"]):
        code, out = run_cli(repo, *args, monkeypatch=monkeypatch)
        assert code == USAGE_EXIT and "不是有效的 git 版本" in out, (args, out)
