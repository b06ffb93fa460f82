"""Lighthouse (mobile profile) on the home, item, search, bundle and checklist pages, normal and care mode, as `banshi run` serves them.

    (cd bench && npm ci)      # the pinned Lighthouse in bench/package-lock.json
    python bench/lighthouse.py [--site DIR] [--runs N] [--only PAGE] [--keep DIR] [--format text|json]

Builds the repository's items/ unless --site is given, serves the site with generator/site/server.py (gzip and
cache headers, as production), and runs Lighthouse's default mobile emulation and simulated slow-4G throttling in
Debian's Chromium (CHROME_PATH=/usr/bin/chromium). Scores move by a few points between runs, more on a shared
machine: --runs N runs each page and mode N times and reports the run with the median performance score (its
metrics, so a row is one real run). --keep DIR keeps every JSON report (e.g. to find the LCP element).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

LIGHTHOUSE = REPO / "bench" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP", "total-blocking-time": "TBT", "cumulative-layout-shift": "CLS"}


def pages(site: Path) -> dict[str, str]:
    from tests.browser.a11y_pages import page_types

    types = {t.name: t.path for t in page_types(site, REPO / "items")}
    found = {"home": "", "item": types["item"], "search": "search/?q=" + quote("驾照")}
    found.update((name, types[name]) for name in ("bundle", "checklist", "bundle checklist") if name in types)
    return found


PAGES = ["home", "item", "search", "bundle", "checklist", "bundle checklist"]  # the keys of pages()


def run_one(url: str, out: Path) -> dict[str, Any]:
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        check=True,
        env=env,
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    row: dict[str, Any] = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    for audit, name in METRICS.items():
        row[name] = report["audits"][audit]["numericValue"]
    row["bytes"] = report["audits"]["total-byte-weight"]["numericValue"]
    row["failed"] = sorted(
        a
        for c in ("accessibility", "best-practices", "seo")
        for a in (r["id"] for r in report["categories"][c]["auditRefs"])
        if report["audits"][a]["score"] == 0
    )
    return row


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median performance score (the lower middle one for an even count)."""
    ordered = sorted(runs, key=lambda r: r["performance"])
    row = dict(ordered[(len(ordered) - 1) // 2])
    row["all_performance"] = [r["performance"] for r in runs]
    return row


def measure(site: Path, work: Path, runs: int = 1, only: list[str] | None = None) -> list[dict[str, Any]]:
    from generator.site.server import make_server, serve_in_thread

    server = make_server(site, None, port=0)
    serve_in_thread(server)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    rows = []
    try:
        for name, path in pages(site).items():
            if only and name not in only:
                continue
            for care in (False, True):
                url = base + path + (("&" if "?" in path else "?") + "care=1" if care else "")
                results = [run_one(url, work / f"{name}-{'care' if care else 'normal'}-{n + 1}.json") for n in range(runs)]
                rows.append({"page": name, "mode": "care" if care else "normal", **median_run(results)})
    finally:
        server.shutdown()
        server.server_close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path)
    parser.add_argument("--runs", type=int, default=1, help="runs per page and mode; the median is reported")
    parser.add_argument("--only", action="append", choices=PAGES, help="measure only this page")
    parser.add_argument("--keep", type=Path, help="keep the JSON reports in this folder")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} 不存在：先在 bench/ 下运行 npm ci")
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            from generator.site.build import build_site

            os.chdir(REPO)
            site = Path(tmp) / "site"
            build_site(REPO / "mkdocs.yml", site)
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        rows = measure(site, work, max(1, args.runs), args.only)
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    print("| page | mode | performance (runs) | accessibility | best practices | SEO | FCP | LCP | TBT | CLS | transfer | failed audits |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        runs = "/".join(map(str, r["all_performance"]))
        print(
            f"| {r['page']} | {r['mode']} | {r['performance']} ({runs}) | {r['accessibility']} | {r['best-practices']} | {r['seo']} "
            f"| {r['FCP'] / 1000:.2f} s | {r['LCP'] / 1000:.2f} s | {r['TBT']:.0f} ms | {r['CLS']:.3f} | {r['bytes'] / 1024:.0f} KiB "
            f"| {', '.join(r['failed']) or '—'} |"
        )


if __name__ == "__main__":
    main()
