"""`banshi edit`: one field across the records of a region, department or basic code, comments and layout kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.commands.usage import USAGE_EXIT
from tests.support import DIBAO_COUNTY, FOOD_CITY, FOOD_COUNTY, make_project, run_cli, validate_json

TOWNSHIP = "items/410225101/lk-gyz/11410225MB0A4444155000502001000.yaml"
NEW_ADDRESS = "兰考县政务服务中心（中山北街 18 号）"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "p")
    path = project / DIBAO_COUNTY
    path.write_text(path.read_text(encoding="utf-8").replace("    window: 综合受理窗口", "    window: 综合受理窗口  # 二楼"), encoding="utf-8")
    return project


def test_dry_run_shows_the_diff_and_writes_nothing(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = {f: (project / f).read_text(encoding="utf-8") for f in (DIBAO_COUNTY, TOWNSHIP)}
    code, out = run_cli(project, "edit", "--region", "410225", "--set", f"locations[*].address={NEW_ADDRESS}", "--dry-run", monkeypatch=monkeypatch)
    assert code == 0, out
    assert f"+  - address: {NEW_ADDRESS}" in out and "-  - address: 兰考县政务服务中心（裕禄大道 99 号）" in out
    assert f"b/{TOWNSHIP}" in out, "a county's selection includes its townships"
    assert "选中 2 条记录：将修改 2 条" in out
    assert {f: (project / f).read_text(encoding="utf-8") for f in before} == before


def test_edit_keeps_comments_and_only_touches_the_field(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = (project / DIBAO_COUNTY).read_text(encoding="utf-8")
    args = ["edit", "--department", "lk-mzj", "--set", f"locations[*].address={NEW_ADDRESS}", "--from", "兰考县政务服务中心（裕禄大道 99 号）"]
    code, out = run_cli(project, *args, monkeypatch=monkeypatch)
    assert code == 0, out
    new = (project / DIBAO_COUNTY).read_text(encoding="utf-8")
    assert new == old.replace("兰考县政务服务中心（裕禄大道 99 号）", NEW_ADDRESS)
    assert "    window: 综合受理窗口  # 二楼" in new and new.startswith("# yaml-language-server:")
    assert run_cli(project, *args, monkeypatch=monkeypatch)[1].count("无需修改 1 条") == 1, "already done: nothing to change"
    assert validate_json(project, monkeypatch)[0] == 0


def test_basic_code_selection_and_flow_values(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run_cli(project, "edit", "--basic-code", "000104001000", "--set", "promised_time_limit={value: 8, unit: 工作日}", monkeypatch=monkeypatch)
    assert code == 0 and "已修改 2 条" in out
    for file in (FOOD_CITY, FOOD_COUNTY):
        assert "promised_time_limit: {value: 8, unit: 工作日}" in (project / file).read_text(encoding="utf-8")


def test_an_edit_that_would_break_a_record_is_refused(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = (project / DIBAO_COUNTY).read_text(encoding="utf-8")
    code, out = run_cli(project, "edit", "--department", "lk-mzj", "--set", "onsite_visits=很多", monkeypatch=monkeypatch)
    assert code == 1 and f"未修改 {DIBAO_COUNTY}：改后的记录不符合格式要求" in out
    assert (project / DIBAO_COUNTY).read_text(encoding="utf-8") == before
    code, out = run_cli(project, "edit", "--department", "lk-mzj", "--set", "locations[0]..address=x", monkeypatch=monkeypatch)
    assert code == USAGE_EXIT and "字段路径「locations[0]..address」看不懂" in out


@pytest.mark.parametrize(
    ("assignment", "said"),
    [
        ("fee.charged=否", "第 17 行 fee.charged：是否收费要填写 true（是）或 false（否），不能写「否」（把「否」改为 false）"),
        ("fee.chargd=true", "fee.chargd：未知字段「chargd」（是不是想写「charged」？"),
        ("consult.phone=22331003", "consult.phone：电话号码缺少区号"),
        ("onsite_visits=很多", "onsite_visits：到办事现场次数要填写整数，这里是「很多」"),
    ],
)
def test_a_refused_edit_speaks_like_validate(project: Path, monkeypatch: pytest.MonkeyPatch, assignment: str, said: str) -> None:
    """The refusal names the line, the field and the fix in validate's Chinese, never the library's English."""
    code, out = run_cli(project, "edit", "--department", "lk-mzj", "--set", assignment, monkeypatch=monkeypatch)
    assert code == 1 and f"未修改 {DIBAO_COUNTY}：改后的记录不符合格式要求，未修改：" in out
    assert said in out, out
    assert "Input should" not in out and "Extra inputs" not in out and "valid" not in out
