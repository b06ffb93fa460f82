"""Scheduled changes (生效日期): before the date the page shows the current text and announces the change; from the
date the build publishes it; `banshi check` then asks for it to be folded into the record. The build date is set
with BANSHI_BUILD_DATE, as the daily scheduled build would meet it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import build_project_site
from tests.support import FOOD_COUNTY, line_of, make_project, run_cli, validate_json

SCHEDULE = """scheduled:
  - effective: 2027-01-01
    note: 按汴政数〔2026〕8号文件压缩承诺时限
    set:
      promised_time_limit: {value: 5, unit: 工作日}
"""
PAGE = "items/410202/11410202MB0A22221F4000104001000/index.html"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "p")
    with (project / FOOD_COUNTY).open("a", encoding="utf-8") as fh:
        fh.write(SCHEDULE)
    return project


def page_text(site: Path) -> str:
    html = (site / PAGE).read_text(encoding="utf-8")
    return re.sub(r"<[^>]+>", "", html)


def test_before_and_after_the_date(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BANSHI_BUILD_DATE", "2026-12-31")
    before = page_text(build_project_site(project, tmp_path / "before" / "site"))
    assert "预告：自 2027 年 1 月 1 日起，本事项调整为承诺办结时限：5 个工作日（按汴政数〔2026〕8号文件压缩承诺时限）" in before
    assert "15 个工作日" in before and "5 个工作日内" not in before
    monkeypatch.setenv("BANSHI_BUILD_DATE", "2027-01-01")
    after = page_text(build_project_site(project, tmp_path / "after" / "site"))
    assert "预告" not in after and "15 个工作日" not in after and "5 个工作日" in after
    code, out = run_cli(project, "check", "--format", "json", monkeypatch=monkeypatch)
    due = [f for f in json.loads(out)["findings"] if f["kind"] == "scheduled-due"]
    assert code == 0 and [(f["file"], f["line"], f["severity"]) for f in due] == [(FOOD_COUNTY, line_of(project, FOOD_COUNTY, "effective:"), "warning")]
    monkeypatch.setenv("BANSHI_BUILD_DATE", "2026-12-31")
    code, out = run_cli(project, "check", "--format", "json", monkeypatch=monkeypatch)
    assert not [f for f in json.loads(out)["findings"] if f["kind"] == "scheduled-due"], "not due yet"


def test_a_scheduled_change_is_validated_on_its_line(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (project / FOOD_COUNTY).read_text(encoding="utf-8")
    text = text.replace("      promised_time_limit: {value: 5, unit: 工作日}\n", '      promised_time_limit: {value: 5, unit: 天}\n      region: "410225"\n')
    (project / FOOD_COUNTY).write_text(text, encoding="utf-8")
    code, report = validate_json(project, monkeypatch)
    found = sorted((f["line"], f["field"], f["message"]) for f in report["findings"] if f["severity"] == "error")
    assert code == 1
    assert found == [
        (line_of(project, FOOD_COUNTY, "unit: 天"), "scheduled[0].set.promised_time_limit.unit", "2027-01-01 生效的调整：「天」不是单位的可选值"),
        (
            line_of(project, FOOD_COUNTY, 'region: "410225"'),
            "scheduled[0].set.region",
            "定期调整中的「region」不能用定期调整修改（编码、区划和部门要新建记录）",
        ),
    ]


def test_a_build_after_the_date_does_not_publish_a_change_the_rules_refuse(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue's reproduction: a scheduled rename, 法定时限 20 → 60 and a 户籍 condition used to go live unchecked."""
    from generator.site.build import BuildRefused

    text = (project / FOOD_COUNTY).read_text(encoding="utf-8")
    text = text.replace(
        "      promised_time_limit: {value: 5, unit: 工作日}\n",
        "      name: 食品经营备案\n      legal_time_limit: {value: 60, unit: 工作日}\n      conditions: [申请人须具有本区户籍。]\n",
    )
    (project / FOOD_COUNTY).write_text(text, encoding="utf-8")
    monkeypatch.setenv("BANSHI_BUILD_DATE", "2027-01-02")
    site = tmp_path / "site"
    with pytest.raises(BuildRefused):
        build_project_site(project, site)
    assert not (site / PAGE).exists(), "nothing of the refused record is published"
    code, out = run_cli(project, "validate", "--check", monkeypatch=monkeypatch)
    assert code == 1 and out.count("2027-01-01 起（定期调整生效后）") == 3, out
    assert out.count("定期调整的差异声明写在同一条调整的 set 中") == 3, "a declaration in the body would take effect today"


def test_the_check_sees_the_record_as_published_on_the_build_date(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The consistency page and the item page tell one story: a scheduled variation is published from its date."""
    text = (project / FOOD_COUNTY).read_text(encoding="utf-8")
    variation = (
        "      conditions: [有经营场所。]\n      variations:\n        - field: conditions\n          reason: 试点告知承诺制\n"
        "          approved_by: 开封市政务服务和大数据管理局 汴政数〔2025〕12号\n"
    )
    (project / FOOD_COUNTY).write_text(text.replace("      promised_time_limit: {value: 5, unit: 工作日}\n", variation), encoding="utf-8")

    def checked(day: str) -> list[tuple[str, int, str, str]]:
        monkeypatch.setenv("BANSHI_BUILD_DATE", day)
        code, out = run_cli(project, "check", "--format", "json", monkeypatch=monkeypatch)
        assert code == 0, out
        return [(f["kind"], f["line"], f["field"], f["severity"]) for f in json.loads(out)["findings"] if f["file"] == FOOD_COUNTY]

    assert checked("2026-12-31") == []
    assert checked("2027-01-01") == [
        ("scheduled-due", line_of(project, FOOD_COUNTY, "effective:"), "scheduled[0].effective", "warning"),
        ("declared-variation", line_of(project, FOOD_COUNTY, "conditions: [有经营场所。]"), "conditions", "info"),
    ]
