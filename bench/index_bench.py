"""Index time, server RSS and search latency for the sample catalog and a synthetic 10k catalog.

    python bench/index_bench.py [--sizes sample,10000] [--searches 300]

Each size gets a fresh local Meilisearch (pinned npm binary, 512 MiB indexing memory, 1 thread) so the
peak RSS (VmHWM) belongs to that size alone. Synthetic documents vary the sample ones: new ids, regions.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.model.codes import division_tier  # noqa: E402
from generator.search.documents import build_documents  # noqa: E402
from generator.search.indexer import reindex  # noqa: E402
from generator.search.meili import Meili  # noqa: E402
from generator.search.meili_process import MeiliServer  # noqa: E402
from generator.search.query import PINYIN_BELOW, build_pinyin_request, build_request, region_filter, run_search, with_filter  # noqa: E402
from generator.search.settings import index_settings  # noqa: E402
from generator.search.understand import Understander, catalog_understanding, understander  # noqa: E402
from generator.validate.project import validate  # noqa: E402

QUERIES = [
    "身份证", "驾照", "开饭店", "低保", "社保卡", "jiashizheng", "sfz", "身分证", "兰考 低保", "不动产", "000502001000", "我要开饭店",
    "我想给孩子办户口需要带什么", "ID card", "到了60岁怎么领养老金",
]  # fmt: skip
UNDERSTAND: Understander | None = None  # set in main(): the catalog's query understanding, as the page uses it


def synthesize(documents: list[dict[str, Any]], regions: list[tuple[str, str, str]], n: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        doc = dict(documents[i % len(documents)])
        code, name, tier = regions[rng.randrange(len(regions))]
        ident = f"{doc['implementation_code'][:-12]}{i:06d}{doc['basic_code'][-6:]}"
        doc.update(id=ident, implementation_code=ident, region_code=code, region=name, tier=tier, url=f"items/{code}/{ident}/")
        out.append(doc)
    return out


def rss_kib(pid: int) -> tuple[int, int]:
    """(current VmRSS, peak VmHWM) in KiB."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def dir_mib(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


WRK_SCRIPT = """
local bodies = {BODIES}
local n = 0
request = function()
  n = n + 1
  return wrk.format("POST", "/indexes/items/search", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer KEY"}, bodies[(n % #bodies) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("WRK p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f requests=%d errors=%d seconds=%.1f\\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration / 1e6))
end
"""


def concurrent_search(url: str, key: str, clients: int, seconds: int, facets: bool) -> dict[str, float] | None:
    """p50/p95 at `clients` concurrent keep-alive connections with wrk (Debian package), the search-only key,
    the full query path (with the filter counts, as the page asks while its filter panel is open, or without);
    None when wrk is not installed (apt-get install wrk)."""
    if not shutil.which("wrk"):
        return None
    # the first search of every understood query, the region search where the query names a region, plus the pinyin
    # search for the queries where the page would send one
    assert UNDERSTAND is not None
    understood = [UNDERSTAND(q) for q in QUERIES]
    requests = [build_request(u.text, facets=facets) for u in understood]
    requests += [
        {**build_request(u.text), "filter": with_filter(None, region_filter(UNDERSTAND.chain(u.region))), "facets": []} for u in understood if u.region
    ]
    with Meili(url, key) as m:
        for u in understood:
            second = build_pinyin_request(u.text, facets=facets)
            if second is not None and len(m.post("/indexes/items/search", build_request(u.text))["hits"]) < PINYIN_BELOW:
                requests.append(second)
    bodies = "{" + ", ".join(_lua_string(json.dumps(b, ensure_ascii=False)) for b in requests) + "}"
    script = Path(tempfile.mkdtemp(prefix="banshi-wrk-")) / "search.lua"
    script.write_text(WRK_SCRIPT.replace("{BODIES}", bodies).replace("KEY", key), encoding="utf-8")
    run = subprocess.run(
        ["wrk", "-t", "2", "-c", str(clients), "-d", f"{seconds}s", "--timeout", "5s", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in run.stdout.splitlines() if x.startswith("WRK "))
    return {k: float(v) for k, v in (part.split("=") for part in line.split()[1:])}


def _lua_string(text: str) -> str:
    return "[==[" + text + "]==]"


def bench(label: str, documents: list[dict[str, Any]], settings: dict[str, Any], searches: int, clients: int = 16) -> dict[str, Any]:
    data = Path(tempfile.mkdtemp(prefix="banshi-bench-"))
    server = MeiliServer(data).start()
    assert server.pid is not None
    try:
        idle, _ = rss_kib(server.pid)
        peak_sampled = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak_sampled
            while not done.is_set():
                peak_sampled = max(peak_sampled, rss_kib(server.pid or 0)[0])
                time.sleep(0.05)

        sampler = threading.Thread(target=sample)
        sampler.start()
        first = reindex(server.url, server.master_key, documents, settings)
        _, hwm_first = rss_kib(server.pid)  # VmHWM so far: the first index alone
        peak_first = max(peak_sampled, hwm_first)
        second = reindex(server.url, server.master_key, documents, settings)  # a reindex while the old index serves
        done.set()
        sampler.join()
        after, hwm = rss_kib(server.pid)
        timings = []
        with Meili(server.url, first.search_key) as m:
            for q in QUERIES:  # warm up
                run_search(m, q, understander=UNDERSTAND)
            for i in range(searches):
                started = time.perf_counter()
                run_search(m, QUERIES[i % len(QUERIES)], understander=UNDERSTAND)
                timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        return {
            "concurrent": concurrent_search(server.url, first.search_key, clients, 10, facets=False),
            "concurrent_facets": concurrent_search(server.url, first.search_key, clients, 10, facets=True),
            "clients": clients,
            "catalog": label,
            "documents": len(documents),
            "index_s": first.seconds,
            "reindex_s": second.seconds,
            "rss_idle_mib": idle / 1024,
            "rss_peak_first_mib": peak_first / 1024,
            "rss_peak_mib": max(hwm, peak_sampled) / 1024,
            "rss_after_mib": after / 1024,
            "disk_mib": dir_mib(data),
            "search_p50_ms": statistics.median(timings),
            "search_p95_ms": timings[int(len(timings) * 0.95) - 1],
        }
    finally:
        server.stop()
        shutil.rmtree(data, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="sample,10000", help="comma-separated: sample and/or document counts")
    parser.add_argument("--searches", type=int, default=300)
    args = parser.parse_args()
    global UNDERSTAND
    result = validate(REPO)
    UNDERSTAND = understander(catalog_understanding(result.catalog, result.items))
    sample = build_documents(result.catalog, result.items)
    settings = index_settings(result.catalog)
    regions = [(code, region.name, division_tier(code)) for code, region in result.catalog.regions.items()]
    rows = []
    for size in args.sizes.split(","):
        docs = sample if size == "sample" else synthesize(sample, regions, int(size))
        rows.append(bench(size, docs, settings, args.searches))
    head = (
        f"{'catalog':>8} {'docs':>7} {'index s':>8} {'reindex s':>9} {'RSS idle':>9} {'peak index':>10} {'peak reindex':>12} "
        f"{'RSS after':>9} {'disk':>7} {'p50 ms':>7} {'p95 ms':>7}"
    )
    print(head)
    for r in rows:
        print(
            f"{r['catalog']:>8} {r['documents']:>7} {r['index_s']:>8.2f} {r['reindex_s']:>9.2f} {r['rss_idle_mib']:>7.0f}MB "
            f"{r['rss_peak_first_mib']:>8.0f}MB {r['rss_peak_mib']:>10.0f}MB "
            f"{r['rss_after_mib']:>7.0f}MB {r['disk_mib']:>5.0f}MB {r['search_p50_ms']:>7.1f} {r['search_p95_ms']:>7.1f}"
        )
    for r in rows:
        for key, label in (("concurrent", "filter panel closed"), ("concurrent_facets", "filter panel open")):
            c = r[key]
            if c is None:
                print(f"{r['catalog']:>8}: {r['clients']} concurrent clients not measured (apt-get install wrk)")
                break
            print(
                f"{r['catalog']:>8}: {r['clients']} concurrent clients (wrk, search-only key), {label}: p50 {c['p50_ms']:.1f} ms, "
                f"p95 {c['p95_ms']:.1f} ms, p99 {c['p99_ms']:.1f} ms, {c['requests'] / c['seconds']:.0f} req/s, {c['errors']:.0f} errors"
            )
    print(
        "search: the query path of search/query.json (understood query, search with score threshold, with the filter counts"
        " only while the page's filter panel is open; region search when the query names a region; pinyin search when few"
        " hits), search key, keep-alive, identity; single-client figures with the filter counts"
    )


if __name__ == "__main__":
    main()
