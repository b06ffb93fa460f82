"""The record rules of domain.md §3: each seeded violation is found at the right file, field and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model.codes import credit_code_problem, make_credit_code
from tests.support import DIBAO_COUNTY, FOOD_CITY, FOOD_COUNTY, edit, line_of, make_project, validate_json


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def errors_for(report: dict, field: str) -> list[dict]:
    return [f for f in report["findings"] if f["field"] == field and f["severity"] == "error"]


def test_credit_code_check_character() -> None:
    assert credit_code_problem("11450721MB15580811") is None  # a real code from domain.md
    assert "校验位" in (credit_code_problem("11450721MB15580812") or "")
    assert "I、O、S、V、Z" in (credit_code_problem("11450721MB1558081I") or "")
    assert make_credit_code("11410200MB0A11111") == "11410200MB0A11111W"  # the fixture's city department


def test_promised_longer_than_legal(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(project, FOOD_COUNTY, "{value: 15, unit: 工作日}", "{value: 25, unit: 工作日}")
    code, report = validate_json(project, monkeypatch)
    found = errors_for(report, "promised_time_limit.value")
    assert code == 1 and found and "超过法定时限" in found[0]["message"]
    assert found[0]["line"] == line_of(project, FOOD_COUNTY, "promised_time_limit")


def test_prose_contradicts_number(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(project, FOOD_COUNTY, "case_type: 承诺件", "case_type: 承诺件\ntime_limit_note: 自受理之日起20个工作日内办结")
    code, report = validate_json(project, monkeypatch)
    assert code == 1 and errors_for(report, "time_limit_note")


def test_instant_case_needs_zero_limit(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(project, FOOD_COUNTY, "case_type: 承诺件", "case_type: 即办件")
    code, report = validate_json(project, monkeypatch)
    assert code == 1 and errors_for(report, "case_type")


def test_visits_need_reason_and_depth_iv_needs_zero(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(project, FOOD_COUNTY, "depth: Ⅲ", "depth: Ⅳ")
    edit(project, FOOD_COUNTY, "onsite_reason: 需现场核验原件\n", "")
    code, report = validate_json(project, monkeypatch)
    messages = [f["message"] for f in errors_for(report, "onsite_visits")]
    assert code == 1
    assert any("理由" in m for m in messages) and any("全程网办" in m for m in messages)


def test_zero_visits_offline_needs_express(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(project, FOOD_CITY, "depth: Ⅳ", "depth: Ⅲ")
    edit(project, FOOD_CITY, "express_delivery: true", "express_delivery: false")
    code, report = validate_json(project, monkeypatch)
    assert code == 1 and errors_for(report, "online.express_delivery")


def test_fee_rules(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(project, FOOD_COUNTY, "charged: false", "charged: true")
    edit(project, DIBAO_COUNTY, "express_delivery: true", "express_delivery: true\n  payment: true")
    code, report = validate_json(project, monkeypatch)
    assert code == 1
    assert errors_for(report, "fee.charged")[0]["file"] == FOOD_COUNTY
    assert errors_for(report, "online.payment")[0]["file"] == DIBAO_COUNTY


def test_consult_and_complaint_phones_differ(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(project, FOOD_COUNTY, 'phone: "12345"', "phone: 0371-22331002")
    code, report = validate_json(project, monkeypatch)
    assert code == 1 and errors_for(report, "complaint.phone")


def test_phone_needs_area_code(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(project, FOOD_COUNTY, "phone: 0371-22331002", "phone: '22331002'")
    code, report = validate_json(project, monkeypatch)
    assert code == 1 and "区号" in errors_for(report, "locations[0].phone")[0]["message"]


def test_result_type_follows_name(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(project, FOOD_COUNTY, "in_service_hall: true", "in_service_hall: true\nresult:\n  type: 其他\n  name: 食品经营许可证")
    code, report = validate_json(project, monkeypatch)
    assert code == 1 and "证照" in errors_for(report, "result.type")[0]["hint"]


def test_implementation_code_parts(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # level digit 3 (city) on a county record
    edit(project, FOOD_COUNTY, "implementation_code: 11410202MB0A22221F4000104001000", "implementation_code: 11410202MB0A22221F3000104001000")
    code, report = validate_json(project, monkeypatch)
    messages = " ".join(f["message"] for f in errors_for(report, "implementation_code"))
    assert code == 1 and "层级码" in messages and "文件位置" not in messages
    assert any("文件位置" in f["message"] for f in report["findings"])


def test_wrong_credit_code_in_implementation_code(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(project, FOOD_COUNTY, "implementation_code: 11410202MB0A22221F", "implementation_code: 11410202MB0A22221G")
    code, report = validate_json(project, monkeypatch)
    messages = " ".join(f["message"] for f in errors_for(report, "implementation_code"))
    assert code == 1 and "校验位" in messages


def test_unknown_references(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(project, FOOD_COUNTY, "department: lt-scjgj", "department: lt-nosuch")
    edit(project, FOOD_CITY, 'basic_code: "000104001000"', 'basic_code: "000104009000"')
    code, report = validate_json(project, monkeypatch)
    assert code == 1
    assert errors_for(report, "department")[0]["file"] == FOOD_COUNTY
    assert errors_for(report, "basic_code")[0]["file"] == FOOD_CITY


def test_tier_outside_exercise_levels(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    directory = project / "items/_catalog/directory/000104001000.yaml"
    directory.write_text(directory.read_text(encoding="utf-8").replace("exercise_levels: [市, 县]", "exercise_levels: [市]"), encoding="utf-8")
    code, report = validate_json(project, monkeypatch)
    assert code == 1 and "行使层级" in errors_for(report, "region")[0]["message"]


def test_basic_code_type_digits(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    directory = project / "items/_catalog/directory/000104001000.yaml"
    directory.write_text(directory.read_text(encoding="utf-8").replace("item_type: 行政许可", "item_type: 公共服务"), encoding="utf-8")
    code, report = validate_json(project, monkeypatch)
    own = [f for f in errors_for(report, "basic_code") if f["file"].startswith("items/_catalog/")]
    assert code == 1 and "类型代码" in own[0]["message"]
    assert any("本身有错误" in f["message"] for f in errors_for(report, "basic_code") if f["file"] == FOOD_COUNTY)


def test_bad_department_credit_code(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(project, "items/_catalog/departments.yaml", "credit_code: 11410200MB0A11111W", "credit_code: 11410200MB0A11111X")
    code, report = validate_json(project, monkeypatch)
    assert code == 1 and "校验位" in errors_for(report, "departments[0].credit_code")[0]["message"]


def test_standard_element_must_match_directory(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(project, FOOD_COUNTY, "case_type: 承诺件", "case_type: 承诺件\nconditions:\n  - 有经营场所。")
    code, report = validate_json(project, monkeypatch)
    found = errors_for(report, "conditions")
    assert code == 1 and "不一致" in found[0]["message"] and "variations" in found[0]["hint"]


def test_declared_variation_accepted(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(
        project,
        FOOD_COUNTY,
        "case_type: 承诺件",
        "case_type: 承诺件\nconditions:\n  - 有经营场所。\nvariations:\n  - field: conditions\n"
        "    reason: 试点告知承诺制\n    approved_by: 开封市政务服务和大数据管理局 汴政数〔2025〕12号",
    )
    code, report = validate_json(project, monkeypatch)
    assert code == 0, report


def test_name_may_add_qualifier_only(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(project, FOOD_COUNTY, "case_type: 承诺件", "case_type: 承诺件\nname: 食品经营许可（新办）")
    code, _ = validate_json(project, monkeypatch)
    assert code == 0
    edit(project, FOOD_COUNTY, "name: 食品经营许可（新办）", "name: 餐饮许可")
    code, report = validate_json(project, monkeypatch)
    assert code == 1 and errors_for(report, "name")


def test_exempt_material_must_exist(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    block = "exempt_materials:\n  - name: {}\n    reason: 通过电子证照库共享获取\n    source: 开封市电子证照库\n"
    edit(project, FOOD_COUNTY, "in_service_hall: true\n", "in_service_hall: true\n" + block.format("营业执照"))
    assert validate_json(project, monkeypatch)[0] == 0
    edit(project, FOOD_COUNTY, "  - name: 营业执照", "  - name: 营业执照副本")
    code, report = validate_json(project, monkeypatch)
    assert code == 1 and errors_for(report, "exempt_materials[0].name")


def test_two_files_one_code(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = project / "items/410202/lt-scjgj/copy.yaml"
    copy.write_text((project / FOOD_COUNTY).read_text(encoding="utf-8"), encoding="utf-8")
    code, report = validate_json(project, monkeypatch)
    dup = [f for f in report["findings"] if "同时出现" in f["message"]]
    assert code == 1 and len(dup) == 2
    assert dup[0]["related"] == [FOOD_COUNTY] or dup[1]["related"] == [FOOD_COUNTY]


def test_validate_given_paths_only(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(project, FOOD_CITY, "onsite_visits: 0", "onsite_visits: -1")
    code, report = validate_json(project, monkeypatch, FOOD_COUNTY)
    assert code == 0 and report["records"] == 1
