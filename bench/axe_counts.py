"""axe-core violation counts for every page type of the sample guide, desktop and phone, normal and care mode.

    python bench/axe_counts.py [--site DIR] [--format text|json]

Builds the repository's items/ (unless --site is given), serves the site with `banshi run`'s server
(generator/site/server.py, so the 404 page is what a reader gets for a missing path) and runs the pinned
axe-core (tests/package-lock.json) in Debian's Chromium: WCAG 2.1 A/AA rules, plus color-contrast-enhanced in
care mode (?care=1). Prints, per page type and mode, the violated rules and the number of failing elements.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser.a11y_pages import DESKTOP, PHONE, page_types, run_axe, with_care  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking"]


def measure(site: Path) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    from generator.site.server import make_server, serve_in_thread

    server = make_server(site, None, port=0)
    serve_in_thread(server)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    rows: list[dict[str, Any]] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for viewport_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
                for care in (False, True):
                    context = browser.new_context(locale="zh-CN", viewport=viewport, is_mobile=viewport is PHONE, has_touch=viewport is PHONE)
                    context.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url.split("/")[2] else route.abort())
                    page = context.new_page()
                    for kind in page_types(site, REPO / "items"):
                        page.goto(base + (with_care(kind.path) if care else kind.path))
                        if kind.ready:
                            page.wait_for_selector(kind.ready)
                        violations = run_axe(page, care)
                        rows.append(
                            {
                                "page": kind.name,
                                "viewport": viewport_name,
                                "mode": "care" if care else "normal",
                                "rules": {v["id"]: len(v["nodes"]) for v in violations},
                            }
                        )
                    context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path)
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            import os

            from generator.site.build import build_site

            os.chdir(REPO)
            site = Path(tmp) / "site"
            build_site(REPO / "mkdocs.yml", site)
        rows = measure(site)
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    print("| page | viewport | mode | rules violated | elements | rules (elements) |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        detail = ", ".join(f"{k} ({n})" for k, n in sorted(r["rules"].items())) or "—"
        print(f"| {r['page']} | {r['viewport']} | {r['mode']} | {len(r['rules'])} | {sum(r['rules'].values())} | {detail} |")


if __name__ == "__main__":
    main()
