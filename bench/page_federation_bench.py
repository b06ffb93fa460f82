"""The search page's whole query path in headless Chromium, federated over R shards against one index, both through
`banshi run`'s /meili/ proxy: the latency a reader sees, per query.

    python bench/page_federation_bench.py [--shards 2] [--rounds 2] [--format text|json]

Starts R + 1 fresh local Meilisearch instances (bench/federation_bench.py's `servers`) holding the sample catalog
(one index; R shards by index_shards), builds the repository's site once (static index only: the page's modules,
search/query.json and understand.json are the same files in either setup), serves it twice with
generator/site/server.py (one proxy for the single index, one started with the remotes), and times
MeiliBackend.search (search-meili.mjs: 1-3 requests per query, with the filter counts, as a desktop page asks) for
every query of the relevance suites with its region, alternating setups query by query; p50/p95 over all rounds.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.browser_roundtrip import CHROMIUM_ARGS, percentile, show  # noqa: E402
from bench.federation_bench import SUITES, servers  # noqa: E402
from bench.relevance_harness import load_suite  # noqa: E402
from generator.search.documents import build_documents  # noqa: E402
from generator.search.federation import Shard, index_shards  # noqa: E402
from generator.search.indexer import reindex  # noqa: E402
from generator.search.settings import index_settings  # noqa: E402
from generator.site.build import build_site  # noqa: E402
from generator.site.server import make_server, serve_in_thread  # noqa: E402
from generator.validate.project import validate  # noqa: E402

INDEX = "items"
TIMER = """async ([remotes, queries]) => {
  const { MeiliBackend } = await import(new URL("../assets/javascripts/search-meili.mjs", location.href));
  const config = JSON.parse(document.getElementById("bs-search").dataset.config);
  // the proxy adds its own key; the page's is only required to be there
  const meili = { url: "/meili/", key: "proxy", index: "items", ...(remotes.length ? { remotes } : {}) };
  const engine = new MeiliBackend({ ...config, timeoutMs: 30000, meili }, new URL(".", location.href));
  await engine.ready;
  const times = [];
  for (const [q, region] of queries) {
    const t0 = performance.now();
    await engine.search(q, {}, { limit: 20, region, facets: true });
    times.push(performance.now() - t0);
  }
  return times;
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shards", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    os.chdir(REPO)
    result = validate(REPO)
    docs, settings = build_documents(result.catalog, result.items), index_settings(result.catalog)
    queries = [[c["q"], c.get("region")] for name in SUITES for c in load_suite(name)]
    times: dict[str, list[float]] = {"one index": [], f"federated ({args.shards} shards)": []}
    with tempfile.TemporaryDirectory() as tmp, servers(args.shards + 1) as started:
        single, shard_servers = started[0], started[1:]
        single_key = reindex(single.url, single.master_key, docs, settings, index=INDEX).search_key
        shards = [Shard(f"shard{k}", s.url, s.master_key) for k, s in enumerate(shard_servers)]
        entry_key = index_shards(docs, settings, shards, index=INDEX)[0].search_key
        site = Path(tmp) / "site"
        build_site(REPO / "mkdocs.yml", site)
        remotes = tuple(s.name for s in shards)
        proxies = [
            make_server(site, single.url, port=0, search_key=single_key, index=INDEX),
            make_server(site, shards[0].url, port=0, search_key=entry_key, index=INDEX, remotes=remotes),
        ]
        for server in proxies:
            serve_in_thread(server)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                pages = []
                for server in proxies:
                    page = browser.new_page()
                    page.goto(f"http://127.0.0.1:{server.server_address[1]}/search/")
                    pages.append(page)
                for page, names in zip(pages, ([], list(remotes)), strict=True):
                    page.evaluate(TIMER, [names, queries[:10]])  # warm-up: connections, modules, caches
                for _ in range(args.rounds):
                    for query in queries:  # alternate setups query by query: both see the same machine load
                        for bucket, page, names in zip(times.values(), pages, ([], list(remotes)), strict=True):
                            bucket.extend(page.evaluate(TIMER, [names, [query]]))
                browser.close()
        finally:
            for server in proxies:
                server.shutdown()
                server.server_close()
    report = {
        name: {"queries": len(t), "p50_ms": round(percentile(t, 50), 1), "p95_ms": round(percentile(t, 95), 1), "mean_ms": round(sum(t) / len(t), 1)}
        for name, t in times.items()
    }
    show(report, f"the page's query path in Chromium through the /meili/ proxy, {len(queries)} queries x {args.rounds} rounds, sample catalog:", args.format)


if __name__ == "__main__":
    main()
