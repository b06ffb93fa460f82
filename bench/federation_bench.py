"""Federated search (one Meilisearch per region shard, joined by the network feature) against one index: index time
and RSS per instance, and single-client latency of the whole query path over the relevance suites' queries.

    python bench/federation_bench.py [--records N] [--shards 2] [--rounds 3] [--format text|json]

--records 0 (default) indexes the sample catalog; N > 0 a synthetic catalog of N documents (bench/index_bench.py's
synthesize, each document's county the first six digits of its region code). Every instance is a fresh local
Meilisearch (pinned binary, 512 MiB indexing memory, 1 indexing thread) on 127.0.0.1, stopped at the end. Each round
runs every query of tests/relevance/*.yaml once on each setup, alternating, through query.run_search (the path of
`banshi search` and the page); p50/p95 are over all rounds.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.index_bench import rss_kib, synthesize  # noqa: E402
from bench.relevance_harness import load_suite  # noqa: E402
from generator.model.codes import division_tier  # noqa: E402
from generator.search.documents import build_documents  # noqa: E402
from generator.search.federation import FederatedMeili, Shard, index_shards  # noqa: E402
from generator.search.indexer import reindex  # noqa: E402
from generator.search.meili import Meili  # noqa: E402
from generator.search.meili_process import MeiliServer  # noqa: E402
from generator.search.query import run_search  # noqa: E402
from generator.search.settings import index_settings  # noqa: E402
from generator.search.understand import catalog_understanding, understander  # noqa: E402
from generator.validate.project import validate  # noqa: E402

SUITES = ("dev", "heldout", "heldout2", "heldout3")


@contextlib.contextmanager
def servers(count: int) -> Iterator[list[MeiliServer]]:
    base = Path(tempfile.mkdtemp(prefix="banshi-federation-"))
    started: list[MeiliServer] = []
    try:
        for k in range(count):
            started.append(MeiliServer(base / f"m{k}").start())
        yield started
    finally:
        for server in started:
            server.stop()
        shutil.rmtree(base, ignore_errors=True)


def mib(server: MeiliServer) -> dict[str, float]:
    rss, peak = rss_kib(server.pid or 0)
    return {"rss_mib": round(rss / 1024, 1), "peak_mib": round(peak / 1024, 1)}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[max(0, int(len(ordered) * share) - 1)], 2)


def run(records: int, shards: int, rounds: int) -> dict[str, Any]:
    result = validate(REPO)
    docs = build_documents(result.catalog, result.items)
    if records:
        regions = [(code, region.name, division_tier(code)) for code, region in result.catalog.regions.items()]
        docs = [{**d, "county_code": d["region_code"][:6]} for d in synthesize(docs, regions, records)]
    settings = index_settings(result.catalog)
    understand = understander(catalog_understanding(result.catalog, result.items))
    cases = [(c["q"], c.get("region")) for suite in SUITES for c in load_suite(suite)]
    with servers(shards + 1) as running:
        one, many = running[0], running[1:]
        single = reindex(one.url, one.master_key, docs, settings)
        started = time.monotonic()
        reports = index_shards(docs, settings, [Shard(f"shard{k}", s.url, s.master_key) for k, s in enumerate(many)])
        federated_s = time.monotonic() - started
        timings: dict[str, list[float]] = {"single": [], "federated": []}
        with Meili(one.url, single.search_key) as alone, FederatedMeili(many[0].url, reports[0].search_key, [f"shard{k}" for k in range(shards)]) as joined:
            clients = {"single": alone, "federated": joined}
            for q, region in cases:  # warm up
                for client in clients.values():
                    run_search(client, q, understander=understand, region=region)
            for _ in range(rounds):
                for q, region in cases:
                    for name, client in clients.items():
                        begin = time.perf_counter()
                        run_search(client, q, understander=understand, region=region)
                        timings[name].append((time.perf_counter() - begin) * 1000)
        return {
            "documents": len(docs),
            "catalog": f"synthetic {records}" if records else "sample",
            "shards": shards,
            "queries": len(cases),
            "rounds": rounds,
            "single": {"index_s": single.seconds, **mib(one)},
            "shard": [{"documents": r.documents, "index_s": r.seconds, **mib(s)} for r, s in zip(reports, many, strict=True)],
            "federated_index_s": round(federated_s, 2),
            "latency_ms": {name: {"p50": round(statistics.median(t), 2), "p95": percentile(t, 0.95), "n": len(t)} for name, t in timings.items()},
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=0, help="0: the sample catalog; N: a synthetic catalog of N documents")
    parser.add_argument("--shards", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args()
    if not 1 <= args.shards <= 8 or not 1 <= args.rounds <= 50 or not 0 <= args.records <= 2_000_000:
        parser.error("--shards 1..8, --rounds 1..50, --records 0..2000000")
    out = run(args.records, args.shards, args.rounds)
    if args.format == "json":
        print(json.dumps(out, ensure_ascii=False))
        return
    print(f"{out['catalog']}: {out['documents']} documents, {out['shards']} shards, {out['queries']} queries x {out['rounds']} rounds, one client")
    print("| setup | documents | index s | RSS MiB (after) | peak RSS MiB |\n|---|---|---|---|---|")
    print(f"| one index | {out['documents']} | {out['single']['index_s']} | {out['single']['rss_mib']} | {out['single']['peak_mib']} |")
    for k, shard in enumerate(out["shard"]):
        print(f"| shard{k} | {shard['documents']} | {shard['index_s']} | {shard['rss_mib']} | {shard['peak_mib']} |")
    print("\n| setup | p50 ms | p95 ms | searches |\n|---|---|---|---|")
    for name, row in out["latency_ms"].items():
        print(f"| {name} | {row['p50']} | {row['p95']} | {row['n']} |")


if __name__ == "__main__":
    main()
