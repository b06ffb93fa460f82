"""The national export against the platform's DDL: the columns are the DDL's, every exported row of the sample loads
into the tables created from that DDL in SQLite (0 rejected, every table), guids are stable, task_version moves with
any change of the resolved record (a directory change included), and `--since REV` sends I/U/D rows."""

from __future__ import annotations

import csv
import sqlite3
import subprocess
from pathlib import Path

import pytest

from generator.model.national import FOLDER, TABLES
from tests.national_ddl import create, load_csv, tables
from tests.support import REPO, make_project, run_cli

# The catalog's own statements for the columns a record has no source for (items/_national/settings.yaml): values this
# test states for its throwaway project, not codes taken from the platform.
SETTINGS = 'data_source: "410"\nis_single_login: "1"\napp_is_single_login: "0"\n'
TOBACCO = "items/410221/qx-ycj/1141022100312550314000113001000.yaml"
TOBACCO_CODE = "1141022100312550314000113001000"


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def load_all(out: Path) -> dict[str, tuple[int, int]]:
    db = sqlite3.connect(":memory:")
    create(db)
    result = {}
    for table in tables():
        loaded = load_csv(db, table, out / f"{table}.csv")
        assert not loaded.reasons, f"{table}: {loaded.reasons.most_common(3)}"
        result[table] = (loaded.rows, loaded.rejected)
    return result


@pytest.fixture()
def sample(tmp_path: Path) -> Path:
    source = tmp_path / "source"  # the sample's items/ with the repository's mkdocs.yml
    source.mkdir()
    (source / "items").symlink_to(REPO / "items")
    project = make_project(tmp_path / "sample", source=source)
    (project / FOLDER).mkdir(parents=True, exist_ok=True)
    (project / FOLDER / "settings.yaml").write_text(SETTINGS, encoding="utf-8")
    return project


def export(project: Path, out: Path, monkeypatch: pytest.MonkeyPatch, *extra: str) -> tuple[int, str]:
    return run_cli(project, "export", "--format", "national", "--out", str(out), *extra, monkeypatch=monkeypatch)


def test_columns_are_the_ddl_columns() -> None:
    ddl = tables()
    assert sorted(ddl) == sorted(TABLES)
    for name, columns in ddl.items():
        kinds = {"longtext": "text"}
        expected = [(c.name, kinds.get(c.mysql_type, c.mysql_type), c.length if c.mysql_type == "varchar" else None, c.not_null) for c in columns[1:]]
        assert [(c.name, c.kind, c.length, c.not_null) for c in TABLES[name]] == expected, name


def test_the_translated_ddl_refuses_long_empty_and_non_integer_cells(tmp_path: Path) -> None:
    db = sqlite3.connect(":memory:")
    create(db)
    good = {"answer": "答", "cd_batch": "b", "cd_operation": "I", "cd_time": "2026-12-07 10:00:00", "data_source": "410", "order_num": "1"}
    good |= {"question": "问", "row_guid": "r", "task_code": "t", "task_guid": "g"}
    bad = [{**good, "cd_operation": "INS"}, {**good, "answer": ""}, {**good, "order_num": "一"}, {**good, "cd_time": "明天"}]
    path = tmp_path / "q.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(good))
        writer.writeheader()
        writer.writerows([good, *bad])
    loaded = load_csv(db, "up_task_general_questions", path)
    assert (loaded.rows, loaded.rejected) == (5, 4)


def test_the_sample_export_loads_into_the_ddl_tables(sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = export(sample, tmp_path / "out", monkeypatch)
    assert code == 0, output
    loaded = load_all(tmp_path / "out")
    print("rows loaded / rejected:", loaded)
    assert all(rejected == 0 for _, rejected in loaded.values())
    assert all(loaded[t][0] > 0 for t in ("up_task_general_basic", "up_task_general_material", "up_task_general_fee_project", "up_task_public_basic"))
    basic = read(tmp_path / "out" / "up_task_general_basic.csv")
    tobacco = [r for r in basic if r["task_code"] == TOBACCO_CODE]
    assert [r["task_handle_item"] for r in tobacco] == [TOBACCO_CODE + c for c in ("01", "02", "03", "04")]  # one row per handling item
    materials = [r for r in read(tmp_path / "out" / "up_task_general_material.csv") if r["task_code"] == TOBACCO_CODE]
    assert {r["task_handle_item"] for r in materials} == {r["task_handle_item"] for r in tobacco}
    assert len({r["row_guid"] for r in basic}) == len(basic)


def test_without_settings_the_rows_are_reported_not_loadable(sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (sample / FOLDER / "settings.yaml").unlink()
    code, output = export(sample, tmp_path / "out", monkeypatch)
    assert code == 1
    assert "data_source 不能为空（NOT NULL）" in output and "不会自动填写" in output
    assert all(r["data_source"] == "" for r in read(tmp_path / "out" / "up_task_general_basic.csv"))


def versions(out: Path) -> dict[str, str]:
    rows = read(out / "up_task_general_basic.csv") + read(out / "up_task_public_basic.csv")
    return {r["task_code"]: r["task_version"] for r in rows}


def test_guids_are_stable_and_a_directory_change_moves_the_version(sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert export(sample, tmp_path / "a", monkeypatch)[0] == 0
    assert export(sample, tmp_path / "b", monkeypatch)[0] == 0
    first, again = read(tmp_path / "a" / "up_task_general_material.csv"), read(tmp_path / "b" / "up_task_general_material.csv")
    assert [(r["row_guid"], r["task_guid"]) for r in first] == [(r["row_guid"], r["task_guid"]) for r in again]
    before = versions(tmp_path / "b")
    assert versions(tmp_path / "a") == before  # unchanged records keep their version (whatever the ledger held)
    directory = sample / "items" / "_catalog" / "directory" / "000113001000.yaml"
    directory.write_text(directory.read_text(encoding="utf-8").replace("有与经营烟草制品零售业务相适应的资金。", "有相适应的资金。"), encoding="utf-8")
    assert export(sample, tmp_path / "c", monkeypatch)[0] == 0
    after = versions(tmp_path / "c")
    moved = {code for code, v in after.items() if int(v) == int(before[code]) + 1}
    assert TOBACCO_CODE in moved and all(code[-12:] == "000113001000" for code in moved)
    assert all(after[code] == before[code] for code in after if code not in moved)


def git(project: Path, *args: str) -> None:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    env["PATH"] = "/usr/bin:/bin"
    subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


def test_since_sends_withdrawals_and_deletions(sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    git(sample, "init", "-q", "-b", "main")
    git(sample, "add", "items", "mkdocs.yml")
    git(sample, "commit", "-q", "-m", "sample")
    assert export(sample, tmp_path / "full", monkeypatch)[0] == 0
    base = versions(tmp_path / "full")  # the versions sent so far (the ledger may have moved them past 1)
    record = sample / TOBACCO
    record.write_text(record.read_text(encoding="utf-8").replace("status: 在用", "status: 取消"), encoding="utf-8")
    gone = sorted((sample / "items" / "410200").glob("*/*.yaml"))[0]
    gone_code = gone.stem
    gone.unlink()
    broken = sorted((sample / "items" / "410202").glob("*/*.yaml"))[0]  # an invalid record is not a deletion
    broken.write_text(broken.read_text(encoding="utf-8").replace("onsite_visits: ", "onsite_visits: 一次 #"), encoding="utf-8")
    code, output = export(sample, tmp_path / "since", monkeypatch, "--since", "HEAD")
    assert code == 0, output
    rows = read(tmp_path / "since" / "up_task_general_basic.csv") + read(tmp_path / "since" / "up_task_public_basic.csv")
    ops = {(r["task_code"], r["cd_operation"], r["task_state"], r["task_version"]) for r in rows}
    assert ops == {(TOBACCO_CODE, "U", "3", str(int(base[TOBACCO_CODE]) + 1)), (gone_code, "D", "1", str(int(base[gone_code]) + 1))}
    assert all(rejected == 0 for _, rejected in load_all(tmp_path / "since").values())
    code, output = export(sample, tmp_path / "bad", monkeypatch, "--since", "--all")
    assert code == 1 and "不是有效的 git 版本" in output


def test_a_levy_item_goes_to_the_handle_tables(sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """征收 (type 04) has its own tables: a basic table without locations or online columns, materials, questions."""
    directory = sample / "items" / "_catalog" / "directory"
    text = (directory / "000113001000.yaml").read_text(encoding="utf-8")
    (directory / "000413001000.yaml").write_text(
        text.replace("000113001000", "000413001000").replace("item_type: 行政许可", "item_type: 行政征收"), encoding="utf-8"
    )
    levy = TOBACCO_CODE.replace("000113001000", "000413001000")
    record = (sample / TOBACCO).read_text(encoding="utf-8").replace(TOBACCO_CODE, levy).replace("000113001000", "000413001000")
    (sample / TOBACCO).with_name(f"{levy}.yaml").write_text(record, encoding="utf-8")
    code, output = export(sample, tmp_path / "out", monkeypatch)
    assert code == 0, output
    loaded = load_all(tmp_path / "out")
    assert loaded["up_task_handle_basic"] == (4, 0) and loaded["up_task_handle_material"][0] > 0  # 4 handling items
    assert {r["task_code"] for r in read(tmp_path / "out" / "up_task_handle_basic.csv")} == {levy}
    assert levy not in {r["task_code"] for r in read(tmp_path / "out" / "up_task_general_basic.csv")}
