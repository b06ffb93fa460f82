"""The pull-request workflow, replayed: `.github/workflows/pr.yml` is read here and each `run:` step is run with bash
as GitHub runs it (`bash -eo pipefail`, the step's env, `$GITHUB_STEP_SUMMARY`/`$GITHUB_OUTPUT`, `if:` honoured) in a
real git repository with an `origin`, so the test and the workflow cannot drift apart. A step or expression this
replay does not know fails the test (teach it here when pr.yml changes). The other tests look closer at single
commands: formatting offered (a patch that applies) instead of failing, validation scoped to the pull request.

GitHub itself (posting the summary and annotations, the `uses:` actions) cannot run here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.commands.usage import USAGE_EXIT
from tests.support import DIBAO_COUNTY, FOOD_COUNTY, REPO, edit, make_project, run_cli
from tests.test_diff import GIT_ENV, commit, git

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


# --- the workflow itself ------------------------------------------------------------------------------------------

PR_YML = REPO / ".github" / "workflows" / "pr.yml"
INSTALL = "pip install -e ."  # the one step not replayed: this test runs in the installed package's environment
EXPRESSION_RE = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
STEP_OUTPUT_RE = re.compile(r"steps\.([\w-]+)\.outputs\.([\w-]+)")


@dataclass
class Step:
    name: str
    code: int | None  # None: skipped by its `if:`
    output: str


def jobs() -> dict[str, Any]:
    return yaml.safe_load(PR_YML.read_text(encoding="utf-8"))["jobs"]


def expression(text: str, github: dict[str, str], outputs: dict[str, dict[str, str]]) -> str:
    """A `${{ }}` expression this replay understands: github.<key>, steps.<id>.outputs.<name>, !cancelled()."""
    if text in ("!cancelled()", "success()"):
        return "true"
    if text.startswith("github.") and text[7:] in github:
        return github[text[7:]]
    output = STEP_OUTPUT_RE.fullmatch(text)
    if output:
        return outputs.get(output.group(1), {}).get(output.group(2), "")
    raise AssertionError(f"pr.yml uses an expression this replay does not know: ${{{{ {text} }}}}")


def substitute(value: str, github: dict[str, str], outputs: dict[str, dict[str, str]]) -> str:
    return EXPRESSION_RE.sub(lambda m: expression(m.group(1), github, outputs), str(value))


def read_outputs(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return dict(line.split("=", 1) for line in lines if "=" in line)


def replay(repo: Path, job: str, github: dict[str, str], runner: Path) -> list[Step]:
    """Run the `run:` steps of one job of pr.yml in `repo`, in order, as GitHub would; `uses:` steps are skipped."""
    spec = jobs()[job]
    summary = runner / "summary.md"
    outputs: dict[str, dict[str, str]] = {}
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    base_env = {**os.environ, **GIT_ENV, "PATH": path, "GITHUB_STEP_SUMMARY": str(summary), "RUNNER_TEMP": str(runner), "CI": "true"}
    failed, steps = False, []
    for i, step in enumerate(spec["steps"]):
        if "run" not in step:
            continue
        name = step.get("name", step["run"].splitlines()[0])
        if step["run"].strip() == INSTALL:
            continue
        condition = substitute(step.get("if", "${{ success() }}"), github, outputs)
        if condition != "true":
            raise AssertionError(f"pr.yml step {name!r}: a condition this replay does not know: {step['if']}")
        if failed and "!cancelled()" not in str(step.get("if", "")):
            steps.append(Step(name, None, ""))
            continue
        out_file = runner / f"output-{i}"
        env = {k: substitute(v, github, outputs) for k, v in {**spec.get("env", {}), **step.get("env", {})}.items()}
        env = {**base_env, **env, "GITHUB_OUTPUT": str(out_file)}
        bash = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]]  # GitHub's `shell: bash`
        done = subprocess.run(bash, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
        steps.append(Step(name, done.returncode, done.stdout + done.stderr))
        outputs[step.get("id", f"step-{i}")] = read_outputs(out_file)
        failed = failed or done.returncode != 0
    return steps


@pytest.fixture
def pr_repo(tmp_path: Path) -> tuple[Path, str]:
    """A clone of a project whose main is on an `origin`, with the generated files current (as on a real main), on a
    pull request branch `clerk-edit`: (the clone, its origin)."""
    project = make_project(tmp_path / "main")
    shutil.copy(REPO / "CONTRIBUTING.zh-CN.md", project / "CONTRIBUTING.zh-CN.md")
    for command in (["codeowners"], ["schema"], ["docs-fields"]):
        subprocess.run([str(Path(sys.executable).parent / "banshi"), *command], cwd=project, check=True, capture_output=True)
    git(project, "init", "-q", "-b", "main")
    commit(project, "base")
    origin = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(project), str(origin))
    clone = tmp_path / "pr"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    git(clone, "checkout", "-q", "-b", "clerk-edit")
    return clone, str(origin)


GITHUB = {"base_ref": "main", "head_ref": "clerk-edit"}


def test_replayed_check_job_reports_the_clerks_error_and_still_writes_the_summary(pr_repo: tuple[Path, str], tmp_path: Path) -> None:
    repo, _origin = pr_repo
    edit(repo, FOOD_COUNTY, "    phone: 0371-22331002\n", "    phone: 0371—22331002\n")
    commit(repo, "clerk edit with a dash")
    runner = tmp_path / "runner"
    runner.mkdir()
    steps = {s.name: s for s in replay(repo, "check", GITHUB, runner)}
    validate = steps["校验与一致性核查（本次修改的文件）"]
    assert validate.code == 1 and f"::error file={FOOD_COUNTY},line=22," in validate.output, validate.output
    after = ("找到合并基点", "变更摘要与对比表", "格式整理建议（不影响合并）", "CODEOWNERS、Schema 与字段说明是否最新")
    assert all(steps[name].code == 0 for name in after), steps
    assert steps["生成网站"].code is None, "no site is built for a pull request with errors"
    summary = (runner / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("## 校验结果") and "电话号码中用了破折号" in summary
    assert "0371—22331002" in summary, "the change summary (banshi diff) follows"


def test_replayed_jobs_pass_a_clean_edit_and_the_bot_commits_the_formatting(pr_repo: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo, origin = pr_repo
    browser_edit(repo)
    commit(repo, "clerk edit from the web editor")
    git(repo, "push", "-q", "-u", "origin", "clerk-edit")
    runner = tmp_path / "runner"
    runner.mkdir()
    steps = replay(repo, "check", GITHUB, runner)
    assert [s.code for s in steps] == [0] * len(steps), [(s.name, s.code, s.output[-500:]) for s in steps if s.code]
    assert (repo / "fmt.patch").read_text(encoding="utf-8").startswith(f"--- a/{FOOD_COUNTY}")
    assert (repo / "site" / "index.html").is_file()
    (repo / "fmt.patch").unlink()
    shutil.rmtree(repo / "site")
    steps = replay(repo, "format", GITHUB, runner)
    assert [s.code for s in steps] == [0], steps
    pushed = tmp_path / "pushed"
    git(tmp_path, "clone", "-q", "-b", "clerk-edit", origin, str(pushed))
    assert git(pushed, "log", "-1", "--format=%s") == "banshi fmt：整理格式（自动提交）"
    assert run_cli(pushed, "fmt", "--check", monkeypatch=monkeypatch)[0] == 0, "what the bot pushed is formatted"
