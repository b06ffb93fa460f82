"""The static fallback index: shard sizes, growth with N, and queries (身份证, 驾照, pinyin, codes) on the sample catalog."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.search.static_index import (
    CHUNK_TARGET_BYTES,
    ROW_FIELDS,
    SHARD_TARGET_BYTES,
    StaticIndex,
    build_static_index,
    decode_postings,
    encode_postings,
    fnv1a,
)
from generator.search.static_query import query, transfer_bytes

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def sample() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    from generator.search.documents import build_documents
    from generator.search.understand import catalog_understanding
    from generator.validate.project import validate

    result = validate(REPO)
    return build_documents(result.catalog, result.items), catalog_understanding(result.catalog, result.items)


@pytest.fixture(scope="module")
def index(sample: tuple[list[dict[str, Any]], dict[str, Any]]) -> StaticIndex:
    return build_static_index(*sample)


def clone(docs: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        doc = dict(docs[i % len(docs)])
        doc["id"] = f"{doc['id']}-{i}"
        doc["url"] = f"{doc['url']}{i}/"
        out.append(doc)
    return out


def names(index: StaticIndex, text: str) -> list[str]:
    return [hit["name"] for hit in query(index.files, text).hits]


def test_postings_round_trip_and_hash_is_fnv1a() -> None:
    values = [0, 1, 7, 36, 37, 1296, 99_999]
    assert decode_postings(encode_postings(reversed(values))) == values
    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C  # FNV-1a 32-bit reference value; search-static.mjs must agree


def test_files_are_small_and_the_manifest_describes_them(index: StaticIndex) -> None:
    manifest = index.manifest
    assert manifest["docs"] == index.documents > 200
    assert sum(1 for f in index.files if f.startswith("postings/")) == manifest["shards"]
    assert sum(1 for f in index.files if f.startswith("docs/")) == -(-manifest["docs"] // manifest["chunk"])
    assert len(index.files["manifest.json"]) < 200
    assert len(index.files["understand.json"]) < 80_000
    for rel, data in index.files.items():
        json.loads(data)
        if rel.startswith("postings/"):
            assert len(data) < 3 * SHARD_TARGET_BYTES, rel
        if rel.startswith("docs/"):
            assert len(data) < 2 * CHUNK_TARGET_BYTES, rel


def test_shards_and_chunks_stay_bounded_as_the_catalog_grows(sample: tuple[list[dict[str, Any]], dict[str, Any]]) -> None:
    docs, understanding = sample
    big = build_static_index(clone(docs, 5_000), understanding)
    shard_sizes = sorted(len(b) for rel, b in big.files.items() if rel.startswith("postings/"))
    assert big.shards >= 16
    assert shard_sizes[len(shard_sizes) // 2] < 2 * SHARD_TARGET_BYTES
    assert max(len(b) for rel, b in big.files.items() if rel.startswith("docs/")) < 2 * CHUNK_TARGET_BYTES
    result = query(big.files, "身份证")
    raw, _gzip = transfer_bytes(big.files, result.fetched)
    assert result.total > 100 and raw < 300_000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("身份证", "居民身份证"),
        ("驾照", "机动车驾驶证"),
        ("jiazhao", "机动车驾驶证"),
        ("jsz", "机动车驾驶证"),
        ("shenfenzheng", "居民身份证"),
        ("开饭店", "开办餐饮店一件事"),  # the journey first (its keyword), then its steps
        ("生孩子", "新生儿出生一件事"),
        ("身份证丢了", "居民身份证补领"),
    ],
)
def test_queries_find_the_item(index: StaticIndex, text: str, expected: str) -> None:
    found = names(index, text)
    assert found and expected in found[0], (text, found[:5])


def test_an_intent_finds_its_journey_and_the_service_it_names(index: StaticIndex) -> None:
    """开饭店 is a colloquial word of 食品经营许可 and a keyword of 开办餐饮店一件事: the journey comes first, the
    service its words were rewritten to right after; a query without a journey keyword gets no journey."""
    assert names(index, "开饭店")[:2] == ["开办餐饮店一件事", "食品经营许可"]
    assert names(index, "买房")[:2] == ["二手房转移登记及水电气联动过户", "不动产转移登记"]
    assert not any("一件事" in n or "过户" in n for n in names(index, "食品经营许可"))


def test_region_narrows_and_codes_match(index: StaticIndex, sample: tuple[list[dict[str, Any]], dict[str, Any]]) -> None:
    hits = query(index.files, "兰考 低保").hits
    assert hits and all("最低生活保障" in h["name"] for h in hits)
    assert hits[0]["county"] == "兰考县"  # the region named in the query is preferred, others still follow
    assert {h["county"] for h in hits} > {"兰考县"}
    doc = next(d for d in sample[0] if d["kind"] == "item")
    assert [h["url"] for h in query(index.files, doc["implementation_code"]).hits] == [doc["url"]]


def test_nothing_found_is_empty_and_fetches_little(index: StaticIndex) -> None:
    result = query(index.files, "火星移民")
    assert result.total == 0 and result.hits == []
    assert not any(f.startswith("docs/") for f in result.fetched)


def test_hits_carry_only_public_fields(index: StaticIndex) -> None:
    hit = query(index.files, "身份证").hits[0]
    assert set(hit) == set(ROW_FIELDS)
    assert hit["url"].startswith("items/") and hit["tier"] in ("市", "县", "乡") and hit["fully_online"] in (0, 1)
    assert isinstance(hit["onsite_visits"], int) and len(hit["basic_code"]) == 12
    assert hit["kind"] == "item"


def test_cli_static_backend_answers_as_query(index: StaticIndex, tmp_path: Path) -> None:
    """`banshi search --backend static` reads a built site's index and gives what query() (the page's twin) gives."""
    from click.testing import CliRunner

    from generator.cli import main
    from generator.search.static_index import OUT_DIR
    from generator.search.static_query import SiteFiles

    index.write(tmp_path / OUT_DIR)
    for text, region in [("我想办护照多少钱", None), ("低保", "410225"), ("ID card", None)]:
        args = ["search", text, "--backend", "static", "--site", str(tmp_path), "--format", "json"] + (["--region", region] if region else [])
        out = CliRunner().invoke(main, args)
        assert out.exit_code == 0, out.output
        data = json.loads(out.stdout)
        expected = query(SiteFiles(tmp_path / OUT_DIR), text, limit=10, region=region)
        assert [h["url"] for h in data["hits"]] == [h["url"] for h in expected.hits] and data["total"] == expected.total
        assert data["hits"], text
    lankao = CliRunner().invoke(main, ["search", "低保", "--backend", "static", "--site", str(tmp_path), "--format", "json", "--region", "410225"])
    assert json.loads(lankao.stdout)["hits"][0]["county"] == "兰考县"
    missing = CliRunner().invoke(main, ["search", "低保", "--backend", "static", "--site", str(tmp_path / "nothing")])
    assert missing.exit_code == 1 and "找不到离线索引" in missing.output
