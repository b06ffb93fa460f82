"""Time of very long queries on the static index of the repository's own items/ (security review 2026-12b, S6).

    python bench/long_query_bench.py [--words 3000,6000,12000] [--format text|json]

Runs generator/search/static_query.query() with the query length cap lifted, so the whole path (understanding,
tokens, postings, ranking) is measured on queries of n distinct words and on a 40 KB Han text; each figure is the
best of three runs. Linear growth doubles the time with the words; the quadratic path it replaced took 30 s for
12,000 words. Last, the time `query()` takes to refuse a 40 KB query under the cap (what the site and
`banshi search` do).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.search import query as query_module  # noqa: E402
from generator.search.documents import build_documents  # noqa: E402
from generator.search.query_cap import QueryTooLong  # noqa: E402
from generator.search.static_index import build_static_index  # noqa: E402
from generator.search.static_query import query  # noqa: E402
from generator.search.understand import catalog_understanding  # noqa: E402
from generator.validate.project import validate  # noqa: E402


def best(files: dict[str, bytes], text: str) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        with contextlib.suppress(QueryTooLong):  # the capped query: its refusal is what is timed
            query(files, text)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", default="3000,6000,12000")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args()
    result = validate(ROOT)
    files = build_static_index(build_documents(result.catalog, result.items), catalog_understanding(result.catalog, result.items)).files
    rows: list[dict[str, Any]] = []
    cap = query_module.MAX_QUERY_CHARS
    query_module.MAX_QUERY_CHARS = 10**9
    try:
        for n in (int(w) for w in args.words.split(",")):
            rows.append({"query": f"{n} words", "seconds": best(files, " ".join(f"w{i}" for i in range(n)))})
        han = "食品经营许可证办理" * 1_500
        rows.append({"query": f"{len(han.encode()) // 1000} KB Han text", "seconds": best(files, han)})
    finally:
        query_module.MAX_QUERY_CHARS = cap
    rows.append({"query": "40 KB, refused by the cap", "seconds": best(files, "a " * 20_000)})
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False))
        return
    for row in rows:
        print(f"{row['query']:>28}: {row['seconds']:.3f} s")


if __name__ == "__main__":
    main()
