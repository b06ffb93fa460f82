"""`banshi diff`: a semantic, per-item diff between two commits of a temporary git repository."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.support import DIBAO_COUNTY, FOOD_COUNTY, edit, make_project, run_cli

TOWNSHIP = "items/410225101/lk-gyz/11410225MB0A4444155000502001000.yaml"
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout.strip()


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "p")
    git(project, "init", "-q", "-b", "main")
    commit(project, "base")
    return project


def change_records(repo: Path) -> None:
    edit(repo, FOOD_COUNTY, "promised_time_limit: {value: 15, unit: 工作日}", "promised_time_limit: {value: 3, unit: 工作日}")
    edit(repo, FOOD_COUNTY, "  express_delivery: true\n", "  express_delivery: true\n  appointment: true\n")
    edit(repo, DIBAO_COUNTY, "onsite_visits: 1", "onsite_visits: 0")
    edit(repo, DIBAO_COUNTY, "onsite_reason: 需现场核验原件\n", "")
    (repo / TOWNSHIP).unlink()
    exempt = "exempt_materials:\n  - name: 营业执照\n    reason: 通过电子证照库共享获取\n    source: 市场监管部门\n"
    with (repo / FOOD_COUNTY).open("a", encoding="utf-8") as fh:
        fh.write(exempt)


def test_diff_between_two_commits(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = git(repo, "rev-parse", "HEAD")
    change_records(repo)
    head = commit(repo, "change")
    code, out = run_cli(repo, "diff", base, head, monkeypatch=monkeypatch)
    assert code == 0, out
    assert out.startswith(f"## 事项变更（{base[:12]} → {head[:12]}）")
    assert "共 3 项变更：新增 0，删除 1，修改 2。" in out
    food = out.split("**食品经营许可 · 龙亭区**")[1].split("\n- ")[0]
    assert "  - 承诺时限: 15 → 3 个工作日" in food
    assert "  - 网上办理 · 是否支持网上预约: 否 → 是" in food
    assert "  - 本地免提交的材料: 新增「营业执照」" in food
    dibao = out.split("**最低生活保障 · 兰考县**")[1]
    assert "到办事现场次数: 1 → 0" in dibao and "必须到现场的理由: 删除「需现场核验原件」" in dibao
    assert "### 删除\n\n- **最低生活保障 · 堌阳镇**（实施清单）" in out


def test_materials_stated_against_the_directory(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    directory = (repo / "items/_catalog/directory/000104001000.yaml").read_text(encoding="utf-8")
    materials = directory.split("materials:\n")[1].split("service_objects:")[0].replace("name: 营业执照\n", "name: 营业执照复印件\n")
    with (repo / FOOD_COUNTY).open("a", encoding="utf-8") as fh:
        fh.write("materials:\n" + materials)
    code, out = run_cli(repo, "diff", "--format", "json", monkeypatch=monkeypatch)  # default: merge base with main vs working tree
    assert code == 0, out
    data = json.loads(out)
    assert data["head"] == "工作区"
    (change,) = data["changes"]
    assert change["status"] == "changed" and change["file"] == FOOD_COUNTY
    assert change["lines"] == ["申请材料: 新增「营业执照复印件」", "申请材料: 删除「营业执照」"]


def test_new_record_and_no_change(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli(repo, "diff", monkeypatch=monkeypatch)[1].strip().endswith("没有事项数据的变更。")
    assert run_cli(repo, "new", "--region", "410225", "--department", "lk-mzj", "--basic-code", "000104001000", monkeypatch=monkeypatch)[0] == 0
    code, out = run_cli(repo, "diff", "HEAD", monkeypatch=monkeypatch)
    assert code == 0 and "### 新增\n\n- **食品经营许可 · 兰考县**（实施清单）`items/410225/lk-mzj/11410225MB0A33331F4000104001000.yaml`" in out


def test_unknown_revision_is_a_usage_error(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run_cli(repo, "diff", "no-such-rev", monkeypatch=monkeypatch)
    assert code == 2 and "无法读取 git 版本" in out
