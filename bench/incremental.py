"""Incremental build figures on the synthetic catalog: a pull request of N changed records, or one directory item.

    python bench/incremental.py --records 10000 [--changed 1,5,50] [--directory] [--format text|json]

Each case starts from a full build of the unchanged catalog (with its manifest), edits the records (a shorter
promised limit, committed, as a merged pull request is), builds again (the incremental path) in a process of its
own, as CI's `banshi build` is, and times it from start to exit; then builds the same catalog from scratch into
another folder and compares the two sites file by file (`equal`). The edits are undone afterwards (git reset), so
the project stays the benchmark's. (Until December's sixth pass the incremental build ran in the process that had
just made the full build; that process's large heap made it 4-6 s slower at 10k than a fresh one.)
`bench/run.py` calls `measure(project, 5)` for its `incremental_s` and `incremental_equal`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
ENV = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org", "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=project, env={**os.environ, **ENV}, check=True, capture_output=True)


def edit_records(project: Path, count: int) -> int:
    """Shorten the promised limit of `count` records spread over the catalog; returns how many were edited."""
    files = sorted((project / "items").glob("4*/*/*.yaml"))
    step = max(1, len(files) // max(count, 1))
    spread = files[::step]
    chosen = set(spread)
    done = 0
    for path in spread + [f for f in files if f not in chosen]:
        text = path.read_text(encoding="utf-8")
        head, sep, rest = text.partition("promised_time_limit:\n  value: ")
        value, _, tail = rest.partition("\n")
        if sep and value.isdigit() and int(value) > 2:
            path.write_text(f"{head}{sep}{int(value) - 1}\n{tail}", encoding="utf-8")
            done += 1
        if done == count:
            break
    return done


def edit_directory(project: Path) -> int:
    """Reword the first condition of one directory item that has implementations."""
    folder = project / "items" / "_catalog" / "directory"
    path = sorted(folder.glob("*.yaml"))[len(list(folder.glob("*.yaml"))) // 2]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("conditions:\n- ", "conditions:\n- （修订）", 1), encoding="utf-8")
    return 1


def code_digest() -> str:
    """Banshi's code as the manifest sees it: an edit to it while a case runs changes the global digest between the
    two builds being compared, so the sites differ by their manifests alone."""
    h = hashlib.blake2b(digest_size=16)
    for path in sorted((REPO / "generator").rglob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()


def tree_digests(root: Path) -> dict[str, tuple[int, bytes]]:
    """Every file of a site: its path under root -> (size, digest), read a chunk at a time (items.json is 0.5 GB at
    100k). Comparing digests lets the comparison hold one site on disk at a time (`measure` at 500k)."""
    out: dict[str, tuple[int, bytes]] = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            h = hashlib.blake2b(digest_size=16)
            size = 0
            with open(path, "rb") as handle:
                while chunk := handle.read(1 << 20):
                    h.update(chunk)
                    size += len(chunk)
            out[os.path.relpath(path, root)] = (size, h.digest())
    return out


def digest_differences(a: dict[str, tuple[int, bytes]], b: dict[str, tuple[int, bytes]], names: tuple[str, str]) -> list[str]:
    """The files that differ between two sites' digests (only in one, or different bytes); empty when equal."""
    left, right = set(a), set(b)
    out = [f"only in {names[0]}: {rel}" for rel in sorted(left - right)] + [f"only in {names[1]}: {rel}" for rel in sorted(right - left)]
    return out + [f"differs: {rel}" for rel in sorted(left & right) if a[rel] != b[rel]]


def room_for_second_site(site: Path, digests: dict[str, tuple[int, bytes]]) -> bool:
    """Whether the disk holds a second copy of the site (with a fifth to spare for blocks and staging)."""
    return shutil.disk_usage(site).free > sum(size for size, _ in digests.values()) * 1.2


FRESH_BUILD = """
import json, sys
from pathlib import Path
from generator.site.build import build_site
r = build_site(Path(sys.argv[1]), Path(sys.argv[2]), full=sys.argv[3] == "full")
done = r.incremental
files = {"added": done.added, "replaced": done.replaced, "removed": done.removed} if done else None
print(json.dumps({"incremental": files, "kept": r.kept, "copied": r.copied, "stages": r.stages, "pages": r.pages}))
"""


def fresh_build(project: Path, site: Path, full: bool = False) -> dict[str, Any]:
    """`build_site` in a new Python process (as `banshi build` runs in CI), its report as data."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-c", FRESH_BUILD, str(project / "mkdocs.yml"), str(site), "full" if full else "incremental"]
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(project: Path, changed: int, directory: bool = False, full_s: float | None = None) -> dict[str, Any]:
    """Full build (unless the caller just made one, taking full_s), edit, incremental build (timed), full build
    elsewhere, compare; edits undone."""
    code = code_digest()
    os.chdir(project)
    site, full = project / "site", project / "site-full"
    if full_s is None:
        t0 = time.perf_counter()
        fresh_build(project, site, full=True)
        full_s = time.perf_counter() - t0
    edited = edit_directory(project) if directory else edit_records(project, changed)
    git(project, "commit", "-qam", f"bench: {edited} {'directory item' if directory else 'records'} changed")
    try:
        t1 = time.perf_counter()
        report = fresh_build(project, site)
        incremental_s = time.perf_counter() - t1
        shutil.rmtree(full, ignore_errors=True)
        incremental_digests = tree_digests(site)
        if not room_for_second_site(site, incremental_digests):  # 500k: keep the digests, build the full site in its place
            shutil.rmtree(site)
        fresh_build(project, full, full=True)
        differences = digest_differences(incremental_digests, tree_digests(full), (site.name, full.name))
        if not site.exists():
            full.rename(site)
    finally:
        git(project, "reset", "-q", "--hard", "HEAD~1")
        shutil.rmtree(full, ignore_errors=True)
    applied = report["incremental"]
    return {
        "changed": edited,
        "directory": directory,
        "full_s": round(full_s, 2),
        "incremental_s": round(incremental_s, 2),
        "share_of_full": round(incremental_s / full_s, 3),
        "incremental_equal": not differences,
        "differences": differences[:20],  # the first few, when not equal
        "code_changed_during_run": code_digest() != code,  # then the comparison says nothing
        "kept_pages": report["kept"],
        "copied_items": report["copied"],  # items whose open-data rows were copied from the live site
        "files": applied,
        "stages": {k: round(v, 2) for k, v in report["stages"].items()},
    }


def main() -> None:
    from bench.run import prepare

    parser = argparse.ArgumentParser(description="Banshi incremental build benchmark")
    parser.add_argument("--records", type=int, required=True)
    parser.add_argument("--changed", default="1,5,50", help="comma-separated numbers of changed records")
    parser.add_argument("--directory", action="store_true", help="also one changed directory item")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args()
    project = prepare(args.records)
    cases = [measure(project, int(n)) for n in args.changed.split(",") if n]
    if args.directory:
        cases.append(measure(project, 0, directory=True))
    if args.format == "json":
        print(json.dumps({"records": args.records, "cases": cases}, ensure_ascii=False))
        return
    for case in cases:
        what = "1 directory item" if case["directory"] else f"{case['changed']} records"
        share = f"{case['share_of_full']:.1%}"
        print(f"{what:>18}: incremental {case['incremental_s']:.2f} s of full {case['full_s']:.2f} s ({share}), equal={case['incremental_equal']}")
        print(f"{'':>18}  kept {case['kept_pages']} pages, copied {case['copied_items']} items' rows; files {case['files']}; stages {case['stages']}")


if __name__ == "__main__":
    main()
