"""Search round trips from headless Chromium: straight to Meilisearch (compressed) vs through Banshi's /meili/ proxy.

    python bench/browser_roundtrip.py [--requests 300] [--format text|json]

Starts the pinned Meilisearch (temporary data dir, 127.0.0.1), indexes the sample catalog, serves an empty page
with generator/site/server.py, and from that page times `fetch` + `json()` of the site's real query
(search/query.json body via generator.search.query.build_request) with the search-only key, over keep-alive
connections. Direct requests are cross-origin (the browser sends Accept-Encoding: gzip, br and a CORS preflight
when it has no cached one); proxied requests are same-origin, identity-encoded upstream.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.search.documents import build_documents  # noqa: E402
from generator.search.indexer import reindex  # noqa: E402
from generator.search.meili_process import MeiliServer  # noqa: E402
from generator.search.query import build_request  # noqa: E402
from generator.search.settings import index_settings  # noqa: E402
from generator.site.server import make_server, serve_in_thread  # noqa: E402
from generator.validate.project import validate  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
QUERIES = ["身份证", "驾照", "开饭店", "不动产登记", "低保", "社保卡", "营业执照", "护照"]

TIMER = """async ([url, key, bodies, n]) => {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const headers = {"Content-Type": "application/json", "Authorization": "Bearer " + key};
    const r = await fetch(url, {method: "POST", headers, body: bodies[i % bodies.length]});
    await r.json();
    times.push(performance.now() - t0);
  }
  return times;
}"""


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    result = validate(ROOT)
    bodies = [json.dumps(build_request(q), ensure_ascii=False) for q in QUERIES]
    report: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp, MeiliServer(Path(tmp) / "meili") as meili:
        key = reindex(meili.url, meili.master_key, build_documents(result.catalog, result.items), index_settings(result.catalog)).search_key
        page_dir = Path(tmp) / "page"
        page_dir.mkdir()
        (page_dir / "index.html").write_text("<!doctype html><title>bench</title>", encoding="utf-8")
        server = make_server(page_dir, meili.url, port=0, search_key=key)
        serve_in_thread(server)
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                page = browser.new_page()
                page.goto(origin + "/")
                targets = {"direct (compressed)": meili.url + "/indexes/items/search", "proxy (identity upstream)": origin + "/meili/indexes/items/search"}
                for _ in range(2):  # interleave rounds; the second counts
                    for name, url in targets.items():
                        page.evaluate(TIMER, [url, key, bodies, 30])  # warm-up: connections, preflight cache
                        times = page.evaluate(TIMER, [url, key, bodies, args.requests])
                        report[name] = {
                            "p50_ms": round(percentile(times, 50), 2),
                            "p95_ms": round(percentile(times, 95), 2),
                            "mean_ms": round(sum(times) / len(times), 2),
                        }
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    show(report, f"{args.requests} searches each from headless Chromium (keep-alive), sample catalog:", args.format)


def show(report: dict[str, dict[str, float]], heading: str, fmt: str) -> None:
    """The report as JSON, or as a heading and one line of p50/p95/mean per setup."""
    if fmt == "json":
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    print(heading)
    for name, r in report.items():
        print(f"  {name:<28} p50 {r['p50_ms']:>7} ms   p95 {r['p95_ms']:>7} ms   mean {r['mean_ms']:>7} ms")


if __name__ == "__main__":
    main()
