"""`banshi build`: validate, render and run MkDocs into a temporary folder, then swap it in."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from generator.check.verdict import Verdict, judge
from generator.load.project import load_project
from generator.search.site_check import check_site
from generator.site.plugin import BanshiPlugin


class SiteCheckFailed(Exception):
    """The built site failed a publication check (a non-search Meilisearch key in site/); the old site stays."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class BuildRefused(Exception):
    """Validation or the cross-record check found errors; nothing was built."""

    def __init__(self, verdict: Verdict) -> None:
        super().__init__("validation errors")
        self.verdict = verdict


@dataclass
class BuildReport:
    site_dir: Path
    records: int = 0
    items: int = 0
    pages: int = 0
    stages: dict[str, float] = field(default_factory=dict)


def swap_in(new_dir: Path, site_dir: Path) -> Path | None:
    """Replace site_dir by new_dir with two renames; the old site stays whole until then. Returns the old site's
    new path (to delete), if there was one."""
    old = site_dir.with_name(f".{site_dir.name}.old-{os.getpid()}")
    had_site = site_dir.exists() or site_dir.is_symlink()
    if had_site:
        os.replace(site_dir, old)
    os.replace(new_dir, site_dir)
    return old if had_site else None


def build_site(
    config_file: Path, site_dir: Path | None = None, progress: Callable[[str], None] = lambda s: None, verdict: Verdict | None = None
) -> BuildReport:
    """Build the site; `verdict` is the project already loaded, validated and checked, when the caller has one
    (`banshi run`), so nothing is read or judged twice."""
    config_file = config_file.resolve()
    root = config_file.parent
    report = BuildReport(site_dir=site_dir or root / "site")
    t0 = time.perf_counter()
    result = verdict or judge(load_project(root))
    report.stages["load+validate"] = time.perf_counter() - t0
    report.records, report.items = result.records, len(result.validation.items)
    progress(f"校验完成：{result.records} 条记录，{len(result.errors)} 个错误（{report.stages['load+validate']:.2f} 秒）")
    if result.errors:
        raise BuildRefused(result)
    site_dir = report.site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp_dir = site_dir.with_name(f".{site_dir.name}.building-{os.getpid()}")
    shutil.rmtree(tmp_dir, ignore_errors=True)
    config = load_config(str(config_file), site_dir=str(tmp_dir))
    plugin = config.plugins["banshi"]
    assert isinstance(plugin, BanshiPlugin)
    plugin.prepared = result
    t1 = time.perf_counter()
    try:
        mkdocs_build(config)
    except BaseException:
        shutil.rmtree(tmp_dir, ignore_errors=True)
        raise
    report.pages = plugin.pages
    report.stages["render"] = plugin.render_seconds
    report.stages["search index"] = plugin.search_index_seconds
    report.stages["pages (parallel)"] = plugin.bulk_seconds
    report.stages["mkdocs"] = time.perf_counter() - t1 - plugin.render_seconds - plugin.search_index_seconds - plugin.bulk_seconds
    progress(f"渲染 {plugin.pages} 个页面（{plugin.render_seconds:.2f} 秒），MkDocs 生成网站（{report.stages['mkdocs']:.2f} 秒）")
    t2 = time.perf_counter()
    check = check_site(tmp_dir)
    report.stages["key check"] = time.perf_counter() - t2
    for note in check.notes:
        progress(note)
    if check.problems:
        shutil.rmtree(tmp_dir, ignore_errors=True)
        raise SiteCheckFailed(check.problems)
    t3 = time.perf_counter()
    old = swap_in(tmp_dir, site_dir)
    report.stages["swap"] = time.perf_counter() - t3
    if old is not None:
        t4 = time.perf_counter()
        shutil.rmtree(old, ignore_errors=True)
        report.stages["remove old site"] = time.perf_counter() - t4
    return report
