"""Bytes a browser downloads for a first fallback search, on the sample catalog and synthetic 10k/100k sets.

    python bench/fallback_bench.py [--sizes 0,10000,100000] [--format text|json]

Size 0 means the repository's own items/. Synthetic sets clone the sample documents with new ids (same
names, so posting lists grow with N: a worst case for the fallback's per-token shards). "First query"
counts every file the browser fetches for it: manifest, understand.json, pinyin-chars.json when needed, the posting shards of its tokens and
the metadata chunks of the first 20 hits; raw bytes and gzip (what a compressing web server sends).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.search.documents import build_documents  # noqa: E402
from generator.search.static_index import PINYIN_FILE, build_static_index  # noqa: E402
from generator.search.static_query import query, transfer_bytes  # noqa: E402
from generator.search.understand import catalog_understanding  # noqa: E402
from generator.validate.project import validate  # noqa: E402

QUERIES = ["身份证", "驾照", "开饭店", "不动产登记", "shenfenzheng", "兰考 低保", "证", "我想给孩子办户口需要带什么", "身分证"]


def synthesize(base: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        doc = dict(base[i % len(base)])
        copy = i // len(base)
        if copy:
            suffix = f"{copy:06d}"
            doc["id"] = doc["implementation_code"] = doc["id"][:-6] + suffix
            doc["url"] = doc["url"].rstrip("/") + f"-{suffix}/"
        out.append(doc)
    return out


def measure(docs: list[dict[str, Any]], understanding: dict[str, Any]) -> dict[str, Any]:
    t0 = time.perf_counter()
    index = build_static_index(docs, understanding)
    seconds = time.perf_counter() - t0
    per_query = {}
    served = {**index.files, PINYIN_FILE: (ROOT / "search" / "pinyin-chars.json").read_bytes()}
    for q in QUERIES:
        result = query(index.files, q)
        raw, gz = transfer_bytes(served, result.fetched)
        per_query[q] = {"hits": result.total, "files": len(result.fetched), "raw_kb": round(raw / 1024, 1), "gzip_kb": round(gz / 1024, 1)}
    shard_sizes = [len(b) for rel, b in index.files.items() if rel.startswith("postings/")]
    return {
        "documents": index.documents,
        "build_s": round(seconds, 2),
        "files": len(index.files),
        "total_mb": round(index.total_bytes() / 2**20, 2),
        "shards": index.shards,
        "shard_kb": {"median": round(statistics.median(shard_sizes) / 1024, 1), "max": round(max(shard_sizes) / 1024, 1)},
        "chunk_docs": index.chunk,
        "queries": per_query,
        "first_query_kb": {
            "raw_max": max(v["raw_kb"] for v in per_query.values()),
            "gzip_max": max(v["gzip_kb"] for v in per_query.values()),
            "gzip_median": statistics.median(v["gzip_kb"] for v in per_query.values()),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0,10000,100000")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args()
    result = validate(ROOT)
    base = build_documents(result.catalog, result.items)
    understanding = catalog_understanding(result.catalog, result.items)
    report = {}
    for size in (int(s) for s in args.sizes.split(",")):
        docs = base if size == 0 else synthesize(base, size)
        report["sample" if size == 0 else str(size)] = measure(docs, understanding)
    if args.format == "json":
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    for name, r in report.items():
        print(
            f"{name}: {r['documents']} docs, index {r['total_mb']} MB in {r['files']} files ({r['shards']} shards, median {r['shard_kb']['median']} KB,"
            f" max {r['shard_kb']['max']} KB; {r['chunk_docs']} docs per chunk), built in {r['build_s']} s"
        )
        for q, v in r["queries"].items():
            print(f"  {q:<14} {v['hits']:>6} hits  {v['files']} files  {v['raw_kb']:>7} KB raw  {v['gzip_kb']:>6} KB gzip")
        print(f"  first query: max {r['first_query_kb']['raw_max']} KB raw, max {r['first_query_kb']['gzip_max']} KB gzip")


if __name__ == "__main__":
    main()
