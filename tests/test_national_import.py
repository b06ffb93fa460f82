"""`banshi import`: export -> import into a catalog without records gives the same resolved records (sample and a
synthetic 10k), as CSV and as .xlsx; it is idempotent, never overwrites a local edit, proposes a missing directory item,
and refuses bad spreadsheets with a Chinese message, exit 1 and nothing written."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from generator.address.apply_link import ApplyLinks
from generator.export.national_batch import VOLATILE
from generator.export.resolved import Context, resolve
from generator.load.files import is_record_file
from generator.model.national import FOLDER
from generator.validate.project import validate
from generator.workflow.national_read import unescape
from tests.support import REPO, make_project, run_cli

SETTINGS = 'data_source: "410"\nis_single_login: "1"\napp_is_single_login: "0"\n'  # stated by the test (see test_national_export)
BASIC = "up_task_general_basic"
TOBACCO = "items/410221/qx-ycj/1141022100312550314000113001000.yaml"
SCHEDULED = "scheduled:\n  - effective: 2027-01-01\n    note: 压缩承诺时限\n    set:\n      promised_time_limit: {value: 1, unit: 工作日}\n"


def project_from(items: Path, dest: Path) -> Path:
    source = dest.parent / (dest.name + "-source")
    source.mkdir(parents=True)
    (source / "items").symlink_to(items)
    project = make_project(dest, source=source)
    (project / FOLDER).mkdir(parents=True, exist_ok=True)
    (project / FOLDER / "settings.yaml").write_text(SETTINGS, encoding="utf-8")
    return project


def without_records(project: Path, dest: Path) -> Path:
    """The same catalog (directory, regions, departments) with no implementation records."""
    shutil.copytree(project, dest)
    for path in dest.glob("items/*/*/*.yaml"):
        if "_catalog" not in path.parts and "_files" not in path.parts:
            path.unlink()
    shutil.rmtree(dest / FOLDER)
    return dest


def resolved(root: Path) -> dict[str, dict[str, Any]]:
    result = validate(root)
    assert not result.errors, result.errors[:3]
    ctx = Context("http://127.0.0.1/", ApplyLinks("https://example.org/{implementation_code}", ("example.org",)), result.catalog)
    return {i.code: {k: v for k, v in resolve(i, ctx).items() if k not in VOLATILE} for i in result.items}


def round_trip_table(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]) -> dict[str, tuple[int, int]]:
    """Field -> (records where it came back equal, records where it did not)."""
    table: dict[str, list[int]] = {}
    for code, record in before.items():
        for key, value in record.items():
            kept = table.setdefault(key, [0, 0])
            kept[0 if after.get(code, {}).get(key) == value else 1] += 1
    return {k: (v[0], v[1]) for k, v in table.items()}


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((root / "items").rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("national-import")
    project = project_from(REPO / "items", base / "sample")
    record = project / TOBACCO  # a scheduled change travels too (the sample has none)
    record.write_text(record.read_text(encoding="utf-8") + SCHEDULED, encoding="utf-8")
    monkeypatch = pytest.MonkeyPatch()
    code, output = run_cli(project, "export", "--format", "national", "--out", str(base / "tables"), monkeypatch=monkeypatch)
    monkeypatch.undo()
    assert code == 0, output
    return project, base / "tables"


def test_sample_round_trip_keeps_every_field(exported: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project, tables = exported
    empty = without_records(project, tmp_path / "empty")
    code, output = run_cli(empty, "import", str(tables), monkeypatch=monkeypatch)
    assert code == 0, output
    assert "已新增 210 条" in output
    table = round_trip_table(resolved(project), resolved(empty))
    print("\nfield | kept | lost")
    for key, (kept, lost) in table.items():
        print(f"{key} | {kept} | {lost}")
    assert {k: v for k, v in table.items() if v[1]} == {}
    code, output = run_cli(empty, "fmt", "--check", monkeypatch=monkeypatch)
    assert code == 0, output  # written in the canonical style
    before = tree(empty)
    code, output = run_cli(empty, "import", str(tables), monkeypatch=monkeypatch)
    assert code == 0 and "210 条不变" in output and tree(empty) == before  # idempotent


def test_xlsx_workbook_imports_like_the_csv_folder(exported: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project, tables = exported
    book = openpyxl.Workbook()
    book.remove(book.active)
    for path in sorted(tables.glob("*.csv")):
        sheet = book.create_sheet(path.stem)
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                sheet.append(row)
    book.save(tmp_path / "tables.xlsx")
    empty = without_records(project, tmp_path / "empty")
    code, output = run_cli(empty, "import", str(tmp_path / "tables.xlsx"), "--format", "xlsx", monkeypatch=monkeypatch)
    assert code == 0, output
    assert resolved(empty) == resolved(project)


def edit_cell(tables: Path, dest: Path, table: str, column: str, value: str, row: int = 0) -> Path:
    shutil.copytree(tables, dest)
    edit_in_place(dest / f"{table}.csv", column, value, row)
    return dest


def test_a_local_edit_is_never_overwritten(exported: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project, tables = exported
    empty = without_records(project, tmp_path / "empty")
    assert run_cli(empty, "import", str(tables), monkeypatch=monkeypatch)[0] == 0
    with (tables / f"{BASIC}.csv").open(encoding="utf-8-sig", newline="") as fh:
        first = next(csv.DictReader(fh))
    record = next(empty.glob(f"items/*/*/{first['task_code']}.yaml"))
    changed = edit_cell(tables, tmp_path / "changed", BASIC, "promise_day", str(int(first["promise_day"]) - 1))
    code, output = run_cli(empty, "import", str(changed), "--dry-run", monkeypatch=monkeypatch)
    assert code == 0 and "将新增 0 条、更新 1 条" in output and "未写入" in output
    code, output = run_cli(empty, "import", str(changed), monkeypatch=monkeypatch)  # unchanged since the import: updated
    assert code == 0 and "已新增 0 条、更新 1 条" in output
    local = record.read_text(encoding="utf-8").replace("onsite_visits: ", "time_limit_note: 本地说明\nonsite_visits: ")
    record.write_text(local, encoding="utf-8")
    code, output = run_cli(empty, "import", str(tables), monkeypatch=monkeypatch)  # back to the old row: a conflict
    assert code == 1 and "本地已修改" in output and "items/_national/conflicts/" in output
    assert record.read_text(encoding="utf-8") == local
    assert (empty / FOLDER / "conflicts" / f"{first['task_code']}.yaml").is_file()


def test_a_missing_directory_item_is_proposed(exported: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project, tables = exported
    empty = without_records(project, tmp_path / "empty")
    (empty / "items" / "_catalog" / "directory" / "000113001000.yaml").unlink()
    code, output = run_cli(empty, "import", str(tables), monkeypatch=monkeypatch)
    assert code == 1 and "基本目录中没有基本编码 000113001000" in output
    proposal = empty / FOLDER / "proposals" / "000113001000.yaml"
    assert proposal.is_file() and 'basic_code: "000113001000"' in proposal.read_text(encoding="utf-8")
    assert not [p for p in empty.glob("items/*/*/*000113001000.yaml") if is_record_file(p, empty)]  # no record written


def bad_inputs(tables: Path, tmp: Path) -> dict[str, tuple[Path, str]]:
    """Five malformed spreadsheets (and two rows the catalog cannot hold): input -> expected message fragment."""
    corrupt = tmp / "corrupt.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 this is not a workbook")
    wrong = tmp / "wrong-sheet.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    book.active.append(["task_code"])
    book.save(wrong)
    with (tables / f"{BASIC}.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    scientific = tmp / "scientific.xlsx"
    book = openpyxl.Workbook()
    book.active.title = BASIC
    book.active.append(rows[0])
    book.active.append([1.14102e30 if h == "task_code" else v for h, v in zip(rows[0], rows[1], strict=True)])
    book.save(scientific)
    merged = tmp / "merged.xlsx"
    book = openpyxl.Workbook()
    book.active.title = BASIC
    for row in rows[:3]:
        book.active.append(row)
    book.active.merge_cells("A2:A3")
    book.save(merged)
    huge = tmp / "huge.xlsx"
    with huge.open("wb") as fh:
        fh.truncate(100 * 1024 * 1024)  # 100 MB (sparse)
    odd = tmp / "odd"
    (odd / f"{BASIC}.csv").mkdir(parents=True)  # a folder named like a table
    return {
        "folder named like a table": (odd, "这是一个文件夹，不是文件"),
        "corrupt": (corrupt, "不是可以读取的 .xlsx 工作簿"),
        "wrong sheet": (wrong, "工作表「Sheet1」不是国家交换表"),
        "scientific notation": (scientific, "是数字或科学计数法，编码的位数已丢失"),
        "merged cell": (merged, "有合并单元格 A2:A3"),
        "100 MB": (huge, "超过 .xlsx 的上限"),
        "unknown department": (edit_cell(tables, tmp / "dept", BASIC, "dept_code", "91410200MA44XXXX1X"), "departments.yaml）中没有统一社会信用代码为"),
        "unknown region": (edit_cell(tables, tmp / "region", "up_task_general_extend", "town_code", "410299999"), "regions.yaml）中没有区划 410299999"),
    }


def test_bad_spreadsheets_get_a_chinese_error_and_lose_nothing(exported: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project, tables = exported
    target = without_records(project, tmp_path / "target")
    assert run_cli(target, "import", str(tables), monkeypatch=monkeypatch)[0] == 0
    before = tree(target)
    for name, (path, message) in bad_inputs(tables, tmp_path).items():
        code, output = run_cli(target, "import", str(path), monkeypatch=monkeypatch)
        print(f"\n[{name}] exit {code}\n{output.strip().splitlines()[0]}")
        assert code == 1, (name, output)
        assert message in output, (name, output)
        assert "Traceback" not in output
        assert tree(target) == before, name  # nothing lost, nothing half-written


def test_the_formula_guard_is_undone() -> None:
    assert [unescape(v) for v in ("'=1+1", "'+86", "'-", "'@x", "'\tx", "'abc", "'")] == ["=1+1", "+86", "-", "@x", "\tx", "'abc", "'"]


def test_synthetic_10k_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sys.path.insert(0, str(REPO))
    from bench.synth import generate

    generate(10_000, tmp_path / "synth")
    project = project_from((tmp_path / "synth" / "items").resolve(), tmp_path / "project")
    code, output = run_cli(project, "export", "--format", "national", "--out", str(tmp_path / "tables"), monkeypatch=monkeypatch)
    assert code == 0, output[-2000:]
    empty = without_records(project, tmp_path / "empty")
    code, output = run_cli(empty, "import", str(tmp_path / "tables"), monkeypatch=monkeypatch)
    assert code == 0, output[-2000:]
    before, after = resolved(project), resolved(empty)
    assert len(before) == 10_000
    lost = Counter({k: v[1] for k, v in round_trip_table(before, after).items() if v[1]})
    assert not lost, lost


def test_fuzzed_cells_never_crash_the_import(exported: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> None:
    """Any text in any cell of the first rows: exit 0 or 1 with Chinese messages, never a traceback or exit 2."""
    from click.testing import CliRunner
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from generator.cli import main

    project, full = exported
    target = without_records(project, tmp_path_factory.mktemp("fuzz") / "target")
    tables = tmp_path_factory.mktemp("fuzz-tables")  # the rows of three items: each run stays short
    keep = sorted({row["task_code"] for row in csv.DictReader((full / f"{BASIC}.csv").open(encoding="utf-8-sig"))})[:3]
    for path in full.glob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        with (tables / path.name).open("w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows([rows[0], *(r for r in rows[1:] if r[rows[0].index("task_code")] in keep)])
    headers = {t: next(csv.reader(p.open(encoding="utf-8-sig"))) for t, p in ((p.stem, p) for p in tables.glob("*.csv"))}
    runs = Counter()

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        table=st.sampled_from(sorted(t for t in headers if "general" in t)),
        column=st.integers(min_value=0, max_value=60),
        value=st.one_of(
            st.text(max_size=40), st.sampled_from(['{"banshi": 1, "locations": 5}', '{"banshi":1,"exempt_materials":[1]}', "1.1E+30", "²", "../../x", "'=cmd"])
        ),
    )
    def run(table: str, column: int, value: str) -> None:
        header = headers[table]
        folder = tmp_path_factory.mktemp("fuzz-in")
        shutil.copytree(tables, folder, dirs_exist_ok=True)
        edit_in_place(folder / f"{table}.csv", header[column % len(header)], value)
        os.chdir(target)
        result = CliRunner().invoke(main, ["import", str(folder), "--dry-run"])
        runs[result.exit_code] += 1
        assert result.exit_code in (0, 1), result.output[-500:]
        assert "Traceback" not in result.output

    cwd = Path.cwd()
    try:
        run()
    finally:
        os.chdir(cwd)
    print("fuzz runs by exit code:", dict(runs))


def edit_in_place(path: Path, column: str, value: str, row: int = 0) -> None:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if not rows:
        return
    rows[row][column] = value
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_a_deletion_row_removes_only_an_unedited_record(exported: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project, tables = exported
    empty = without_records(project, tmp_path / "empty")
    assert run_cli(empty, "import", str(tables), monkeypatch=monkeypatch)[0] == 0
    with (tables / f"{BASIC}.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["task_handle_item"] == "" and rows[1]["task_code"] != rows[0]["task_code"]  # one basic row each
    gone = edit_cell(tables, tmp_path / "gone", BASIC, "cd_operation", "D", row=0)
    kept = edit_cell(tables, tmp_path / "kept", BASIC, "cd_operation", "D", row=1)
    first = next(empty.glob(f"items/*/*/{rows[0]['task_code']}.yaml"))
    second = next(empty.glob(f"items/*/*/{rows[1]['task_code']}.yaml"))
    code, output = run_cli(empty, "import", str(gone), monkeypatch=monkeypatch)
    assert code == 0 and "删除 1 条" in output and not first.exists()
    second.write_text(second.read_text(encoding="utf-8") + "keywords:\n  - 本地关键词\n", encoding="utf-8")
    code, output = run_cli(empty, "import", str(kept), monkeypatch=monkeypatch)
    assert code == 1 and "本地已修改，未删除" in output and second.exists()


GUIDE_CONCEPTS = """accepting_body: 龙亭区政务服务中心综合受理窗口
entrusted_body: 龙亭区政务服务中心
joint_bodies: [龙亭区卫生健康委员会, 龙亭区消防救援大队]
refusal_grounds:
  - 申请事项依法不需要取得食品经营许可的，即时告知申请人不予受理。
quantity_limit: 无数量限制
intermediary_services: [无]
stage_limits:
  - stage: 初审
    body: 龙亭区市场监督管理局
    limit: {value: 20, unit: 工作日}
  - stage: 审批
    limit: {value: 10, unit: 工作日}
case_situations:
  - case_type: 即办件
    situation: 材料齐全、符合法定形式的
materials:
  - name: 食品经营许可申请书
    necessity: 必要
    kind: 原件
    form: 纸质和电子
    copies: 1
    source: 申请人自备
    fill_instructions: 法定代表人签字并加盖公章。
    blank_form: items/_files/forms/食品经营许可申请书.txt
  - name: 营业执照
    necessity: 必要
    kind: 复印件
    form: 纸质
    copies: 1
    source: 政府部门核发
    source_note: 由市场监督管理部门核发
    alternatives: [电子营业执照]
  - name: 与食品经营相适应的主要设备设施布局、操作流程等文件
    necessity: 必要
    kind: 原件
    form: 纸质
    source: 申请人自备
    condition: 经营场所有食品加工制作的
"""


def test_what_published_guides_say_goes_to_its_columns_and_comes_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The DDL's 委托部门, 数量限制, 联办机构 and 中介服务 columns carry the record's own; accepting body, refusal grounds,
    stage limits, case types by situation and conditional or alternative materials ride in extend_field; all come back."""
    project = make_project(tmp_path / "p")
    (project / FOLDER).mkdir(parents=True)
    (project / FOLDER / "settings.yaml").write_text(SETTINGS, encoding="utf-8")
    record = project / "items/410202/lt-scjgj/11410202MB0A22221F4000104001000.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("case_type: 承诺件\n", "") + GUIDE_CONCEPTS, encoding="utf-8")
    code, out = run_cli(project, "export", "--format", "national", "--out", str(tmp_path / "tables"), monkeypatch=monkeypatch)
    assert code == 0, out
    with (tmp_path / "tables" / f"{BASIC}.csv").open(encoding="utf-8-sig", newline="") as fh:
        basic = {r["task_code"]: r for r in csv.DictReader(fh)}["11410202MB0A22221F4000104001000"]
    with (tmp_path / "tables" / "up_task_general_extend.csv").open(encoding="utf-8-sig", newline="") as fh:
        extend = {r["task_code"]: r for r in csv.DictReader(fh)}["11410202MB0A22221F4000104001000"]
    assert basic["entrust_name"] == "龙亭区政务服务中心"
    assert (extend["other_dept"], extend["limit_explain"], extend["service_type"]) == ("龙亭区卫生健康委员会；龙亭区消防救援大队", "无数量限制", "无")
    for key in ("accepting_body", "refusal_grounds", "stage_limits", "case_situations", "material_conditions", "material_alternatives"):
        assert f'"{key}":' in unescape(extend["extend_field"]), key
    empty = without_records(project, tmp_path / "empty")
    code, out = run_cli(empty, "import", str(tmp_path / "tables"), monkeypatch=monkeypatch)
    assert code == 0, out
    before, after = resolved(project), resolved(empty)
    lost = {k for k, v in round_trip_table(before, after).items() if v[1]}
    assert lost == set(), lost


def test_an_undeclared_difference_is_imported_awaiting_approval(exported: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows whose conditions differ from the directory, with no declaration: written as the rows say, declared 待批准."""
    project, tables = exported
    with (tables / f"{BASIC}.csv").open(encoding="utf-8-sig", newline="") as fh:
        first = next(csv.DictReader(fh))
    changed = edit_cell(tables, tmp_path / "changed", BASIC, "accept_condition", "申请人为本县户籍居民。")
    empty = without_records(project, tmp_path / "empty")
    code, output = run_cli(empty, "import", str(changed), monkeypatch=monkeypatch)
    assert code == 0 and "记为待批准的本地差异" in output, output
    record = next(empty.glob(f"items/*/*/{first['task_code']}.yaml"))
    text = record.read_text(encoding="utf-8")
    assert "申请人为本县户籍居民。" in text and "交换表中的内容与基本目录不同（导入时照录，待核实）" in text and "approved_by" not in text
    code, out = run_cli(empty, "validate", str(record.relative_to(empty)), "--format", "json", monkeypatch=monkeypatch)
    findings = [(f["severity"], f["field"], f["message"]) for f in json.loads(out)["findings"]]
    reason = "交换表中的内容与基本目录不同（导入时照录，待核实）"
    assert code == 0 and findings == [("warning", "variations[0]", f"待批准：受理条件与基本目录不同（理由：{reason}），尚无批准单位和文号")], findings
