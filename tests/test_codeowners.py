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
    assert "| `promised_time_limit` | 承诺办结时限 | 是 |" in fields_markdown()


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
