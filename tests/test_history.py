"""变更记录, feeds and monthly figures from a fixture git repository with known commits; shallow and no-git builds."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from pathlib import Path

import feedparser
import pytest

from generator.history.changes import read_history
from generator.validate.project import validate
from tests.support import DIBAO_COUNTY, FOOD_CITY, FOOD_COUNTY, make_project

TOWNSHIP = "items/410225101/lk-gyz/11410225MB0A4444155000502001000.yaml"
DATES = {"first": "2026-09-15T10:00:00+08:00", "second": "2026-10-20T09:30:00+08:00", "third": "2026-11-05T16:00:00+08:00"}


def code_of(path: str) -> str:
    return Path(path).stem


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "测试", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def edit(repo: Path, path: str, old: str, new: str) -> None:
    file = repo / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def history_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three commits: everything added; a changed limit and address plus a new 免提交; a township record deleted."""
    repo = make_project(tmp_path_factory.mktemp("history") / "repo")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "first", date=DATES["first"])
    edit(repo, FOOD_COUNTY, "promised_time_limit: {value: 15, unit: 工作日}", "promised_time_limit: {value: 10, unit: 工作日}")
    edit(repo, FOOD_COUNTY, "宋城路 56 号", "宋城路 88 号")
    edit(repo, DIBAO_COUNTY, "consult:", "exempt_materials:\n  - name: 居民身份证\n    reason: 通过电子证照库共享获取\n    source: 省电子证照库\nconsult:")
    git(repo, "commit", "-q", "-am", "second", date=DATES["second"])
    git(repo, "rm", "-q", TOWNSHIP)
    git(repo, "commit", "-q", "-m", "third", date=DATES["third"])
    return repo


def test_history_lists_exactly_the_committed_changes(history_repo: Path) -> None:
    result = validate(history_repo)
    history = read_history(history_repo, result.items, result.catalog, today=dt.date(2026, 12, 1))
    assert history.available and history.commits == 3
    summary = {code: [(e.when.date().isoformat(), e.status) for e in entries] for code, entries in history.by_code.items()}
    assert summary == {
        code_of(FOOD_CITY): [("2026-09-15", "added")],
        code_of(FOOD_COUNTY): [("2026-10-20", "changed"), ("2026-09-15", "added")],
        code_of(DIBAO_COUNTY): [("2026-10-20", "changed"), ("2026-09-15", "added")],
        code_of(TOWNSHIP): [("2026-11-05", "removed"), ("2026-09-15", "added")],
    }
    food = history.for_item(code_of(FOOD_COUNTY))[0].lines
    assert {line.split(":")[0].split("「")[0] for line in food} == {"承诺时限", "办理地点和时间"}  # nothing else changed
    assert any("承诺时限" in line and "15" in line and "10" in line for line in food)
    assert any("办理地点" in line and "88" in line for line in food)
    dibao = history.for_item(code_of(DIBAO_COUNTY))[0].lines
    assert len(dibao) == 1 and "免提交" in dibao[0] and "居民身份证" in dibao[0]
    assert history.last_change(code_of(FOOD_COUNTY)) == dt.date(2026, 10, 20)
    assert history.last_change(code_of(FOOD_CITY)) == dt.date(2026, 9, 15)
    # figures at each month's end
    months = {p.month: p.total for p in history.months}
    assert list(months) == ["2026-09", "2026-10", "2026-11"]
    assert [months[m].items for m in months] == [4, 4, 3]
    assert [months[m].exempt for m in months] == [0, 1, 1]
    assert months["2026-09"].compression != months["2026-10"].compression  # the shorter promised limit


def test_build_shows_the_history_on_pages_and_in_feeds(history_repo: Path, build_site_of, tmp_path: Path) -> None:
    site = build_site_of(history_repo, tmp_path / "site")
    page = (site / "items" / "410202" / code_of(FOOD_COUNTY) / "index.html").read_text(encoding="utf-8")
    changes = page.split('id="changes"')[1].split("bs-page-foot")[0]
    assert changes.count("<time") == 2 and "2026 年 10 月 20 日" in changes and "宋城路 88 号" in changes
    assert '最近更新：<time datetime="2026-10-20">' in page
    data = json.loads((site / "items" / "410202" / code_of(FOOD_COUNTY) / "index.json").read_text(encoding="utf-8"))
    assert data["last_changed"] == "2026-10-20" and data["updated"] == "2026-10-12"
    feed = feedparser.parse((site / "feeds" / "all.xml").read_bytes())
    assert not feed.bozo
    assert len(feed.entries) == 7  # 4 added, 2 changed, 1 removed
    newest = feed.entries[0]
    assert newest.title == "最低生活保障 · 堌阳镇：事项删除"
    assert newest.updated.startswith("2026-11-05")
    region = feedparser.parse((site / "feeds" / "regions" / "410202.xml").read_bytes())
    assert [e.title.split("：")[1] for e in region.entries][-1] == "新增事项" and len(region.entries) == 2
    progress = json.loads((site / "data" / "progress.json").read_text(encoding="utf-8"))
    assert progress["history_available"] and [m["month"] for m in progress["months"]][:3] == ["2026-09", "2026-10", "2026-11"]


def test_shallow_clone_and_no_git_build_and_say_history_is_unavailable(history_repo: Path, build_site_of, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{history_repo}", str(shallow)], check=True, capture_output=True)
    result = validate(shallow)
    history = read_history(shallow, result.items, result.catalog)
    assert not history.available and "浅克隆" in history.reason
    site = build_site_of(shallow, tmp_path / "site-shallow")
    page = (site / "items" / "410202" / code_of(FOOD_COUNTY) / "index.html").read_text(encoding="utf-8")
    assert "变更历史暂不可用" in page and "浅克隆" in page
    assert "变更历史暂不可用" in (site / "progress" / "index.html").read_text(encoding="utf-8")
    assert feedparser.parse((site / "feeds" / "all.xml").read_bytes()).entries == []
    plain = make_project(tmp_path / "plain")  # a copy outside any git repository
    result = validate(plain)
    assert "不是 git 仓库" in read_history(plain, result.items, result.catalog).reason
