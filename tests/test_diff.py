"""`banshi diff`: a semantic, per-item diff between two commits of a temporary git repository."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from generator.commands.usage import USAGE_EXIT
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
    assert change["lines"] == ["申请材料: 「营业执照」改名为「营业执照复印件」"], "a renamed material, not a deletion and an addition"


def test_new_record_and_no_change(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli(repo, "diff", monkeypatch=monkeypatch)[1].strip().endswith("没有事项数据的变更。")
    assert run_cli(repo, "new", "--region", "410225", "--department", "lk-mzj", "--basic-code", "000104001000", monkeypatch=monkeypatch)[0] == 0
    code, out = run_cli(repo, "diff", "HEAD", monkeypatch=monkeypatch)
    assert code == 0 and "### 新增\n\n- **食品经营许可 · 兰考县**（实施清单）`items/410225/lk-mzj/11410225MB0A33331F4000104001000.yaml`" in out


def test_unknown_revision_is_a_usage_error(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run_cli(repo, "diff", "no-such-rev", monkeypatch=monkeypatch)
    assert code == USAGE_EXIT and "无法读取 git 版本" in out


def lines_of(repo: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> dict[str, dict]:
    code, out = run_cli(repo, "diff", *args, "--format", "json", monkeypatch=monkeypatch)
    assert code == 0, out
    return {c["file"]: c for c in json.loads(out)["changes"]}


def test_reorder_new_record_facts_and_directory_reach(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    directory = "items/_catalog/directory/000104001000.yaml"
    edit(
        repo,
        directory,
        "  - {name: 审查, actor: 审查人员, time_limit: 10个工作日}\n  - {name: 决定, actor: 分管负责人, time_limit: 2个工作日}\n",
        "  - {name: 决定, actor: 分管负责人, time_limit: 2个工作日}\n  - {name: 审查, actor: 审查人员, time_limit: 10个工作日}\n",
    )
    assert run_cli(repo, "new", "--region", "410225", "--department", "lk-mzj", "--basic-code", "000104001000", monkeypatch=monkeypatch)[0] == 0
    changes = lines_of(repo, monkeypatch, "HEAD")
    steps = changes[directory]["lines"]
    assert steps[0] == "默认办理流程: 顺序调整为 申请、受理、决定、审查、送达"
    assert steps[-1] == "影响 3 条实施清单：食品经营许可 · 开封市、食品经营许可 · 龙亭区、食品经营许可 · 兰考县"
    new = changes["items/410225/lk-mzj/11410225MB0A33331F4000104001000.yaml"]
    assert new["status"] == "added"
    assert new["lines"][:3] == ["办件类型: 承诺件", "承诺时限: 20 个工作日", "到办事现场次数: 1"]
    assert "办理地点和时间: 兰考县政务服务中心（裕禄大道 99 号）" in new["lines"]


def test_a_file_that_does_not_parse_is_not_a_deletion(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(repo, FOOD_COUNTY, "onsite_reason: 需现场核验原件", "onsite_reason：需现场核验原件")
    code, out = run_cli(repo, "diff", "HEAD", monkeypatch=monkeypatch)
    assert code == 0 and "### 删除" not in out and "### 新增" not in out
    assert "共 1 项变更：新增 0，删除 0，修改 0，无法解析 1。" in out
    assert "### 无法解析\n\n- **食品经营许可 · 龙亭区**（实施清单）" in out
    assert "修改后的文件无法解析（第 10 行：YAML 格式错误：字段「onsite\\_reason」后面用了中文全角冒号「：」）" in out


def test_schema_invalid_edit_invents_no_changes(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(repo, FOOD_COUNTY, "onsite_visits: 1", "onsite_visits: 一次")
    (change,) = lines_of(repo, monkeypatch, "HEAD").values()
    assert change["lines"] == ["到办事现场次数: 1 → 一次", "（修改后的记录未通过校验，请运行 banshi validate）"], "defaults are not shown as removed"


def test_variation_shows_reason_and_approval(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with (repo / DIBAO_COUNTY).open("a", encoding="utf-8") as fh:
        fh.write("conditions:\n  - 具有本县户籍。\nvariations:\n  - field: conditions\n    reason: 本县放宽户籍条件\n")
        fh.write("    approved_by: 兰考县政务服务和大数据管理局 兰政数〔2026〕3号\n")
    (change,) = lines_of(repo, monkeypatch, "HEAD").values()
    assert "本地差异: 新增「受理条件（理由：本县放宽户籍条件；批准：兰考县政务服务和大数据管理局 兰政数〔2026〕3号）」" in change["lines"]


def test_record_text_cannot_inject_markdown(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(repo, FOOD_COUNTY, "window: 综合受理窗口", "window: '[点此](https://evil.example/) <img src=x> @kaifeng-gov/maintainers | # 标题'")
    out = run_cli(repo, "diff", "HEAD", monkeypatch=monkeypatch)[1]
    assert "](https" not in out and "<img" not in out and "@kaifeng-gov" not in out and "| #" not in out


def test_option_like_revisions_are_refused(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for rev in ("--output=/tmp/x", "-p", "HEAD..main"):
        code, out = run_cli(repo, "diff", "--", rev, monkeypatch=monkeypatch)  # past click's own option parsing
        assert code == USAGE_EXIT and "不是有效的 git 版本" in out, (rev, out)


SCHEDULED = """scheduled:
  - effective: 2027-01-01
    note: 按汴政数〔2026〕8号文件调整
    set:
      promised_time_limit: {value: 5, unit: 工作日}
      conditions: [具有与经营的食品品种、数量相适应的食品原料处理和食品加工、销售、贮存等场所。, 申请人须具有本区户籍。]
"""


def test_a_scheduled_change_is_shown_as_the_item_will_read_on_its_date(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reviewer approves what goes live: the summary compares the record on the effective date with today's."""
    with (repo / FOOD_COUNTY).open("a", encoding="utf-8") as fh:
        fh.write(SCHEDULED)
    (change,) = lines_of(repo, monkeypatch, "HEAD").values()
    assert change["future"] == [
        {
            "effective": "2027-01-01",
            "lines": [
                "承诺时限: 15 → 5 个工作日",
                "受理条件: 新增「申请人须具有本区户籍。」",
                "受理条件: 删除「有专职或者兼职的食品安全管理人员和保证食品安全的规章制度。」",
                "受理条件（生效后全文）: 具有与经营的食品品种、数量相适应的食品原料处理和食品加工、销售、贮存等场所。、申请人须具有本区户籍。",
            ],
        }
    ]
    conditions = "具有与经营的食品品种、数量相适应的食品原料处理和食品加工、销售、贮存等场所。；申请人须具有本区户籍。"
    assert change["lines"] == [f"定期生效的调整: 新增「2027-01-01 起 承诺办结时限：5 个工作日；受理条件：{conditions}」"]
    out = run_cli(repo, "diff", "HEAD", monkeypatch=monkeypatch)[1]
    assert "  - **自 2027\\-01\\-01 起（定期调整生效后），与现行内容相比：**\n    - 承诺时限: 15 → 5 个工作日\n" in out
    commit(repo, "scheduled")
    edit(repo, FOOD_COUNTY, "{value: 5, unit: 工作日}", "{value: 5, unit: 天}")
    (change,) = lines_of(repo, monkeypatch, "HEAD").values()
    assert change["future"] == [{"effective": "2027-01-01", "lines": ["（生效后的记录未通过校验，请运行 banshi validate）"]}]


def test_an_edit_that_leaves_every_scheduled_state_alone_shows_none(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with (repo / FOOD_COUNTY).open("a", encoding="utf-8") as fh:
        fh.write(SCHEDULED)
    commit(repo, "scheduled")
    edit(repo, FOOD_COUNTY, "promised_time_limit: {value: 15, unit: 工作日}", "promised_time_limit: {value: 12, unit: 工作日}")
    (change,) = lines_of(repo, monkeypatch, "HEAD").values()
    assert change["lines"] == ["承诺时限: 15 → 12 个工作日"] and change["future"] == [], "on the date the scheduled 5 days win either way"


def test_a_time_limit_that_becomes_zero_reads_as_the_guide_writes_it() -> None:
    """One wording of a time limit (model/elements.py duration_text): 0 is 即办 in a diff too, never 「0 个工作日」."""
    from generator.render.pages import total_promised
    from generator.workflow.diff import diff_values

    assert diff_values("承诺时限", {"value": 3, "unit": "工作日"}, {"value": 0, "unit": "工作日"}, None) == ["承诺时限: 3 个工作日 → 即办"]
    assert diff_values("承诺时限", {"value": 0, "unit": "工作日"}, {"value": 5, "unit": "工作日"}, None) == ["承诺时限: 即办 → 5 个工作日"]
    assert diff_values("承诺时限", {"value": 15, "unit": "工作日"}, {"value": 3, "unit": "工作日"}, None) == ["承诺时限: 15 → 3 个工作日"]
    assert total_promised([]) == "即办"
