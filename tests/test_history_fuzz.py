"""Property-based fuzzing (hypothesis) of the history channel: random histories (random bytes, random text in a
record's values, 1.2 MB values, files in other departments' folders, renames, deletions, directory edits and any
commit date git accepts), then the tree restored to a valid one. The history must read, the feeds must parse, and
`banshi build` must finish with exit 0 or 1, never 2 and never a traceback (docs/history.md)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import feedparser
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator.export.feeds import write_feeds
from generator.history.changes import read_history
from generator.history.dates import MAX_MONTHS, end_of
from generator.validate.project import validate
from tests.support import DIBAO_COUNTY, FOOD_CITY, FOOD_COUNTY, MINI, make_project

RUNS = int(os.environ.get("BANSHI_FUZZ_RUNS", "25"))  # random histories read in-process
BUILD_RUNS = max(1, RUNS // 8)  # random histories built with `banshi build` in its own process
TODAY = dt.date(2026, 12, 1)
DIRECTORY = "items/_catalog/directory/000104001000.yaml"
SPOOF = f"items/410202/lt-scjgj/{Path(DIBAO_COUNTY).stem}.yaml"  # another department's code in lt-scjgj's folder
ODD_NAMES = ["items/410202/lt-scjgj/zz.yaml", 'items/410202/lt-scjgj/a\tb "c".yaml', "items/410202/lt-scjgj/x\ny.yaml", "items/x.yaml"]
TARGETS = [FOOD_COUNTY, DIBAO_COUNTY, FOOD_CITY, DIRECTORY, SPOOF, *ODD_NAMES]
# seconds since the epoch: 1970, the fixture's months, 2200, 9999-12-31 and a date no calendar holds
STAMPS = st.one_of(st.sampled_from([0, 1_789_000_000, 7_258_118_400, 253_402_214_400, 2**40]), st.integers(0, 2**35))

values = st.one_of(st.text(max_size=40), st.sampled_from(["长" * 400_000, "\u202e反转\ue000", "前\x01后", "<img src=x>"]))
contents = st.one_of(
    st.binary(max_size=300).map(lambda b: ("bytes", b)),
    st.tuples(st.sampled_from(["宋城路 56 号", "0371-22331002", "食品经营许可", "15"]), values).map(lambda t: ("value", t)),
)
operations = st.one_of(
    st.tuples(st.just("write"), st.sampled_from(TARGETS), contents),
    st.tuples(st.just("delete"), st.sampled_from(TARGETS), st.none()),
    st.tuples(st.just("rename"), st.sampled_from(TARGETS), st.sampled_from(TARGETS)),
)
ZONES = st.sampled_from(["+0000", "+0800", "-1200", "+1400"])
histories = st.lists(st.tuples(st.lists(operations, min_size=1, max_size=3), STAMPS, ZONES), min_size=1, max_size=5)


def git(repo: Path, *args: str, stamp: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    if stamp:
        env |= {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=False)


def apply(repo: Path, op: tuple) -> None:
    kind, target, arg = op
    path = repo / target
    if kind == "delete":
        path.unlink(missing_ok=True)
    elif kind == "rename" and path.is_file() and arg != target:
        (repo / arg).parent.mkdir(parents=True, exist_ok=True)
        path.replace(repo / arg)
    elif kind == "write":
        how, value = arg
        path.parent.mkdir(parents=True, exist_ok=True)
        if how == "bytes":
            path.write_bytes(value)
        else:
            old, new = value
            text = (path if path.is_file() else MINI / FOOD_COUNTY).read_bytes().decode("utf-8", "replace")
            path.write_text(text.replace(old, json.dumps(new, ensure_ascii=False)[1:-1]), encoding="utf-8")


def random_history(base: Path, history: list) -> Path:
    """The fixture committed, the random commits, and the fixture's tree restored (a build reads a valid tree)."""
    repo = make_project(base)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "first", stamp="@1789000000 +0800")
    for ops, stamp, zone in history:
        for op in ops:
            apply(repo, op)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "--allow-empty", "-m", "random", stamp=f"@{stamp} {zone}")  # git may refuse a date: then no commit
    git(repo, "rm", "-rq", "--ignore-unmatch", "items")
    first = git(repo, "rev-list", "--max-parents=0", "HEAD").stdout.split()[0]
    git(repo, "checkout", first, "--", "items")
    git(repo, "commit", "-q", "--allow-empty", "-m", "restore", stamp="@1790000000 +0800")
    return repo


FUZZ = settings(max_examples=RUNS, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], derandomize=True)


@FUZZ
@given(history=histories)
def test_any_history_reads_and_gives_valid_feeds(tmp_path_factory, history: list) -> None:
    repo = random_history(tmp_path_factory.mktemp("fuzz"), history)
    result = validate(repo)
    assert not result.errors, result.errors[:3]
    read = read_history(repo, result.items, result.catalog, today=TODAY)
    assert read.available, read.reason
    assert not [n for n in read.notes if "无法比较" in n], read.notes  # nothing reached the catch-all
    for kind in ("不符合规则", "晚于构建日期", "不在任何事项的位置上"):  # what the runs exercised (--hypothesis-show-statistics)
        event(f"{kind}: {any(kind in n for n in read.notes)}")
    touched = any(DIBAO_COUNTY in (op[1], op[2]) for ops, _, _ in history for op in ops)
    if not touched:  # only its own file speaks for an item: a spoof in lt-scjgj's folder never does
        assert [e.status for e in read.for_item(Path(DIBAO_COUNTY).stem)] == ["added"]
    latest = end_of(TODAY)
    assert all(e.when <= latest for es in read.by_code.values() for e in es)
    assert len(read.months) <= MAX_MONTHS and all(p.month < "2026-12" for p in read.months)
    site = tmp_path_factory.mktemp("feeds")
    write_feeds(site, read, result.items, result.catalog, "https://example.org/", "测试")
    for feed in (site / "feeds").rglob("*.xml"):
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, (feed.name, parsed.bozo_exception)


@settings(FUZZ, max_examples=BUILD_RUNS)
@given(history=histories)
def test_any_history_builds_with_exit_0_or_1(tmp_path_factory, history: list) -> None:
    repo = random_history(tmp_path_factory.mktemp("fuzz-build"), history)
    env = {**os.environ, "BANSHI_BUILD_DATE": TODAY.isoformat()}
    run = subprocess.run([str(Path(sys.executable).parent / "banshi"), "build"], cwd=repo, env=env, capture_output=True, text=True, check=False)
    assert run.returncode in (0, 1) and "Traceback" not in run.stderr, run.stderr[-3000:]
