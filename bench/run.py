"""End-to-end build benchmark on a synthetic catalog of N records.

    python bench/run.py --records N [--baseline] [--format text|json]

Stages (load, validate, check, render, mkdocs, search index) in seconds, peak RSS, page count, item page size
(median, max), bytes a browser fetches for a first fallback search, the incremental build after 5 changed records
(`incremental_s`) and whether its site equals a full build (`incremental_equal`); with --baseline, plain mkdocs-material
(navigation.prune, search plugin) on the same number of equivalent Markdown pages, in the same run, and the ratio.
Each measured build runs in its own child process, so peak RSS is that build's alone.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
OUT = REPO / "bench" / "out"


def git_history(project: Path) -> None:
    """Give the synthetic project a history: every record added in one commit, then 2 % of them changed a month
    later (a shorter promised limit), so the build's one pass over the log has real work."""
    if (project / ".git").is_dir():
        return
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org", "GIT_COMMITTER_NAME": "bench"}
    env["GIT_COMMITTER_EMAIL"] = "bench@example.org"

    def git(*args: str, date: str | None = None) -> None:
        dated = {**env, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else env
        subprocess.run(["git", *args], cwd=project, env=dated, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "items")
    git("commit", "-q", "-m", "catalog", date="2026-10-01T09:00:00+08:00")
    for path in sorted((project / "items").glob("4*/*/*.yaml"))[::50]:
        text = path.read_text(encoding="utf-8")
        head, sep, rest = text.partition("promised_time_limit:\n  value: ")
        value, _, tail = rest.partition("\n")
        if sep and value.isdigit() and int(value) > 1:
            path.write_text(f"{head}{sep}{int(value) - 1}\n{tail}", encoding="utf-8")
    git("commit", "-q", "-am", "shorter promised limits", date="2026-11-10T09:00:00+08:00")


def prepare(records: int, accountability: bool = True, out: Path = OUT) -> Path:
    """The synthetic project for N records (generated once, reused while the generator is unchanged)."""
    from bench.synth import generate

    project = out / f"n{records}"
    stamp = project / ".synth-version"
    version = str((REPO / "bench" / "synth.py").stat().st_mtime_ns)
    if not (stamp.is_file() and stamp.read_text() == version):
        shutil.rmtree(project / ".git", ignore_errors=True)
        generate(records, project)
        stamp.write_text(version)
    git_history(project)
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if not accountability:  # the comparison build without open data, feeds, dashboard and history
        text = text.replace("  - banshi:\n", "  - banshi:\n      accountability: false\n", 1)
    text = text.replace("docs_dir: site_templates/docs", f"docs_dir: {REPO / 'site_templates' / 'docs'}")
    text = text.replace("custom_dir: site_templates/overrides", f"custom_dir: {REPO / 'site_templates' / 'overrides'}")
    text = text.replace("templates_dir: site_templates/pages", f"templates_dir: {REPO / 'site_templates' / 'pages'}")
    text = text.replace("search_assets_dir: search", f"search_assets_dir: {REPO / 'search'}")
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")
    return project


def child(args: list[str]) -> tuple[dict[str, Any], float]:
    """Run this script as a worker; return its JSON output and the peak RSS (MB) of that worker alone."""
    proc = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate()
    # each worker reports its own peak (getrusage inside it), so the figures of two workers never mix
    if proc.returncode != 0:
        raise SystemExit(f"worker failed: {' '.join(args)}\n{err[-4000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    return result, result.pop("peak_rss_mb")


def peak_rss_mb() -> float:
    """Peak RSS of this process and of the largest child it waited for (forked workers share pages)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def fresh_clone(project: Path) -> None:
    """Remove what runs keep in .banshi-cache/ (parsed records, rule findings, the open data's index)."""
    shutil.rmtree(project / ".banshi-cache", ignore_errors=True)


def worker_ours(project: Path) -> dict[str, Any]:
    os.chdir(project)
    from bench.incremental import fresh_build, measure
    from generator.check import check_project
    from generator.parallel import collector_frozen, freeze_survivors
    from generator.validate.loading import load_project
    from generator.validate.project import validate_project

    fresh_clone(project)  # nothing parsed or checked before
    t0 = time.perf_counter()
    with collector_frozen():  # what `banshi validate --check` does: one read, both rule sets (commands/validate.py)
        loaded = load_project(project)
        validation = validate_project(loaded)
        freeze_survivors()
        t1 = time.perf_counter()
        check_project(loaded)
        t_check = time.perf_counter()
    del validation, loaded
    t_warm = time.perf_counter()
    with collector_frozen():  # again, as CI does with the parse cache it keeps (.banshi-cache/)
        loaded = load_project(project)
        validation = validate_project(loaded)
        freeze_survivors()
        check_project(loaded)
    warm_s = time.perf_counter() - t_warm
    changed = [str(p) for p in sorted((project / "items").glob("4*/*/*.yaml"))[::4000][:5]]  # a pull request's files
    t2 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator.cli", "validate", *changed], cwd=project, check=True, capture_output=True)
    t3 = time.perf_counter()
    records = validation.records
    del validation, loaded
    site = project / "site"
    fresh_clone(project)  # the full build parses and checks everything, as a first build does
    t4 = time.perf_counter()
    # in a process of its own, as CI's `banshi build` is: its heap (10.6 GB at 500k) is gone before the incremental
    # build below starts, which at 500k did not fit beside it
    report = fresh_build(project, site, full=True)
    full_s, build_peak = time.perf_counter() - t4, peak_rss_mb()  # the peak of validation and of the full build's process
    incremental = measure(project, 5, full_s=full_s)  # a pull request of 5 records (in processes of their own), compared
    return {
        "incremental_s": incremental["incremental_s"],
        "incremental_equal": incremental["incremental_equal"],
        "incremental_differences": incremental["differences"],
        "code_changed_during_run": incremental["code_changed_during_run"],
        "validate_s": t1 - t0,
        "check_s": t_check - t1,
        "validate_check_warm_s": warm_s,
        "validate_changed_files_s": t3 - t2,
        "records": records,
        "pages": report["pages"],
        "build_stages": report["stages"],
        "build_total_s": sum(report["stages"].values()),
        "peak_rss_mb": build_peak,  # not the comparison of the two sites afterwards
    }


def worker_baseline(project: Path) -> dict[str, Any]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from bench.baseline import write_baseline
    from generator.validate.project import validate

    out = project / "baseline"
    shutil.rmtree(out, ignore_errors=True)
    pages = write_baseline(validate(project), out)
    t0 = time.perf_counter()
    os.chdir(out)
    build(load_config(str(out / "mkdocs.yml")))
    return {"total_s": time.perf_counter() - t0, "pages": pages, "search_index_mb": (out / "site/search/search_index.json").stat().st_size / 1e6}


def page_sizes(site: Path) -> dict[str, float]:
    sizes = [p.stat().st_size / 1024 for p in (site / "items").glob("*/*/index.html")]
    return {"median": round(statistics.median(sizes), 1), "max": round(max(sizes), 1)} if sizes else {"median": 0, "max": 0}


class SiteFiles(Mapping[str, bytes]):
    """The static index files of a built site, read on demand."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __getitem__(self, rel: str) -> bytes:
        return (self.folder / rel).read_bytes()

    def __iter__(self) -> Iterator[str]:
        return (p.relative_to(self.folder).as_posix() for p in self.folder.rglob("*") if p.is_file())

    def __len__(self) -> int:
        return sum(1 for _ in self)


FALLBACK_QUERIES = ["身份证", "驾照", "开饭店", "最低生活保障", "shebaoka", "营业执照"]


def fallback_first_query_kb(site: Path) -> float:
    """Worst raw bytes (no HTTP compression) of the index files a browser fetches for one first query."""
    from generator.search.static_index import OUT_DIR
    from generator.search.static_query import query, transfer_bytes

    files = SiteFiles(site / OUT_DIR)
    worst = max(transfer_bytes(files, query(files, q).fetched)[0] for q in FALLBACK_QUERIES)
    return round(worst / 1024, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description="Banshi build benchmark")
    parser.add_argument("--records", type=int, required=True)
    parser.add_argument("--baseline", action="store_true")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--worker", choices=["ours", "baseline"])
    parser.add_argument("--no-accountability", action="store_true", help="build without open data, feeds, dashboard and history")
    parser.add_argument(
        "--out",
        type=Path,
        default=OUT,
        help="where the synthetic projects live (default bench/out); a folder on another file system measures its file writes",
    )
    args = parser.parse_args()
    out = args.out.resolve()
    project = prepare(args.records, not args.no_accountability, out) if not args.worker else out / f"n{args.records}"
    if args.worker:
        fn = worker_ours if args.worker == "ours" else worker_baseline
        result = fn(project)
        result.setdefault("peak_rss_mb", peak_rss_mb())  # ours sets it before comparing sites
        print(json.dumps(result))
        return
    ours, ours_rss = child(["--records", str(args.records), "--worker", "ours", "--out", str(out)])
    stages = {"validate": ours["validate_s"], "check (same pass)": ours["check_s"], **{f"build.{k}": v for k, v in ours["build_stages"].items()}}
    result: dict[str, Any] = {
        "records": ours["records"],
        "stages": {k: round(v, 2) for k, v in stages.items()},
        "total_s": round(ours["build_total_s"], 2),
        "validate_check_s": round(ours["validate_s"] + ours["check_s"], 2),
        "validate_changed_files_s": round(ours["validate_changed_files_s"], 2),
        "validate_check_warm_s": round(ours["validate_check_warm_s"], 2),  # with the parse cache of the run before
        "incremental_s": ours["incremental_s"],  # the site updated after 5 changed records (bench/incremental.py)
        "incremental_equal": ours["incremental_equal"],  # ... and equal, file for file, to a full build
        "incremental_differences": ours["incremental_differences"],  # the first files that differ, when not equal
        "code_changed_during_run": ours["code_changed_during_run"],  # then incremental_equal says nothing
        "peak_rss_mb": round(ours_rss),
        "pages": ours["pages"],
        "page_kb": page_sizes(project / "site"),
        "fallback_first_query_kb": fallback_first_query_kb(project / "site"),
    }
    if args.baseline:
        base, base_rss = child(["--records", str(args.records), "--worker", "baseline", "--out", str(out)])
        result["baseline"] = {"total_s": round(base["total_s"], 2), "peak_rss_mb": round(base_rss), "search_index_mb": round(base["search_index_mb"], 1)}
        result["ratio"] = round(result["total_s"] / base["total_s"], 3)
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False))
        return
    print(f"records: {result['records']}   pages: {result['pages']}   machine: {os.cpu_count()} cores")
    for name, seconds in result["stages"].items():
        print(f"  {name:<24} {seconds:8.2f} s")
    print(f"  full build (records -> site/) {result['total_s']:.2f} s")
    print(f"  validate + check (one pass) {result['validate_check_s']:.2f} s, with the parse cache {result['validate_check_warm_s']:.2f} s")
    print(f"  `banshi validate` on 5 changed files {result['validate_changed_files_s']:.2f} s")
    print(f"  after 5 changed records: incremental build {result['incremental_s']:.2f} s, equal to a full build: {result['incremental_equal']}")
    print(f"  peak RSS {result['peak_rss_mb']} MB; item page KB median {result['page_kb']['median']}, max {result['page_kb']['max']}")
    print(f"  fallback search, first query: {result['fallback_first_query_kb']} KB")
    if "baseline" in result:
        b = result["baseline"]
        print(f"  baseline plain mkdocs-material: {b['total_s']:.2f} s, {b['peak_rss_mb']} MB, search index {b['search_index_mb']} MB")
        print(f"  ratio ours/baseline: {result['ratio']}")


if __name__ == "__main__":
    main()
