"""`banshi new` scaffolds valid records; `banshi fmt` is canonical, idempotent and keeps comments."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.commands.usage import USAGE_EXIT
from generator.model.records import ImplementationRecord
from generator.workflow.fmt import format_text
from tests.support import FOOD_COUNTY, make_project, run_cli, validate_json

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../../schema/item.schema.json"
NEW_FOOD = "items/410225/lk-mzj/11410225MB0A33331F4000104001000.yaml"
MESSY = """# yaml-language-server: $schema=../../../schema/item.schema.json
# 龙亭区食品经营许可（审核人：张三）
region: "410202"
implementation_code: 11410202MB0A22221F4000104001000
department: lt-scjgj   # 部门标识
basic_code: "000104001000"
updated: 2026-10-12
onsite_visits: 1
case_type: 承诺件
promised_time_limit: {value: 15, unit: 工作日}
onsite_reason: 需现场核验原件
online:
    express_delivery: true   # 支持邮寄
    apply: true
    depth: Ⅲ
in_service_hall: true
fee:
    charged: false
locations:
- window: 综合受理窗口
  address: 龙亭区政务服务中心（宋城路 56 号）
  hours: 周一至周五 8:30-12:00，14:30-17:30
  phone: 0371-22331002
consult:
  phone: 0371-22331002
complaint:
  phone: "12345"
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p")


def test_scaffold_is_valid_and_canonical(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run_cli(project, "new", "--region", "410225", "--department", "lk-mzj", "--basic-code", "000104001000", monkeypatch=monkeypatch)
    assert code == 0, out
    assert NEW_FOOD in out
    text = (project / NEW_FOOD).read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_COMMENT
    assert "implementation_code: 11410225MB0A33331F4000104001000" in text and "请核实" in text
    assert "promised_time_limit: {value: 20, unit: 工作日}" in text  # the legal limit: never above it
    assert "materials" not in text, "standard elements come from the directory"
    assert run_cli(project, "fmt", "--check", monkeypatch=monkeypatch)[0] == 0
    code, report = validate_json(project, monkeypatch)
    marked = [n for n, line in enumerate(text.splitlines(), 1) if "请核实" in line]
    assert code == 1 and [(f["file"], f["line"]) for f in report["findings"]] == [(NEW_FOOD, n) for n in marked], "only the 请核实 marks are left to do"
    (project / NEW_FOOD).write_text(re.sub(r"\s*# 请核实.*", "", text), encoding="utf-8")  # the clerk checks each and removes the mark
    code, report = validate_json(project, monkeypatch)
    assert code == 0 and report["findings"] == []


def test_scaffold_copies_contacts_from_the_departments_other_records(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli(project, "new", "--region", "410225", "--department", "lk-mzj", "--basic-code", "000104001000", monkeypatch=monkeypatch)[0] == 0
    text = (project / NEW_FOOD).read_text(encoding="utf-8")
    assert "兰考县政务服务中心（裕禄大道 99 号）" in text and '"0371-22331003"' in text


def test_scaffold_refuses_to_overwrite(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = (project / FOOD_COUNTY).read_bytes()
    code, out = run_cli(project, "new", "--region", "410202", "--department", "lt-scjgj", "--basic-code", "000104001000", monkeypatch=monkeypatch)
    assert code == USAGE_EXIT and "已存在，不会覆盖" in out
    assert (project / FOOD_COUNTY).read_bytes() == before


@pytest.mark.parametrize(
    ("region", "department", "basic_code", "message"),
    [
        ("410225101", "lk-gyz", "000104001000", "乡级区划不能实施"),
        ("410202", "lk-mzj", "000104001000", "属于区划 410225"),
        ("410202", "lt-scjgj", "000104009000", "不在基本目录"),
        ("419999", "lt-scjgj", "000104001000", "不在 items/_catalog/regions.yaml"),
    ],
)
def test_scaffold_explains_what_is_wrong(project: Path, monkeypatch: pytest.MonkeyPatch, region: str, department: str, basic_code: str, message: str) -> None:
    code, out = run_cli(project, "new", "--region", region, "--department", department, "--basic-code", basic_code, monkeypatch=monkeypatch)
    assert code == USAGE_EXIT and message in out


def test_fmt_orders_keys_keeps_comments_and_is_idempotent() -> None:
    once = format_text(MESSY, ImplementationRecord)
    assert format_text(once, ImplementationRecord) == once
    lines = once.splitlines()
    assert lines[:3] == [SCHEMA_COMMENT, "# 龙亭区食品经营许可（审核人：张三）", "implementation_code: 11410202MB0A22221F4000104001000"]
    keys = [line.split(":")[0] for line in lines if line and line[0].isalpha()]
    assert keys == [k for k in ImplementationRecord.model_fields if k in keys], "top-level keys follow the model"
    assert "department: lt-scjgj   # 部门标识" in once and "# 支持邮寄" in once
    assert re.search(r"\nonline:\n  depth: Ⅲ\n  apply: true\n  express_delivery: true +# 支持邮寄\nin_service_hall", once)
    assert "locations:\n  - address: 龙亭区政务服务中心（宋城路 56 号）\n    window: 综合受理窗口\n" in once
    assert 'region: "410202"' in once and "promised_time_limit: {value: 15, unit: 工作日}" in once


def test_fmt_check_lists_files_then_fmt_fixes_them(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / FOOD_COUNTY).write_text(MESSY, encoding="utf-8")
    code, out = run_cli(project, "fmt", "--check", monkeypatch=monkeypatch)
    assert code == 1 and f"需要整理：{FOOD_COUNTY}" in out
    assert (project / FOOD_COUNTY).read_text(encoding="utf-8") == MESSY, "--check never writes"
    code, out = run_cli(project, "fmt", FOOD_COUNTY, monkeypatch=monkeypatch)
    assert code == 0 and f"已整理：{FOOD_COUNTY}" in out
    assert run_cli(project, "fmt", "--check", monkeypatch=monkeypatch) == (0, "")
    assert validate_json(project, monkeypatch)[0] == 0


def test_fmt_reports_unparsable_files(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / FOOD_COUNTY).write_text("name: [unclosed\n", encoding="utf-8")
    code, out = run_cli(project, "fmt", "--check", monkeypatch=monkeypatch)
    assert code == 1 and "无法整理" in out
