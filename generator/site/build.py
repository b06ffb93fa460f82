"""`banshi build`: validate, render and run MkDocs into a temporary folder, check it, then swap it in.

Configuration comes in (SearchSettings, read from the environment by the CLI); the figures go out in the
returned BuildReport (the plugin fills the BuildStats it is handed). Where the site may be written and how it
is swapped in: generator/site/swap.py.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.exceptions import MkDocsException

from generator.address.apply_link import ApplyConfigError
from generator.check.verdict import Verdict, judge
from generator.load.tracked import tracked_under
from generator.parallel import collector_frozen, freeze_survivors
from generator.search.site_check import check_site, verify_search_key
from generator.search.site_config import PublicSearchConfig, SearchSettings
from generator.site.config import ConfigRefused, read_config
from generator.site.incremental import Applied, BuildPlan, apply, one_build_at_a_time
from generator.site.manifest import read_manifest, write_manifest
from generator.site.plugin import BanshiPlugin, BuildStats
from generator.site.swap import SiteDirRefused, check_target, discard, new_build_dir, remove_stale, swap_in
from generator.validate.loading import load_project

__all__ = ["BuildRefused", "BuildReport", "ConfigRefused", "SiteCheckFailed", "SiteDirRefused", "build_site"]


class SiteCheckFailed(Exception):
    """The search key or the built site failed a publication check; the old site stays."""

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
    search: PublicSearchConfig = field(default_factory=PublicSearchConfig)
    stages: dict[str, float] = field(default_factory=dict)
    incremental: Applied | None = None  # None: a full build, swapped in whole
    kept: int = 0  # pages an incremental build kept from the live site
    copied: int = 0  # items whose open-data rows an incremental build copied from the live site's files


def build_site(
    config_file: Path,
    site_dir: Path | None = None,
    search: SearchSettings | None = None,
    progress: Callable[[str], None] = lambda s: None,
    judged: Verdict | None = None,
    full: bool = False,
    shard: tuple[int, int] | None = None,
) -> BuildReport:
    """Build the site; `judged` is the project already loaded, validated and checked when the caller has one
    (`banshi run`), so nothing is read or judged twice. When the site folder holds the manifest of a build with the
    same code, templates, configuration and catalog, only what changed is rendered and replaced
    (generator/site/incremental.py); `full` always builds everything and swaps it in. `shard` (K, N) builds shard K's
    pages only (generator/site/shards.py), for `banshi merge`."""
    config_file = config_file.resolve()
    root = config_file.parent
    target = Path(site_dir) if site_dir is not None else root / "site"
    config = read_config(config_file, site_dir=target.parent / f".{target.name}.building-check")
    protected = [Path(config.docs_dir)] + ([Path(config.theme.custom_dir)] if config.theme.custom_dir else [])
    target = check_target(target, root, protected)  # SiteDirRefused before any work
    with one_build_at_a_time(target, progress), collector_frozen():  # the long-lived model, out of the collector's way
        return _build(config_file, root, target, search, progress, judged, full, shard)


def _build(
    config_file: Path,
    root: Path,
    target: Path,
    search: SearchSettings | None,
    progress: Callable[[str], None],
    judged: Verdict | None,
    full: bool,
    shard: tuple[int, int] | None,
) -> BuildReport:
    report = BuildReport(site_dir=target)
    for stale in remove_stale(target):
        progress(f"已删除上次中断的构建留下的临时目录 {stale.name}")
    t0 = time.perf_counter()
    result = judged or judge(load_project(root))
    freeze_survivors()  # the catalog lives to the end of the build (generator/parallel.py)
    report.stages["load+validate"] = time.perf_counter() - t0
    report.records, report.items = result.records, len(result.validation.items)
    progress(f"校验完成：{result.records} 条记录，{len(result.blocking)} 个错误（{report.stages['load+validate']:.2f} 秒）")
    if result.blocking:
        raise BuildRefused(result)
    t_key = time.perf_counter()
    verdict = verify_search_key(search or SearchSettings())
    report.stages["key verification"] = time.perf_counter() - t_key
    for note in verdict.notes:
        progress(note)
    if verdict.problems:
        raise SiteCheckFailed(verdict.problems)
    report.search = verdict.public
    tmp_dir = new_build_dir(target)
    try:
        config = read_config(config_file, site_dir=tmp_dir)
    except ConfigRefused:
        shutil.rmtree(tmp_dir, ignore_errors=True)
        raise
    plugin = config.plugins["banshi"]
    assert isinstance(plugin, BanshiPlugin)
    try:
        plugin.checked_links()
    except ApplyConfigError as exc:
        shutil.rmtree(tmp_dir, ignore_errors=True)
        raise ConfigRefused(f"mkdocs.yml 的 banshi 配置错误：{exc}") from None
    stats = BuildStats()
    previous = None if full or shard else read_manifest(target)
    if previous is not None and tracked_under(root, target):  # a committed site is not one a build made
        progress(f"提示：{target.name}/ 中有纳入 git 的文件，不能据此增量构建；本次完整生成，并替换整个目录")
        previous = None
    plan = BuildPlan(previous, target, shard=shard)
    plugin.configure(prepared=result, search=verdict.public, stats=stats, plan=plan)
    t1 = time.perf_counter()
    try:
        mkdocs_build(config)
    except MkDocsException as exc:  # a configuration error the plugin found (PluginError, in Chinese)
        shutil.rmtree(tmp_dir, ignore_errors=True)
        raise ConfigRefused(str(exc)) from None
    except BaseException:
        shutil.rmtree(tmp_dir, ignore_errors=True)
        raise
    report.pages, report.copied = stats.pages, stats.open_data_copied
    report.stages["render"] = stats.render_seconds
    report.stages["history"] = stats.history_seconds
    report.stages["open data + feeds"] = stats.open_data_seconds
    report.stages["search index"] = stats.search_index_seconds
    report.stages["pages (parallel)"] = stats.bulk_seconds
    own = stats.render_seconds + stats.search_index_seconds + stats.bulk_seconds + stats.history_seconds + stats.open_data_seconds
    report.stages["mkdocs"] = time.perf_counter() - t1 - own
    progress(f"渲染 {stats.pages} 个页面（{stats.render_seconds:.2f} 秒），MkDocs 生成网站（{report.stages['mkdocs']:.2f} 秒）")
    t2 = time.perf_counter()
    check = check_site(tmp_dir, verdict.secrets)
    report.stages["key check"] = time.perf_counter() - t2
    if check.problems:
        shutil.rmtree(tmp_dir, ignore_errors=True)
        raise SiteCheckFailed(check.problems)
    t3 = time.perf_counter()
    manifest = plan.manifest(tmp_dir)
    if plan.reuse is not None and plan.previous is not None:
        report.kept = len(plan.reuse.kept)
        report.incremental = apply(tmp_dir, target, manifest, plan.previous)
        plan.publish_index()
        report.stages["apply"] = time.perf_counter() - t3
        return report
    write_manifest(tmp_dir, manifest)
    old, gapless = swap_in(tmp_dir, target)
    plan.publish_index()
    report.stages["swap"] = time.perf_counter() - t3
    if not gapless:
        progress("提示：此文件系统不支持原子交换（renameat2），切换网站时有极短的时间没有网站目录")
    if old is not None:
        discard(old)  # deleted by a process of its own: the new site is live already
    return report
