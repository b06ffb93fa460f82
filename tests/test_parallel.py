"""generator/parallel.py: with the thresholds lowered to 1, forked workers give exactly the serial result.

The fixtures are far below the real thresholds (1,000 files, 400 pages, 2,000 exported items), so without this test the parallel paths
would never run under pytest. Each check runs in a fresh interpreter: fork_map (rightly) refuses to fork while other
threads run, and the pytest session may hold some (the browser tests' web servers). A counting wrapper around the
real os.fork proves that workers were forked.
"""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from tests.support import REPO


def isolated(body: str, *args: str) -> None:
    code = f"import sys; from tests.test_parallel import {body}; {body}(*sys.argv[1:])"
    proc = subprocess.run([sys.executable, "-c", code, *args], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def count_forks() -> list[int]:
    """Wrap the real os.fork (in this fresh process only) and return the list of the workers' pids."""
    from generator import parallel

    made: list[int] = []
    real_fork = os.fork

    def counting_fork() -> int:
        pid = real_fork()
        if pid:
            made.append(pid)
        return pid

    parallel.os.fork = counting_fork  # type: ignore[attr-defined]
    parallel.os.cpu_count = lambda: 3  # type: ignore[attr-defined]  # three shares even on a 2-core machine
    return made


def fork_map_body() -> None:
    from generator import parallel

    forks = count_forks()
    items = list(range(50))
    assert list(parallel.fork_map(lambda x: x * x, items, min_items=1)) == [x * x for x in items]
    assert len(forks) == 2

    def fail_on_last(x: int) -> int:
        if x == 49:
            raise ValueError("boom")
        return x

    try:
        list(parallel.fork_map(fail_on_last, items, min_items=1))
    except RuntimeError as exc:
        assert "并行子进程失败" in str(exc)
    else:
        raise AssertionError("a failing worker was not reported")

    beside_another_thread(forks, lambda: list(parallel.fork_map(lambda x: x + 1, [1, 2, 3], min_items=1)), [2, 3, 4])
    background_body(forks)


def beside_another_thread(forks: list[int], run: Callable[[], object], expected: object) -> None:
    """`run()` while a second thread runs gives `expected` without forking."""
    before = len(forks)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert run() == expected
    finally:
        stop.set()
        thread.join()
    assert len(forks) == before, "forked while another thread was running"


def background_body(forks: list[int]) -> None:
    """Background: the child's value comes back; a failing child is reported; no fork beside another thread."""
    from generator import parallel

    before = len(forks)
    assert parallel.Background(lambda: {"rows": 3}).result() == {"rows": 3}
    assert len(forks) == before + 1

    def boom() -> None:
        raise ValueError("boom")

    try:
        parallel.Background(boom).result()
    except RuntimeError as exc:
        assert "后台子进程失败" in str(exc)
    else:
        raise AssertionError("a failing background child was not reported")
    beside_another_thread(forks, lambda: parallel.Background(lambda: 7).result(), 7)


def record_loader_body(tmp: str) -> None:
    from generator.load import records
    from generator.load.files import record_files
    from tests.support import make_project

    forks = count_forks()
    project = make_project(Path(tmp) / "p")
    files = record_files(project)
    serial = [(x.file, x.record, x.findings) for x in records.load_records(project, files)]
    assert forks == []
    records.PARALLEL_FROM = 1
    forked = [(x.file, x.record, x.findings) for x in records.load_records(project, files)]
    assert forks and forked == serial


def page_writer_body(tmp: str) -> None:
    from generator.export import reuse, writer
    from generator.site import frame as bulk
    from tests.conftest import build_project_site
    from tests.support import make_project

    forks = count_forks()
    project = make_project(Path(tmp) / "p")
    serial = build_project_site(project, Path(tmp) / "serial")
    assert forks == []
    bulk.PARALLEL_FROM, bulk.PER_WORKER = 1, 1
    writer.PARALLEL_FROM, writer.PER_WORKER = 1, 1  # the open data export (items.json, CSV, national tables) too
    reuse.BACKGROUND_FROM = 1  # and the workbook, written beside the pages
    forked = build_project_site(project, Path(tmp) / "forked")
    assert forks
    differing: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str = "") -> None:
        differing.extend(prefix + name for name in cmp.diff_files + cmp.left_only + cmp.right_only)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(serial, forked))
    assert differing == [], differing


def test_fork_map_equals_serial_reports_failures_and_never_forks_with_threads() -> None:
    isolated("fork_map_body")


def test_record_loader_parallel_equals_serial(tmp_path: Path) -> None:
    isolated("record_loader_body", str(tmp_path))


def test_page_writer_open_data_export_and_workbook_parallel_equal_serial(tmp_path: Path) -> None:
    isolated("page_writer_body", str(tmp_path))


def test_a_freeze_lasts_to_the_outermost_block_and_survivors_freeze_only_inside_one() -> None:
    """A build freezes for its whole length; the forks inside it (fork_map, Background) freeze and unfreeze again,
    which must not release the build's freeze. Outside any block, freeze_survivors does nothing (a long-running
    `banshi serve` never keeps a build's objects from the collector after that build)."""
    import gc

    from generator.parallel import collector_frozen, fork_map, freeze_survivors

    gc.unfreeze()
    freeze_survivors()
    assert gc.get_freeze_count() == 0
    with collector_frozen():
        outer = gc.get_freeze_count()
        assert outer > 0
        kept = [object() for _ in range(10)], [[] for _ in range(1000)]
        freeze_survivors()
        assert gc.get_freeze_count() >= outer + 1000
        assert list(fork_map(lambda x: x * 2, list(range(40)), min_items=1, workers=2)) == [x * 2 for x in range(40)]
        assert gc.get_freeze_count() >= outer + 1000, "the fork's unfreeze left the build's freeze in place"
    assert gc.get_freeze_count() == 0
    del kept
