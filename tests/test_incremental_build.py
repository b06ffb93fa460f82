"""Incremental builds are the same as full ones, byte for byte (generator/site/incremental.py).

The property test makes random sequences of edits to a git-tracked copy of the mini fixture (a changed limit or
date, a deleted record, a record added back, a record renamed, a directory item or a catalog entry changed),
commits two steps in three (the history is an input too; an uncommitted edit has none), updates one site
incrementally and builds another from scratch, and compares every file of the two. BANSHI_PROPERTY_RUNS sets how many sequences (default 6).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import working_dir
from tests.support import differences, make_project

RUNS = int(os.environ.get("BANSHI_PROPERTY_RUNS", "6"))
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}


@dataclass
class Catalog:
    """A git-tracked copy of the mini fixture and the edits made to it."""

    root: Path
    step: int = 0
    deleted: list[tuple[Path, str]] = field(default_factory=list)
    renamed: int = 0  # files renamed so far: each gets a name of its own, committed or not

    def git(self, *args: str) -> None:
        day = f"2026-11-{1 + self.step % 28:02d}T09:00:00+08:00"
        env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": day, "GIT_COMMITTER_DATE": day}
        subprocess.run(["git", *args], cwd=self.root, env=env, check=True, capture_output=True)

    def records(self) -> list[Path]:
        return sorted(p for p in (self.root / "items").glob("4*/*/*.yaml"))

    def commit(self, message: str) -> None:
        self.step += 1
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)

    def apply(self, op: tuple[str, int, int]) -> str:
        kind, index, value = op
        records = self.records()
        path = records[index % len(records)]
        text = path.read_text(encoding="utf-8")
        if kind == "limit":
            path.write_text(re.sub(r"(promised_time_limit: \{value: )\d+", rf"\g<1>{1 + value % 10}", text), encoding="utf-8")
        elif kind == "date":
            path.write_text(re.sub(r"^updated: .*$", f"updated: 2026-10-{1 + value % 28:02d}", text, flags=re.M), encoding="utf-8")
        elif kind == "delete" and len(records) > 1:
            self.deleted.append((path, text))
            path.unlink()
        elif kind == "restore" and self.deleted:
            old, saved = self.deleted.pop()
            old.write_text(saved, encoding="utf-8")
        elif kind == "rename":
            path.unlink()
            self.renamed += 1
            (path.parent / f"renamed-{self.renamed}.yaml").write_text(re.sub(r"^implementation_code: .*\n", "", text, flags=re.M), encoding="utf-8")
        elif kind == "directory":
            folder = self.root / "items" / "_catalog" / "directory"
            entry = sorted(folder.glob("*.yaml"))[index % 2]
            body = entry.read_text(encoding="utf-8")
            entry.write_text(re.sub(r"^(conditions:\n  - )", rf"\g<1>（第 {value} 版）", body, count=1, flags=re.M), encoding="utf-8")
        elif kind == "catalog":  # a region renamed: in the global digest, every page is rebuilt
            regions = self.root / "items" / "_catalog" / "regions.yaml"
            renamed = re.sub(r"name: 堌阳镇\S*", f"name: 堌阳镇{'（新）' if value % 2 else ''}", regions.read_text(encoding="utf-8"))
            regions.write_text(renamed, encoding="utf-8")
        if value % 3:  # a third of the edits are built uncommitted, as a clerk's local build is (no history entry)
            self.commit(f"{kind} {index} {value}")
        return kind


OPS = st.tuples(st.sampled_from(["limit", "date", "delete", "restore", "rename", "directory", "catalog"]), st.integers(0, 9), st.integers(0, 99))


def build(project: Path, site: Path, full: bool = False):  # type: ignore[no-untyped-def]
    from generator.site.build import build_site

    with working_dir(project):
        return build_site(project / "mkdocs.yml", site, full=full)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("incremental-base"))
    # as a project's own .gitignore does: what a build makes is never committed (a committed site/ is built in full)
    (project / ".gitignore").write_text("/site/\n/.banshi-cache/\n.banshi-build-*.lock\n/.site.*\n", encoding="utf-8")
    catalog = Catalog(project)
    catalog.git("init", "-q", "-b", "main")
    catalog.commit("catalog")
    build(project, project / "site")
    return project


STEPS: list[str] = []


@settings(max_examples=RUNS, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=st.lists(OPS, min_size=1, max_size=4))
@example(ops=[("rename", 0, 1), ("delete", 1, 2), ("restore", 0, 4), ("directory", 0, 5), ("catalog", 0, 7), ("limit", 2, 8), ("date", 3, 3)])
@example(ops=[("limit", 0, 68), ("rename", 5, 0), ("limit", 0, 0), ("rename", 0, 0)])  # two uncommitted renames (one name once)
def test_incremental_builds_equal_full_builds(base: Path, tmp_path_factory: pytest.TempPathFactory, ops: list[tuple[str, int, int]]) -> None:
    work = tmp_path_factory.mktemp("incremental")
    shutil.copytree(base, work / "p", symlinks=True)
    project = work / "p"
    catalog = Catalog(project, step=1)
    for number, op in enumerate(ops):
        kind = catalog.apply(op)
        report = build(project, project / "site")
        full_site = work / f"full-{number}"
        build(project, full_site, full=True)
        STEPS.append(kind + (" (rows copied)" if report.copied else ""))
        assert differences(project / "site", full_site) == [], f"after {ops[: number + 1]}"
        if kind != "catalog":  # a catalog entry is in the global digest: everything is rebuilt
            assert report.incremental is not None and report.kept > 0, f"{kind} made a full build"


def test_report_property_runs() -> None:
    """How many edit steps the property test compared (shown with -s; the closing note quotes it)."""
    print(f"incremental property test: {len(STEPS)} steps compared", {k: STEPS.count(k) for k in sorted(set(STEPS))})


def test_an_unchanged_catalog_keeps_every_keyed_page_and_writes_nothing(base: Path, tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(base, project, symlinks=True)
    report = build(project, project / "site")
    assert report.incremental is not None
    assert (report.incremental.added, report.incremental.replaced, report.incremental.removed) == (0, 0, 0)
    assert report.kept > 0


def test_a_template_change_or_a_missing_manifest_makes_a_full_build(base: Path, tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(base, project, symlinks=True)
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(text.replace("site_name:", "site_description: 变更\nsite_name:", 1), encoding="utf-8")
    assert build(project, project / "site").incremental is None
    assert build(project, project / "site").incremental is not None
    (project / "site" / ".banshi-manifest.json").unlink()  # as a build stopped halfway leaves it
    assert build(project, project / "site").incremental is None


def test_a_deleted_record_loses_its_pages_and_a_file_put_into_the_site_makes_a_full_build(base: Path, tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(base, project, symlinks=True)
    catalog = Catalog(project, step=1)
    catalog.apply(("delete", 0, 1))
    code = re.search(r"^implementation_code: (\S+)", catalog.deleted[0][1], flags=re.M)
    assert code is not None and list((project / "site" / "items").glob(f"*/{code.group(1)}/index.html"))
    report = build(project, project / "site")
    assert report.incremental is not None and report.incremental.removed >= 3  # the page, its 材料清单 and its data
    assert not list((project / "site" / "items").glob(f"*/{code.group(1)}"))
    planted = project / "site" / "planted.html"
    planted.write_text("<p>不是 Banshi 生成的</p>", encoding="utf-8")
    assert build(project, project / "site").incremental is None
    assert not planted.exists()


def test_why_history_is_unavailable_is_an_input_of_every_item_page(base: Path, tmp_path: Path) -> None:
    """Without history the item pages say why; when the reason changes (no git repository -> a repository without
    commits) and no item's own history does, the incremental site must still say the new reason."""
    project = tmp_path / "p"
    shutil.copytree(base, project, symlinks=True)
    shutil.rmtree(project / ".git")
    build(project, project / "site")
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    report = build(project, project / "site")
    build(project, tmp_path / "full", full=True)
    assert report.incremental is not None
    assert differences(project / "site", tmp_path / "full") == []


def test_a_second_build_into_the_same_folder_waits_for_the_first(base: Path, tmp_path: Path) -> None:
    """Builds into one site folder take turns: while another holds the folder's lock, a build says it waits and does
    not touch the site; it goes on, incrementally, once the lock is released."""
    import fcntl
    import sys

    from tests.support import REPO

    project = tmp_path / "p"
    shutil.copytree(base, project, symlinks=True)
    lock = project / ".banshi-build-site.lock"
    with open(lock, "a", encoding="utf-8") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        proc = subprocess.Popen(
            [sys.executable, "-m", "generator.cli", "build"],
            cwd=project,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stderr is not None
        for line in proc.stderr:  # the build reports that it waits, then blocks on the lock
            if "等它完成后继续" in line:
                break
        else:
            raise AssertionError("the build did not wait for the lock")
        assert proc.poll() is None
        fcntl.flock(held, fcntl.LOCK_UN)
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0 and "增量更新" in out, out


def test_a_site_committed_to_git_is_not_built_upon(base: Path, tmp_path: Path) -> None:
    """A pull request that force-adds site/ (a forged page and a manifest that vouches for it) gets a full build, which
    replaces the forged page: what is published never comes from the repository's copy of a build."""
    project = tmp_path / "p"
    shutil.copytree(base, project, symlinks=True)
    page = next((project / "site" / "items").glob("*/*/index.html"))
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", "<p>FORGED</p></main>", 1), encoding="utf-8")
    catalog = Catalog(project, step=2)
    catalog.git("add", "-f", "site")
    catalog.git("commit", "-qm", "a site, committed")
    report = build(project, project / "site")
    assert report.incremental is None
    assert "FORGED" not in page.read_text(encoding="utf-8")


def items_in(site: Path) -> int:
    return len(list((site / "items").glob("*/*/index.json")))


def test_a_changed_record_copies_every_other_items_open_data_rows(base: Path, tmp_path: Path) -> None:
    """The open data of an incremental build: the changed item's rows made again, every other item's copied from the
    live site's files (generator/export/fragments.py), and every file the same as a full build's."""
    project = tmp_path / "p"
    shutil.copytree(base, project, symlinks=True)
    catalog = Catalog(project, step=1)
    catalog.apply(("limit", 3, 7))  # committed: 7 % 3
    report = build(project, project / "site")
    build(project, tmp_path / "full", full=True)
    assert report.incremental is not None
    assert report.copied == items_in(project / "site") - 1
    assert differences(project / "site", tmp_path / "full") == []


def test_open_data_changed_by_hand_is_not_copied_from(base: Path, tmp_path: Path) -> None:
    """A byte of a live open-data file changed outside a build (same size): the index no longer describes it, so
    nothing is copied from it; every item is exported again and the file is the full build's once more."""
    project = tmp_path / "p"
    shutil.copytree(base, project, symlinks=True)
    live = project / "site" / "data" / "materials.csv"
    data = bytearray(live.read_bytes())
    at = data.index(b",", len(data) // 2)
    data[at] = ord(";")
    live.write_bytes(bytes(data))
    catalog = Catalog(project, step=1)
    catalog.apply(("limit", 4, 7))
    report = build(project, project / "site")
    build(project, tmp_path / "full", full=True)
    assert report.incremental is not None and report.copied == 0
    assert differences(project / "site", tmp_path / "full") == []


def test_an_export_index_committed_to_git_is_not_used(base: Path, tmp_path: Path) -> None:
    """Like the parse cache, the export index is never taken from the repository: a committed one is ignored."""
    project = tmp_path / "p"
    shutil.copytree(base, project, symlinks=True)
    catalog = Catalog(project, step=2)
    catalog.git("add", "-f", ".banshi-cache/export")
    catalog.git("commit", "-qm", "an export index, committed")
    catalog.apply(("limit", 5, 7))
    report = build(project, project / "site")
    build(project, tmp_path / "full", full=True)
    assert report.incremental is not None and report.copied == 0
    assert differences(project / "site", tmp_path / "full") == []


def test_a_build_stopped_before_its_site_is_applied_leaves_the_export_index_of_the_live_site(base: Path, tmp_path: Path) -> None:
    """The export index is staged and becomes the live folder's only when the site is applied: a build refused at the
    last step (here the key check, which finds the master key pasted into a record) leaves the index of the files
    still live, so the next build copies every other item's rows from them (before December's eighth pass it copied
    none: the refused build's index described files that never went live)."""
    from generator.search.site_config import SearchSettings
    from generator.site.build import SiteCheckFailed, build_site

    project = tmp_path / "p"
    shutil.copytree(base, project, symlinks=True)
    catalog = Catalog(project, step=3)
    master = "bs-master-0123456789abcdef"
    record = catalog.records()[2]
    original = record.read_text(encoding="utf-8")
    assert "window: 综合受理窗口" in original
    record.write_text(original.replace("window: 综合受理窗口", f"window: 综合受理窗口 {master}", 1), encoding="utf-8")
    catalog.commit("a key pasted into a record")
    with working_dir(project), pytest.raises(SiteCheckFailed):
        build_site(project / "mkdocs.yml", project / "site", search=SearchSettings(master_key=master))
    record.write_text(original, encoding="utf-8")
    catalog.commit("the key taken out again")
    catalog.apply(("limit", 4, 7))  # another record (4 % 4 records), committed: 7 % 3
    report = build(project, project / "site")
    build(project, tmp_path / "full", full=True)
    assert report.incremental is not None
    assert report.copied == items_in(project / "site") - 2  # both records' history changed: all the others copied
    assert differences(project / "site", tmp_path / "full") == []
    assert not list((project / ".banshi-cache" / "export").glob("*.next.bin"))


def test_a_changed_record_changes_the_keys_of_its_own_pages_and_its_neighbours_not_its_whole_group(tmp_path: Path) -> None:
    """An item page reads its own item, the same item in the region's ancestors and direct children
    (Site.related_tiers) and how many items implement its directory item; so a county's changed limit changes the keys
    of its page, 材料清单 and open data, and of its neighbours' pages, but not those of the same item in the other
    counties (at 100k, keying by the whole group re-rendered about 12,700 pages for a 5-record change)."""
    from generator.address import paths
    from generator.check.verdict import judge
    from generator.model.item import Item
    from generator.model.schedule import build_date
    from generator.render.inputs import data_file, page_keys
    from generator.render.pages import Site, checklist_file
    from generator.validate.loading import load_project

    project = make_project(tmp_path / "p", source=Path(__file__).resolve().parents[1])

    def keys_and_site() -> tuple[dict[str, str], Site]:
        result = judge(load_project(project))
        site = Site(result.validation.catalog, list(result.validation.items), result.report)
        return page_keys(site, build_date()), site

    before, site = keys_and_site()

    def others(item: Item) -> list[Item]:
        return [i for i in site.by_basic[item.basic_code] if i is not item and i not in site.related_tiers(item)]

    changed = next(i for i in site.items if i.level == "县" and i.record.promised_time_limit and site.related_tiers(i) and others(i))
    neighbours, elsewhere = site.related_tiers(changed), others(changed)
    record = project / changed.file
    text, count = re.subn(r"(promised_time_limit:\s*\{?\s*value: )(\d+)", lambda m: f"{m.group(1)}{int(m.group(2)) + 1}", record.read_text(encoding="utf-8"))
    assert count == 1
    record.write_text(text, encoding="utf-8")
    after, _ = keys_and_site()
    differs = {page for page in before if before[page] != after.get(page)}
    page = paths.item_page(changed)
    assert {page, checklist_file(page), data_file(changed)} <= differs
    assert {paths.item_page(n) for n in neighbours} <= differs
    assert not {paths.item_page(o) for o in elsewhere} & differs
    assert not {checklist_file(paths.item_page(o)) for o in elsewhere + neighbours} & differs
