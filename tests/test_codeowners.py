"""Generated files stay current: .github/CODEOWNERS from departments.yaml, the field reference in CONTRIBUTING.zh-CN.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.workflow.codeowners import codeowners_current
from generator.workflow.fields_doc import END, START, fields_markdown, update_contributing
from tests.support import REPO, make_project, run_cli


def test_codeowners_from_departments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path / "p")
    assert run_cli(project, "codeowners", "--check", monkeypatch=monkeypatch)[0] == 1
    code, out = run_cli(project, "codeowners", monkeypatch=monkeypatch)
    assert code == 0, out
    text = (project / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert lines[0].split() == ["*", "@kaifeng-gov/maintainers"]
    assert "/items/410200/kf-scjgj/ @kaifeng-gov/kf-scjgj" in lines
    assert "/items/_catalog/     @kaifeng-gov/maintainers" in lines
    assert "lt-scjgj" in text.splitlines()[-1], "departments without reviewers are named"
    assert run_cli(project, "codeowners", "--check", monkeypatch=monkeypatch)[0] == 0


def test_repository_codeowners_is_current() -> None:
    assert codeowners_current(REPO), ".github/CODEOWNERS is out of date: run `banshi codeowners`"


def test_contributing_field_reference_is_current() -> None:
    text = (REPO / "CONTRIBUTING.zh-CN.md").read_text(encoding="utf-8")
    assert START in text and END in text
    assert not update_contributing(REPO, write=False), "CONTRIBUTING.zh-CN.md field reference is out of date: run `banshi docs-fields`"
    assert "| `updated` | 最近更新日期 | 是 |" in fields_markdown()
    assert "| `promised_time_limit` | 承诺办结时限（办事指南未写明时不填） | 否 |" in fields_markdown()  # 未公布: left out


APPROVER = """  - id: kf-zwfw
    name: 开封市政务服务和大数据管理局
    credit_code: 11410200MB1C7Q2E10
    region: "410200"
    reviewers: ["@kaifeng-gov/kf-zwfw"]
    approver: true
"""


def test_variations_and_directory_changes_go_to_the_approvers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.support import DIBAO_COUNTY

    project = make_project(tmp_path / "p")
    with (project / "items/_catalog/departments.yaml").open("a", encoding="utf-8") as fh:
        fh.write(APPROVER)
    with (project / DIBAO_COUNTY).open("a", encoding="utf-8") as fh:
        fh.write("conditions:\n  - 具有本县户籍。\nvariations:\n  - field: conditions\n    reason: 本县放宽户籍条件\n")
        fh.write("    approved_by: 开封市政务服务和大数据管理局 汴政数〔2025〕12号\n")
    assert run_cli(project, "codeowners", monkeypatch=monkeypatch)[0] == 0
    lines = [line for line in (project / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert "/items/_catalog/directory/ @kaifeng-gov/kf-zwfw" in lines
    assert lines.index("/items/_catalog/directory/ @kaifeng-gov/kf-zwfw") > lines.index("/items/_catalog/     @kaifeng-gov/maintainers"), "the later line wins"
    assert lines[-1] == f"/{DIBAO_COUNTY} @kaifeng-gov/kf-zwfw", "only the approver can approve a record with variations"
    text = (project / DIBAO_COUNTY).read_text(encoding="utf-8")
    (project / DIBAO_COUNTY).write_text(text.split("conditions:\n")[0], encoding="utf-8")
    assert run_cli(project, "codeowners", "--check", monkeypatch=monkeypatch)[0] == 1


SCHEDULED_STANDARD = """scheduled:
  - effective: 2027-01-01
    set:
      legal_time_limit: {value: 60, unit: 工作日}
"""
SCHEDULED_LOCAL = """scheduled:
  - effective: 2027-01-01
    set:
      promised_time_limit: {value: 5, unit: 工作日}
"""


def with_approver(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "p")
    with (project / "items/_catalog/departments.yaml").open("a", encoding="utf-8") as fh:
        fh.write(APPROVER)
    return project


def owner_rules(project: Path) -> list[str]:
    return [line for line in (project / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]


def test_a_scheduled_change_of_a_standard_element_goes_to_the_approvers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.support import FOOD_COUNTY

    project = with_approver(tmp_path)
    with (project / FOOD_COUNTY).open("a", encoding="utf-8") as fh:
        fh.write(SCHEDULED_LOCAL)
    assert run_cli(project, "codeowners", monkeypatch=monkeypatch)[0] == 0
    assert not [r for r in owner_rules(project) if r.startswith(f"/{FOOD_COUNTY}")], "a local field (承诺时限) stays with the department"
    text = (project / FOOD_COUNTY).read_text(encoding="utf-8")
    (project / FOOD_COUNTY).write_text(text.replace(SCHEDULED_LOCAL, SCHEDULED_STANDARD), encoding="utf-8")
    code, out = run_cli(project, "codeowners", "--check", monkeypatch=monkeypatch)
    assert code == 1 and f"/{FOOD_COUNTY} @kaifeng-gov/kf-zwfw" in out, "the issue's reproduction passed codeowners --check"
    assert run_cli(project, "codeowners", monkeypatch=monkeypatch)[0] == 0
    assert owner_rules(project)[-1] == f"/{FOOD_COUNTY} @kaifeng-gov/kf-zwfw", "a scheduled 法定时限 is routed as a variation is"


def owners(codeowners: str, path: str) -> list[str]:
    """Who owns `path` under a CODEOWNERS text, as GitHub decides it: the last matching line. Only the pattern forms
    `banshi codeowners` writes are understood: `*`, `/folder/` and `/file`."""
    found: list[str] = []
    for rule in codeowners.splitlines():
        if not rule.strip() or rule.lstrip().startswith("#"):
            continue
        pattern, *handles = rule.split()
        assert pattern == "*" or pattern.startswith("/"), f"a pattern this matcher does not know: {pattern}"
        if pattern == "*" or (pattern.endswith("/") and ("/" + path).startswith(pattern)) or pattern == "/" + path:
            found = handles
    return found


def test_a_pull_request_adding_variations_passes_from_the_web_editor_and_reaches_the_approvers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The web-editor path: the check names the line to add; appending it (no command run) makes the check pass, and
    the pull request then touches .github/CODEOWNERS, which the base branch's CODEOWNERS gives to the approvers."""
    from tests.support import DIBAO_COUNTY
    from tests.test_diff import commit, git

    project = with_approver(tmp_path)
    assert run_cli(project, "codeowners", monkeypatch=monkeypatch)[0] == 0
    git(project, "init", "-q", "-b", "main")
    base = commit(project, "base")
    base_codeowners = git(project, "show", f"{base}:.github/CODEOWNERS")
    with (project / DIBAO_COUNTY).open("a", encoding="utf-8") as fh:  # the clerk's edit in the browser
        fh.write("conditions:\n  - 具有本县户籍。\nvariations:\n  - field: conditions\n    reason: 本县放宽户籍条件\n")
        fh.write("    approved_by: 开封市政务服务和大数据管理局 汴政数〔2025〕12号\n")
    assert owners(base_codeowners, DIBAO_COUNTY) == ["@kaifeng-gov/maintainers"], "the base does not give the record to the approvers"
    code, out = run_cli(project, "codeowners", "--check", monkeypatch=monkeypatch)
    line = f"/{DIBAO_COUNTY} @kaifeng-gov/kf-zwfw"
    assert code == 1 and f"把下面几行加在文件末尾：\n{line}\n" in out, out
    code, summary = run_cli(project, "codeowners", "--check", "--format", "markdown", monkeypatch=monkeypatch)
    assert code == 1 and summary.startswith("## CODEOWNERS 需要更新") and f"```text\n{line}\n```" in summary
    with (project / ".github" / "CODEOWNERS").open("a", encoding="utf-8") as fh:  # the second edit in the browser
        fh.write(line + "\n")
    assert run_cli(project, "codeowners", "--check", monkeypatch=monkeypatch) == (0, ".github/CODEOWNERS 是最新的\n")
    changed = git(project, "diff", "--name-only", base).splitlines()
    assert sorted(changed) == sorted([".github/CODEOWNERS", DIBAO_COUNTY])
    assert owners(base_codeowners, ".github/CODEOWNERS") == ["@kaifeng-gov/kf-zwfw"], "so this pull request needs the approvers"
    commit(project, "variation")
    assert owners((project / ".github" / "CODEOWNERS").read_text(encoding="utf-8"), DIBAO_COUNTY) == ["@kaifeng-gov/kf-zwfw"], "and the next one too"


def test_a_record_line_before_the_folder_lines_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The last matching line wins: a record's line above its department's folder line would give it back to the department."""
    from tests.support import DIBAO_COUNTY

    project = with_approver(tmp_path)
    with (project / DIBAO_COUNTY).open("a", encoding="utf-8") as fh:
        fh.write(SCHEDULED_STANDARD)
    assert run_cli(project, "codeowners", monkeypatch=monkeypatch)[0] == 0
    path = project / ".github" / "CODEOWNERS"
    text = path.read_text(encoding="utf-8")
    line = f"/{DIBAO_COUNTY} @kaifeng-gov/kf-zwfw\n"
    path.write_text(line + text.replace(line, ""), encoding="utf-8")
    code, out = run_cli(project, "codeowners", "--check", monkeypatch=monkeypatch)
    assert code == 1 and "请运行 banshi codeowners 重新生成整个文件" in out, out
