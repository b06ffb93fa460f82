"""A/B of two search bodies on one Meilisearch, interleaved, so machine load hits both alike.

    python bench/query_ab.py [--size 10000] [--rounds 100]

A: the version-2 request (raw query, no ranking-score threshold, every searchable attribute).
B: the current query path's requests (understood query, threshold, attributesToSearchOn; a region search when the
query names a region). Single client, keep-alive, identity encoding, search-only key.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.index_bench import QUERIES, synthesize  # noqa: E402
from generator.model.codes import division_tier  # noqa: E402
from generator.search.documents import build_documents  # noqa: E402
from generator.search.indexer import reindex  # noqa: E402
from generator.search.meili import Meili  # noqa: E402
from generator.search.meili_process import MeiliServer  # noqa: E402
from generator.search.query import build_request, region_filter, with_filter  # noqa: E402
from generator.search.settings import index_settings  # noqa: E402
from generator.search.understand import catalog_understanding, understander  # noqa: E402
from generator.validate.project import validate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=100)
    args = parser.parse_args()
    result = validate(REPO)
    understand = understander(catalog_understanding(result.catalog, result.items))
    regions = [(code, region.name, division_tier(code)) for code, region in result.catalog.regions.items()]
    docs = synthesize(build_documents(result.catalog, result.items), regions, args.size)
    with tempfile.TemporaryDirectory() as tmp, MeiliServer(Path(tmp)) as server:
        report = reindex(server.url, server.master_key, docs, index_settings(result.catalog))
        old, new = [], []
        for q in QUERIES:
            body = build_request(q)
            body.pop("rankingScoreThreshold")
            body.pop("attributesToSearchOn")
            old.append([body])
            u = understand(q)
            bodies = [build_request(u.text)]
            if u.region:
                bodies.append({**bodies[0], "filter": with_filter(None, region_filter(understand.chain(u.region))), "facets": []})
            new.append(bodies)
        times: dict[str, list[float]] = {"A (v2)": [], "B (v3)": []}
        with Meili(server.url, report.search_key) as m:
            for _ in range(args.rounds):
                for a, b in zip(old, new, strict=True):
                    for label, bodies in (("A (v2)", a), ("B (v3)", b)):
                        started = time.perf_counter()
                        for body in bodies:
                            m.post("/indexes/items/search", body)
                        times[label].append((time.perf_counter() - started) * 1000)
        for label, ms in times.items():
            ms.sort()
            print(f"{label}: {len(ms)} queries, p50 {statistics.median(ms):.2f} ms, p95 {ms[int(len(ms) * 0.95) - 1]:.2f} ms")


if __name__ == "__main__":
    main()
