"""The tier cross-check (`banshi check`): seeded inconsistencies found with the right files, formats, exit codes, the page."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.support import DIBAO_COUNTY, FOOD_CITY, FOOD_COUNTY, edit, make_project, run_cli

FOOD_DIR = "items/_catalog/directory/000104001000.yaml"
DIBAO_DIR = "items/_catalog/directory/000502001000.yaml"
TOWNSHIP = "items/410225101/lk-gyz/11410225MB0A4444155000502001000.yaml"
FOOD_MATERIALS = """materials:
  - name: 食品经营许可申请书
    necessity: 必要
    kind: 原件
    form: 纸质和电子
    copies: 1
    source: 申请人自备
    fill_instructions: 法定代表人签字并加盖公章。
    blank_form: items/_files/forms/食品经营许可申请书.txt
  - name: 营业执照复印件
    necessity: 必要
    kind: 复印件
    form: 纸质
    source: 申请人自备
  - name: 与食品经营相适应的主要设备设施布局、操作流程等文件
    necessity: 必要
    kind: 原件
    form: 纸质
    source: 申请人自备
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p")


def check(project: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, dict[str, Any]]:
    code, out = run_cli(project, "check", "--format", "json", monkeypatch=monkeypatch)
    return code, json.loads(out)


def of_kind(report: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [f for f in report["findings"] if f["kind"] == kind]


def append(project: Path, rel: str, text: str) -> None:
    with (project / rel).open("a", encoding="utf-8") as fh:
        fh.write(text)


def test_clean_fixture_has_only_information(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, report = check(project, monkeypatch)
    assert code == 0
    assert {f["severity"] for f in report["findings"]} == {"info"}
    gaps = of_kind(report, "coverage-gap")
    # 兰考县 does not implement 食品经营许可, 龙亭区 not 最低生活保障: one finding per item and tier, on the directory file.
    assert sorted((g["file"], "兰考县" in g["message"] or "龙亭区" in g["message"]) for g in gaps) == [(FOOD_DIR, True), (DIBAO_DIR, True)]


def test_undeclared_standard_element_compared_with_directory_and_other_records(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    append(project, FOOD_COUNTY, "legal_time_limit: {value: 15, unit: 工作日}\n")
    append(project, FOOD_CITY, "legal_time_limit: {value: 10, unit: 工作日}\n")
    code, report = check(project, monkeypatch)
    assert code == 1
    found = {f["file"]: f for f in of_kind(report, "standard-element")}
    assert set(found) == {FOOD_COUNTY, FOOD_CITY}
    county = found[FOOD_COUNTY]
    assert county["severity"] == "error" and county["field"] == "legal_time_limit" and county["line"] == 27
    assert county["related"] == [FOOD_DIR, FOOD_CITY]
    assert [(c["file"], c["value"]) for c in county["compared"]] == [(FOOD_DIR, "20 个工作日"), (FOOD_COUNTY, "15 个工作日"), (FOOD_CITY, "10 个工作日")]
    assert "2 条不一致" in county["message"]


def test_declared_variation_is_accepted_and_published(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    append(
        project,
        FOOD_COUNTY,
        "conditions:\n  - 具有与经营的食品品种、数量相适应的场所。\n"
        "variations:\n  - field: conditions\n    reason: 试点简化条件\n    approved_by: 开封市政务服务和大数据管理局 汴政数〔2025〕12号\n",
    )
    assert run_cli(project, "validate", monkeypatch=monkeypatch)[0] == 0
    code, report = check(project, monkeypatch)
    assert code == 0
    assert not of_kind(report, "standard-element")
    (declared,) = of_kind(report, "declared-variation")
    assert declared["file"] == FOOD_COUNTY and declared["severity"] == "info" and "试点简化条件" in declared["message"]


def test_materials_dropped_or_added_without_declaration(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    append(project, FOOD_COUNTY, FOOD_MATERIALS)
    code, report = check(project, monkeypatch)
    assert code == 1
    (dropped,) = of_kind(report, "material-dropped")
    (added,) = of_kind(report, "material-added")
    assert dropped["file"] == added["file"] == FOOD_COUNTY
    assert "「营业执照」" in dropped["message"] and "exempt_materials" in dropped["hint"]
    assert "「营业执照复印件」" in added["message"] and added["field"] == "materials[1].name"
    assert dropped["related"] == added["related"] == [FOOD_DIR]


def test_exemption_is_not_a_dropped_material(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    append(project, FOOD_COUNTY, "exempt_materials:\n  - name: 营业执照\n    reason: 通过电子证照库共享获取\n    source: 市场监管部门\n")
    code, report = check(project, monkeypatch)
    assert code == 0 and not of_kind(report, "material-dropped")


def test_level_digit_outside_exercise_levels_or_tier(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(project, FOOD_COUNTY, "11410202MB0A22221F4000104001000", "11410202MB0A22221F5000104001000")  # 乡: not in [市, 县]
    edit(project, DIBAO_COUNTY, "11410225MB0A33331F4000502001000", "11410225MB0A33331F5000502001000")  # 乡 for a 县 region
    code, report = check(project, monkeypatch)
    assert code == 1
    found = {f["file"]: f for f in of_kind(report, "level-digit")}
    assert set(found) == {FOOD_COUNTY, DIBAO_COUNTY}
    assert "不在「食品经营许可」的行使层级（市、县）内" in found[FOOD_COUNTY]["message"]
    assert "与区划 410225（县级）不符" in found[DIBAO_COUNTY]["message"]
    assert found[DIBAO_COUNTY]["related"] == [DIBAO_DIR]


def test_two_files_one_code(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = FOOD_COUNTY.replace(".yaml", "-copy.yaml")
    shutil.copy(project / FOOD_COUNTY, project / copy)
    code, report = check(project, monkeypatch)
    assert code == 1
    found = {f["file"]: f["related"] for f in of_kind(report, "duplicate-code")}
    assert found == {FOOD_COUNTY: [copy], copy: [FOOD_COUNTY]}


def test_one_body_two_codes_for_one_item(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = "items/410225/lk-mzj/11410225MB0A33331F5000502001000.yaml"
    shutil.copy(project / DIBAO_COUNTY, project / other)
    edit(project, other, "11410225MB0A33331F4000502001000", "11410225MB0A33331F5000502001000")
    code, report = check(project, monkeypatch)
    assert code == 1
    assert {f["file"] for f in of_kind(report, "duplicate-implementation")} == {DIBAO_COUNTY, other}


def test_tier_without_any_implementation_is_a_warning(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / TOWNSHIP).unlink()
    code, report = check(project, monkeypatch)
    assert code == 0, "warnings do not fail"
    (warning,) = of_kind(report, "coverage")
    assert warning["severity"] == "warning" and warning["file"] == DIBAO_DIR and warning["field"] == "exercise_levels"
    assert "乡级" in warning["message"] and warning["line"] == 4


def test_sibling_regions_with_different_promised_limits(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run_cli(project, "new", "--region", "410225", "--department", "lk-mzj", "--basic-code", "000104001000", monkeypatch=monkeypatch)
    assert code == 0, out
    code, report = check(project, monkeypatch)
    assert code == 0
    (info,) = of_kind(report, "sibling-limits")
    new_file = "items/410225/lk-mzj/11410225MB0A33331F4000104001000.yaml"
    assert info["severity"] == "info" and info["file"] == new_file and info["related"] == [FOOD_COUNTY]
    assert "15 个工作日（龙亭区）至 20 个工作日（兰考县）" in info["message"]
    assert [c["value"] for c in info["compared"]] == ["15 个工作日", "20 个工作日"]


def test_text_github_and_markdown_formats(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    append(project, FOOD_COUNTY, FOOD_MATERIALS)
    code, text = run_cli(project, "check", monkeypatch=monkeypatch)
    assert code == 1 and f"{FOOD_COUNTY}:" in text and "相关文件：" + FOOD_DIR in text and "共核查 4 条记录：2 个错误" in text
    code, github = run_cli(project, "check", "--format", "github", monkeypatch=monkeypatch)
    assert code == 1 and f"::error file={FOOD_COUNTY}," in github and "::notice file=" in github
    code, markdown = run_cli(project, "check", "--format", "markdown", monkeypatch=monkeypatch)
    assert code == 1 and markdown.startswith("## 一致性核查") and "| 增加了基本目录以外的申请材料 | 错误 | 1 |" in markdown
    assert "营业执照复印件" in markdown


def test_records_failing_the_schema_are_left_to_validate(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(project, FOOD_COUNTY, "onsite_visits: 1", "onsite_visits: 一次")
    code, text = run_cli(project, "check", monkeypatch=monkeypatch)
    assert code == 0 and "1 条记录未通过格式校验" in text


def test_consistency_page_in_the_built_site(mini_site: Path) -> None:
    html = (mini_site / "consistency" / "index.html").read_text(encoding="utf-8")
    assert "<h1>一致性核查</h1>" in html or ">一致性核查</h1>" in html
    assert 'class="bs-matrix"' in html and html.count("bs-cell--ok") == 3  # city and county records; the township is counted in 兰考县's cell
    assert "✓ 乡1/1" in html and "部分区划未实施" in html
    assert 'href="../regions/410202/"' in html and 'href="../services/000104001000/"' in html
    nav = (mini_site / "index.html").read_text(encoding="utf-8")
    assert "consistency/" in nav
