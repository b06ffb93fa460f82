"""Git history is untrusted input: each reproduction of the security review (S1, S2, S4, S5) replayed in a temporary
repository and built with `banshi build`; feeds carry only what the item page publishes, a directory change once."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

from generator.export import feeds as feeds_module
from generator.export.feeds import write_feeds
from generator.history.changes import Entry, History, read_history
from generator.history.versions import DIRECTORY_NOT_ON_PAGE, NOT_LISTED, RECORD_NOT_ON_PAGE
from generator.model.schedule import CHINA
from generator.validate.project import validate
from tests.support import DIBAO_COUNTY, FOOD_CITY, FOOD_COUNTY, REPO, edit, make_project
from tests.test_history import git

FIRST = "2026-09-15T10:00:00+08:00"
LATER = "2026-10-20T09:30:00+08:00"
BUILD_DATE = "2026-12-01"
NOTE = "phone: 0371-22331002\ncomplaint:"  # the end of FOOD_COUNTY's consult block: a consult.note goes before it


def code_of(path: str) -> str:
    return Path(path).stem


def page_of(site: Path, path: str) -> str:
    region = path.split("/")[1]
    return (site / "items" / region / code_of(path) / "index.html").read_text(encoding="utf-8")


def changes_of(page: str) -> str:
    return page.split('id="changes"')[1].split("bs-page-foot")[0]


def feeds(site: Path) -> dict[str, str]:
    return {p.relative_to(site / "feeds").as_posix(): p.read_text(encoding="utf-8") for p in sorted((site / "feeds").rglob("*.xml"))}


def new_repo(tmp_path: Path) -> Path:
    repo = make_project(tmp_path / "repo")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "first", date=FIRST)
    return repo


def commit_and_revert(repo: Path, path: str, old: str, new: str) -> None:
    edit(repo, path, old, new)
    git(repo, "commit", "-q", "-am", "bad", date=LATER)
    git(repo, "revert", "--no-edit", "HEAD", date=LATER)


def build(repo: Path) -> tuple[int, str, Path]:
    """`banshi build` as its own process: the real exit code, and its stderr as a maintainer sees it."""
    env = {**os.environ, "BANSHI_BUILD_DATE": BUILD_DATE}
    run = subprocess.run([str(Path(sys.executable).parent / "banshi"), "build"], cwd=repo, env=env, capture_output=True, text=True, check=False)
    assert "Traceback" not in run.stderr and "内部错误" not in run.stderr, run.stderr[-3000:]
    return run.returncode, run.stderr, repo / "site"


def test_control_character_in_a_reverted_commit_is_marked_and_the_build_passes(tmp_path: Path) -> None:
    """S1: `note: "前\\x01后"` committed then reverted crashed every later build in the feed writer (exit 2)."""
    repo = new_repo(tmp_path)
    commit_and_revert(repo, FOOD_COUNTY, NOTE, 'phone: 0371-22331002\n  note: "前\\x01后"\ncomplaint:')
    code, err, site = build(repo)
    assert code == 0, err
    changes = changes_of(page_of(site, FOOD_COUNTY))
    assert changes.count("<time") == 3 and NOT_LISTED in changes and "本版本起重新符合规则" in changes
    for name, text in feeds(site).items():
        assert "\x01" not in text and not feedparser.parse(text.encode()).bozo, name
    county = feedparser.parse(feeds(site)["regions/410202.xml"].encode())
    assert [e.title for e in county.entries][:2] == ["食品经营许可 · 龙亭区：本版本起重新符合规则", f"食品经营许可 · 龙亭区：{NOT_LISTED}"]
    assert "U+0001" in err and "前\x01后" not in err  # the maintainer sees why on stderr, the value is not echoed


def test_a_commit_dated_9999_is_clamped_and_reported(tmp_path: Path) -> None:
    """S2: one commit dated 9999-12-31 made progress.json 185 MB and the page say 最近更新：9999 年 12 月 31 日."""
    repo = new_repo(tmp_path)
    edit(repo, FOOD_COUNTY, "updated: 2026-10-12", "updated: 2026-10-13")
    edit(repo, FOOD_COUNTY, "宋城路 56 号", "宋城路 88 号")
    git(repo, "commit", "-q", "-am", "future", date="@253402214400 +0000")
    code, err, site = build(repo)
    assert code == 0, err
    page = page_of(site, FOOD_COUNTY)
    assert "9999" not in page and f'最近更新：<time datetime="{BUILD_DATE}">' in page
    assert all("9999" not in text for text in feeds(site).values())
    progress = site / "data" / "progress.json"
    months = [m["month"] for m in json.loads(progress.read_text(encoding="utf-8"))["months"]]
    assert months == ["2026-09", "2026-10", "2026-11"] and progress.stat().st_size < 20_000
    assert "9999-12-31" in err and f"晚于构建日期 {BUILD_DATE}" in err


def test_a_file_in_one_departments_folder_cannot_announce_another_departments_item_deleted(tmp_path: Path) -> None:
    """S4: a file in lt-scjgj's folder claiming 兰考县民政局's code, added then removed, wrote 事项删除 on its page."""
    repo = new_repo(tmp_path)
    victim = code_of(DIBAO_COUNTY)
    text = (repo / FOOD_COUNTY).read_text(encoding="utf-8").replace(code_of(FOOD_COUNTY), victim)
    spoofs = ["items/410202/lt-scjgj/zz-temp.yaml", f"items/410202/lt-scjgj/{victim}.yaml", f"items/410225/lt-scjgj/{victim}.yaml"]
    for spoof in spoofs:
        (repo / spoof).parent.mkdir(parents=True, exist_ok=True)
        (repo / spoof).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "add", date=LATER)
    git(repo, "rm", "-q", *spoofs)
    git(repo, "commit", "-q", "-m", "rm", date=LATER)
    code, err, site = build(repo)
    assert code == 0, err
    assert changes_of(page_of(site, DIBAO_COUNTY)).count("<time") == 1  # 新增事项 only
    assert "事项删除" not in page_of(site, DIBAO_COUNTY)
    for name, feed in feeds(site).items():
        assert "事项删除" not in feed, name
    assert [e.updated[:10] for e in feedparser.parse(feeds(site)["regions/410225.xml"].encode()).entries] == [FIRST[:10]]
    result = validate(repo)
    history = read_history(repo, result.items, result.catalog, today=dt.date(2026, 12, 1))
    assert [e.status for e in history.for_item(victim)] == ["added"]
    assert sum("不在任何事项的位置上" in n for n in history.notes) == 2 * len(spoofs)


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ('"\\u202eLIAME\\ue000标记\\ue001 请加微信 wx-scam-123 办理"', "wx-scam-123"),  # bidi override, private use
        ('"' + "长" * 1_000_000 + '"', "长" * 1000),  # a 3 MB file, over the 1000 KB cap
    ],
    ids=["bidi-private-use", "3MB"],
)
def test_refused_content_of_an_old_version_reaches_no_page_or_feed(tmp_path: Path, value: str, found: str) -> None:
    """S5: old versions bypassed the text rules and the size cap."""
    repo = new_repo(tmp_path)
    commit_and_revert(repo, FOOD_COUNTY, NOTE, f"phone: 0371-22331002\n  note: {value}\ncomplaint:")
    code, err, site = build(repo)
    assert code == 0, err
    page = page_of(site, FOOD_COUNTY)
    assert found not in page and NOT_LISTED in changes_of(page)
    for name, text in feeds(site).items():
        assert found not in text and not re.search("[\u202e\ue000\ue001]", text), name
    assert max(p.stat().st_size for p in site.rglob("*") if p.is_file()) < 2_000_000


def test_feeds_carry_no_change_to_an_unpublished_field(tmp_path: Path) -> None:
    repo = new_repo(tmp_path)
    edit(repo, FOOD_COUNTY, "updated: 2026-10-12", "updated: 2026-10-30")
    edit(repo, FOOD_COUNTY, "case_type:", "keywords: [小餐饮]\ncase_type:")
    edit(repo, "items/_catalog/directory/000104001000.yaml", "keywords: [开饭店, 开超市]", "keywords: [开饭店]")
    git(repo, "commit", "-q", "-am", "unpublished only", date=LATER)
    code, err, site = build(repo)
    assert code == 0, err
    assert all(len(feedparser.parse(t.encode()).entries) in (0, 1, 2, 4) for t in feeds(site).values())
    assert len(feedparser.parse(feeds(site)["all.xml"].encode()).entries) == 4  # the four additions, nothing else
    assert changes_of(page_of(site, FOOD_COUNTY)).count("<time") == 1


def test_the_item_page_shows_none_of_the_fields_history_leaves_out() -> None:
    """The unpublished lists follow the item page: a field the page starts to show must leave them."""
    pages = REPO / "site_templates" / "pages"
    template = "".join((pages / name).read_text(encoding="utf-8") for name in ("item.html.j2", "_summary.html.j2", "_macros.html.j2"))
    for name in (*RECORD_NOT_ON_PAGE, *DIRECTORY_NOT_ON_PAGE):
        assert not re.search(rf"\.{name}\b", template), name


def test_one_directory_change_is_one_feed_entry_naming_its_regions(tmp_path: Path) -> None:
    repo = new_repo(tmp_path)
    edit(repo, "items/_catalog/directory/000104001000.yaml", "有效期为 5 年。", "有效期为 5 年，期满前 30 个工作日申请延续。")
    git(repo, "commit", "-q", "-am", "directory", date=LATER)
    code, err, site = build(repo)
    assert code == 0, err
    for path in (FOOD_CITY, FOOD_COUNTY):  # each implementation's page lists the change
        assert "基本目录调整（各地同步）" in changes_of(page_of(site, path)) and "期满前 30 个工作日" in page_of(site, path)
    entries = feedparser.parse(feeds(site)["all.xml"].encode()).entries
    directory = [e for e in entries if "基本目录调整" in e.title]
    assert [e.title for e in directory] == ["食品经营许可：基本目录调整（2 个地区）"]
    assert "涉及地区：开封市、龙亭区" in directory[0].summary and directory[0].link.endswith("/services/000104001000/")
    for region in ("410200", "410202"):
        titles = [e.title for e in feedparser.parse(feeds(site)[f"regions/{region}.xml"].encode()).entries]
        assert titles.count("食品经营许可：基本目录调整（2 个地区）") == 1


def feed_of(tmp_path: Path, lines: tuple[str, ...]) -> feedparser.FeedParserDict:
    """all.xml for a history of one valid addition and one change with the given lines (made by hand, as no history
    read from git can give them), for FOOD_COUNTY of the mini fixture."""
    repo = make_project(tmp_path / "repo")
    result = validate(repo)
    history = History(available=True)
    when = dt.datetime(2026, 10, 20, 9, 30, tzinfo=CHINA)
    code = code_of(FOOD_COUNTY)
    history.by_code[code] = [Entry(when, "b" * 40, code, "changed", "食品经营许可 · 龙亭区", lines), Entry(when, "a" * 40, code, "added", "x")]
    write_feeds(tmp_path / "site", history, result.items, result.catalog, "https://example.org/", "测试")
    return feedparser.parse((tmp_path / "site" / "feeds" / "all.xml").read_bytes())


def test_the_feed_writer_drops_what_xml_cannot_carry_and_caps_lengths(tmp_path: Path) -> None:
    feed = feed_of(tmp_path, ("前\x01后\u202e\ue000", "长" * 10_000))
    assert not feed.bozo and len(feed.entries) == 2
    content = feed.entries[0].content[0].value
    assert "前后" in content and not re.search("[\x01\u202e\ue000]", content) and content.count("长") == 2000


def test_an_entry_the_feed_writer_still_refuses_costs_that_entry_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feeds_module, "xml_text", lambda value, limit=0: value)  # as if the sanitiser missed a character
    feed = feed_of(tmp_path, ("前\x01后",))
    assert not feed.bozo and [e.title for e in feed.entries] == [feeds_module.UNSHOWN, "x：新增事项"]
