"""The tier cross-check (`banshi check`): seeded inconsistencies found with the right files, formats, exit codes, the page."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.support import FOOD_COUNTY, edit, make_project, run_cli


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p")


def check(project: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, dict[str, Any]]:
    code, out = run_cli(project, "check", "--format", "json", monkeypatch=monkeypatch)
    return code, json.loads(out)


def of_kind(report: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [f for f in report["findings"] if f["kind"] == kind]


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
    copy = FOOD_COUNTY.replace(".yaml", "-copy.yaml")
    shutil.copy(project / FOOD_COUNTY, project / copy)
    code, text = run_cli(project, "check", monkeypatch=monkeypatch)
    assert code == 1 and f"{FOOD_COUNTY}:" in text and "相关文件：" + copy in text and "共核查 5 条记录：2 个错误" in text
    code, github = run_cli(project, "check", "--format", "github", monkeypatch=monkeypatch)
    assert code == 1 and f"::error file={FOOD_COUNTY}," in github and f"::error file={copy}," in github and "::notice file=" in github
    code, markdown = run_cli(project, "check", "--format", "markdown", monkeypatch=monkeypatch)
    assert code == 1 and markdown.startswith("## 一致性核查") and "| 一个实施编码对应多个文件 | 错误 | 2 |" in markdown
    code, report = check(project, monkeypatch)
    assert code == 1 and [(f["kind"], f["file"], f["related"]) for f in report["findings"] if f["severity"] == "error"] == [
        ("duplicate-code", copy, [FOOD_COUNTY]),
        ("duplicate-code", FOOD_COUNTY, [copy]),
    ]


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
    # one row per item whose regions differ, not one per record: the records side by side are on its service page
    assert 'class="bs-compare-list"' in html and '<th scope="col">实施部门</th>' not in html
    listed = re.findall(r'<a href="\.\./services/(\d+)/#compare">', html)
    assert len(listed) == 1
    service = (mini_site / "services" / listed[0] / "index.html").read_text(encoding="utf-8")
    assert 'class="bs-compare"' in service and "各地办理对比" in service and "（不一致）" in service
    nav = (mini_site / "index.html").read_text(encoding="utf-8")
    assert "consistency/" in nav
