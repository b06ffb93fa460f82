"""The CLI contract (formats, exit codes) and builds that write atomically."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import generator.site.build
from generator.commands.usage import USAGE_EXIT
from generator.model.codes import make_credit_code
from tests.support import DIBAO_COUNTY, FOOD_COUNTY, edit, make_project, run_cli

TOWNSHIP_PAGE = "site/items/410225101/11410225MB0A4444155000502001000/index.html"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p")


def test_text_report_names_file_line_field_section_and_fix(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(project, FOOD_COUNTY, "onsite_visits: 1", "onsite_visits: 一次")
    code, out = run_cli(project, "validate", monkeypatch=monkeypatch)
    assert code == 1
    assert f"{FOOD_COUNTY}:9:1: 错误: onsite_visits（指南栏目：受理方式）" in out
    assert "修改建议：" in out
    assert "共检查 4 条记录：1 个错误" in out


def test_github_annotations(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(project, FOOD_COUNTY, "onsite_visits: 1", "onsite_visits: 一次")
    code, out = run_cli(project, "validate", "--format", "github", monkeypatch=monkeypatch)
    assert code == 1
    assert out.startswith(f"::error file={FOOD_COUNTY},line=9,col=1,title=受理方式::onsite_visits:")


USAGE_ERRORS = [
    (["validate", "items/nope.yaml"], "用法错误：找不到文件或目录：items/nope.yaml", "banshi validate --help"),
    (["validate", "--format", "xml"], "用法错误：--format 只能是 text、json、github、markdown 之一。", "banshi validate --help"),
    (["validate", "--bogus"], "用法错误：没有 --bogus 这个选项。", "banshi validate --help"),
    (["validate", "--chek"], "用法错误：没有 --chek 这个选项，是不是想用 --check", "banshi validate --help"),
    (["validate", "--format"], "用法错误：--format 后面要写一个值。", "banshi --help"),
    (["nosuchcommand"], "用法错误：没有「nosuchcommand」这个命令。可用的命令：build、check、", "banshi --help"),
    (["search"], "用法错误：缺少参数 QUERY。", "banshi search --help"),
    (["search", "低保", "多余"], "用法错误：多余的参数：多余。", "banshi search --help"),
    # the other kinds of click error: a number out of range, not a number, a float range, a value given to a flag
    (["search", "低保", "--limit", "0"], "用法错误：--limit 要写 1 到 1000 之间的数字。", "banshi search --help"),
    (["search", "低保", "--limit", "abc"], "用法错误：--limit 要写 1 到 1000 之间的数字。", "banshi search --help"),
    (["check", "--links", "--interval", "-1"], "用法错误：--interval 要写 0 到 60 之间的数字。", "banshi check --help"),
    (["validate", "--check=yes"], "用法错误：--check 后面不能写值。", "banshi --help"),
]


@pytest.mark.parametrize(("args", "message", "help_hint"), USAGE_ERRORS, ids=[" ".join(a) for a, _, _ in USAGE_ERRORS])
def test_usage_errors_exit_64_in_chinese(project: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str, help_hint: str) -> None:
    code, out = run_cli(project, *args, monkeypatch=monkeypatch)
    assert code == USAGE_EXIT, out
    assert out.startswith(message) and f"运行 {help_hint}" in out, out
    assert "Error" not in out and "Usage" not in out and "Traceback" not in out, out


def test_help_is_in_chinese(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for args in (["--help"], ["validate", "--help"], []):
        code, out = run_cli(project, *args, monkeypatch=monkeypatch)
        assert code == 0, out
        assert out.startswith("用法：banshi") and "选项：" in out and "显示本说明并退出。" in out, out
        assert not {"Usage", "Options", "Show this message"} & set(re.findall(r"[A-Z][a-z]+(?: this message)?", out)), out


def test_outside_a_project_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run_cli(tmp_path, "validate", monkeypatch=monkeypatch)
    assert code == USAGE_EXIT and "mkdocs.yml" in out


def test_build_reports_counts_and_seconds(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run_cli(project, "build", monkeypatch=monkeypatch)
    assert code == 0, out
    assert "4 条记录，4 个事项" in out and "合计" in out and "秒" in out
    assert (project / TOWNSHIP_PAGE).is_file()
    assert not list(project.glob(".site.*")), "temporary build folders left behind"


def test_build_refuses_on_errors_and_keeps_previous_site(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli(project, "build", monkeypatch=monkeypatch)[0] == 0
    before = (project / TOWNSHIP_PAGE).read_bytes()
    edit(project, DIBAO_COUNTY, "onsite_visits: 1", "onsite_visits: many")
    edit(project, "items/410225101/lk-gyz/11410225MB0A4444155000502001000.yaml", "window: 综合受理窗口", "window: 便民窗口")
    code, out = run_cli(project, "build", monkeypatch=monkeypatch)
    assert code == 1 and "未生成网站" in out
    assert (project / TOWNSHIP_PAGE).read_bytes() == before
    assert not list(project.glob(".site.*"))


def test_failed_mkdocs_run_leaves_previous_site(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli(project, "build", monkeypatch=monkeypatch)[0] == 0
    before = sorted(p.relative_to(project) for p in (project / "site").rglob("*"))

    def half_build(config: object) -> None:
        site_dir = Path(config["site_dir"])  # type: ignore[index]
        site_dir.mkdir(parents=True)
        (site_dir / "index.html").write_text("half", encoding="utf-8")
        raise OSError("disk full")

    monkeypatch.setattr(generator.site.build, "mkdocs_build", half_build)
    code, _ = run_cli(project, "build", monkeypatch=monkeypatch)
    assert code == 2
    assert sorted(p.relative_to(project) for p in (project / "site").rglob("*")) == before
    assert "half" not in (project / "site" / "index.html").read_text(encoding="utf-8")
    assert not list(project.glob(".site.*"))


def test_plain_mkdocs_build_uses_the_plugin(project: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert (project / TOWNSHIP_PAGE).is_file()


def test_plain_mkdocs_build_refuses_bad_data(project: Path) -> None:
    edit(project, FOOD_COUNTY, "onsite_visits: 1", "onsite_visits: 一次")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, capture_output=True, text=True, check=False)
    assert run.returncode != 0
    assert FOOD_COUNTY in run.stderr and "已停止构建" in run.stderr


def add_county_records(project: Path, count: int) -> None:
    """Add `count` departments in 龙亭区 implementing the food licence: the catalog grows, the township page must not."""
    deps = project / "items/_catalog/departments.yaml"
    record = (project / FOOD_COUNTY).read_text(encoding="utf-8")
    lines = []
    for n in range(count):
        dep_id = f"lt-extra{n}"
        credit = make_credit_code(f"11410202MB{n:07d}")
        lines.append(f'  - id: {dep_id}\n    name: 龙亭区测试部门{n}\n    credit_code: {credit}\n    region: "410202"\n')
        code = credit + "4000104001000"
        path = project / f"items/410202/{dep_id}/{code}.yaml"
        path.parent.mkdir(parents=True)
        text = record.replace("11410202MB0A22221F4000104001000", code).replace("department: lt-scjgj", f"department: {dep_id}")
        path.write_text(text, encoding="utf-8")
    deps.write_text(deps.read_text(encoding="utf-8") + "".join(lines), encoding="utf-8")


def test_item_page_size_independent_of_catalog_size(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli(project, "build", monkeypatch=monkeypatch)[0] == 0
    small = (project / TOWNSHIP_PAGE).stat().st_size
    add_county_records(project, 60)
    code, out = run_cli(project, "build", monkeypatch=monkeypatch)
    assert code == 0, out
    assert "64 条记录" in out
    large = (project / TOWNSHIP_PAGE).stat().st_size
    assert large == small
    assert large < 60_000


def test_validate_with_check_reports_both_rule_sets(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a sibling county promising a different limit is a tier-check finding (info), not a validate finding
    code, out = run_cli(project, "validate", "--format", "json", monkeypatch=monkeypatch)
    plain = json.loads(out)["findings"]
    code_both, out_both = run_cli(project, "validate", "--check", "--format", "json", monkeypatch=monkeypatch)
    both = json.loads(out_both)["findings"]
    assert code == code_both == 0
    assert plain == []
    assert both, "the tier check found nothing on the fixture"
    edit(project, FOOD_COUNTY, "onsite_visits: 1", "onsite_visits: 一次")
    code_bad, out_bad = run_cli(project, "validate", "--check", "--format", "json", monkeypatch=monkeypatch)
    assert code_bad == 1
    assert any(f["field"] == "onsite_visits" for f in json.loads(out_bad)["findings"])
