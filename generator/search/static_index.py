"""The static fallback search index: small, sharded files a phone fetches a few of per query.

Written from the same documents as Meilisearch (generator/search/documents.py) into `search/static/`:

    manifest.json             docs, shard count, chunk size, version (a content hash for cache busting)
    synonyms.json             colloquial -> official terms (applied to the query in the browser)
    postings/<shard>.json     {token: postings}, shard = fnv1a32(token) % shards
    docs/<chunk>.json         [[name, region, department, url, tier, item_type, fully_online, fee, limit, visits], ...]

Tokens: Han character bigrams of name and keywords (unigrams too, for one-character queries), Han
bigrams of region and department, whole pinyin terms (full words and initials, from the document's
pinyin field) and whole codes. Postings are sorted `doc_id * 2 + in_name`, delta-encoded in base 36 and
joined by commas. Documents are numbered in (name length, name, tier, region) order, so that a shorter
name ranks first and the same item in many regions lands in one metadata chunk.

The browser side is site_templates/overrides/assets/javascripts/search-static.mjs; `query()` below is
its Python twin (tests and the byte measurements in bench/fallback_bench.py use it).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.model.codes import TIERS

FORMAT = 1
OUT_DIR = "search/static"
SHARD_TARGET_BYTES = 24_000  # raw bytes of postings per shard, on average
CHUNK_TARGET_BYTES = 12_000  # raw bytes of document metadata per chunk, on average
MAX_RESULTS = 20

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
ASCII_WORD = re.compile(r"[a-z0-9]+")


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def han_grams(text: str, unigrams: bool) -> set[str]:
    out: set[str] = set()
    for run in HAN.findall(normalize(text)):
        if unigrams or len(run) == 1:
            out.update(run)
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    return out


def ascii_words(text: str) -> set[str]:
    return set(ASCII_WORD.findall(normalize(text)))


def fnv1a(token: str) -> int:
    h = 0x811C9DC5
    for byte in token.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def to36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if n == 0:
        return "0"
    out = []
    while n:
        n, r = divmod(n, 36)
        out.append(digits[r])
    return "".join(reversed(out))


def encode_postings(values: Iterable[int]) -> str:
    prev, parts = 0, []
    for v in sorted(values):
        parts.append(to36(v - prev))
        prev = v
    return ",".join(parts)


def decode_postings(text: str) -> list[int]:
    out, acc = [], 0
    for part in text.split(","):
        acc += int(part, 36)
        out.append(acc)
    return out


def doc_tokens(doc: Mapping[str, Any]) -> dict[str, bool]:
    """token -> found in the name."""
    tokens: dict[str, bool] = {}
    for t in han_grams(doc["name"], unigrams=True) | ascii_words(doc["name"]):
        tokens[t] = True
    other: set[str] = set()
    for kw in doc.get("keywords", []):
        other |= han_grams(kw, unigrams=True)
    other |= han_grams(doc.get("region", ""), unigrams=False) | han_grams(doc.get("department", ""), unigrams=False)
    other |= ascii_words(doc.get("pinyin", ""))
    other |= {normalize(doc[k]) for k in ("implementation_code", "basic_code") if doc.get(k)}
    for t in other:
        tokens.setdefault(t, False)
    return tokens


def doc_row(doc: Mapping[str, Any]) -> list[Any]:
    return [
        doc["name"],
        doc.get("region", ""),
        doc.get("department", ""),
        doc["url"],
        doc.get("tier", ""),
        doc.get("item_type", ""),
        1 if doc.get("fully_online") else 0,
        doc.get("fee", ""),
        doc.get("promised_limit", ""),
        doc.get("onsite_visits", 0),
    ]


def order_key(doc: Mapping[str, Any]) -> tuple[int, str, int, str, str]:
    return (len(doc["name"]), doc["name"], TIERS.index(doc["tier"]) if doc.get("tier") in TIERS else len(TIERS), doc.get("region_code", ""), doc["id"])


def power_of_two_at_least(n: float) -> int:
    return 1 << max(0, math.ceil(math.log2(max(n, 1))))


def dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass
class StaticIndex:
    """The files of the index, relative path -> bytes, plus what they hold."""

    files: dict[str, bytes] = field(default_factory=dict)
    documents: int = 0
    shards: int = 0
    chunk: int = 0
    tokens: int = 0

    @property
    def manifest(self) -> dict[str, Any]:
        return json.loads(self.files["manifest.json"])

    def write(self, out_dir: Path) -> None:
        for rel, data in self.files.items():
            path = out_dir / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    def total_bytes(self) -> int:
        return sum(len(b) for b in self.files.values())


def synonyms_table(synonyms: Iterable[tuple[str, Sequence[str]]]) -> dict[str, list[str]]:
    """colloquial (normalized) -> official terms."""
    out: dict[str, list[str]] = defaultdict(list)
    for official, colloquial in synonyms:
        for word in colloquial:
            key = normalize(word)
            if official not in out[key]:
                out[key].append(official)
    return dict(sorted(out.items()))


def build_static_index(documents: Sequence[Mapping[str, Any]], synonyms: Iterable[tuple[str, Sequence[str]]] = ()) -> StaticIndex:
    docs = sorted(documents, key=order_key)
    postings: dict[str, list[int]] = defaultdict(list)
    for number, doc in enumerate(docs):
        for token, in_name in doc_tokens(doc).items():
            postings[token].append(number * 2 + (1 if in_name else 0))
    encoded = {token: encode_postings(values) for token, values in postings.items()}
    total = sum(len(t.encode()) + len(v) + 6 for t, v in encoded.items())
    shard_count = power_of_two_at_least(total / SHARD_TARGET_BYTES)
    shards: list[dict[str, str]] = [{} for _ in range(shard_count)]
    for token in sorted(encoded):
        shards[fnv1a(token) % shard_count][token] = encoded[token]

    rows = [doc_row(d) for d in docs]
    avg_row = (sum(len(dumps(r)) for r in rows) / len(rows)) if rows else 1
    chunk = max(8, int(CHUNK_TARGET_BYTES // avg_row))

    index = StaticIndex(documents=len(docs), shards=shard_count, chunk=chunk, tokens=len(encoded))
    for number, shard in enumerate(shards):
        index.files[f"postings/{number}.json"] = dumps(shard)
    for number, start in enumerate(range(0, len(rows), chunk)):
        index.files[f"docs/{number}.json"] = dumps(rows[start : start + chunk])
    index.files["synonyms.json"] = dumps(synonyms_table(synonyms))
    digest = hashlib.sha256()
    for rel in sorted(index.files):
        digest.update(rel.encode() + b"\0" + index.files[rel])
    manifest = {"format": FORMAT, "version": digest.hexdigest()[:12], "docs": len(docs), "shards": shard_count, "chunk": chunk}
    index.files["manifest.json"] = dumps(manifest)
    return index


# The query side (mirrors search-static.mjs) ---------------------------------------------------------


def query_token_sets(query: str, synonyms: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Alternatives (the query itself, then with synonyms applied); each is a list of tokens that must all match."""
    q = normalize(query).strip()
    if not q:
        return []
    variants = [q]
    compact = re.sub(r"\s+", "", q)
    for word in sorted(synonyms, key=len, reverse=True):
        if word in compact:
            variants.extend(compact.replace(word, " " + official + " ") for official in synonyms[word])
    alternatives: list[list[str]] = []
    for variant in variants:
        tokens: list[str] = []
        for run in HAN.findall(variant):
            tokens.extend([run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)])
        ascii_only = not HAN.search(variant)
        words = ["".join(ASCII_WORD.findall(variant))] if ascii_only else ASCII_WORD.findall(variant)
        tokens.extend(w for w in words if w)
        tokens = list(dict.fromkeys(tokens))
        if tokens and tokens not in alternatives:
            alternatives.append(tokens)
    return alternatives


@dataclass
class QueryResult:
    hits: list[list[Any]]
    total: int
    fetched: list[str]  # relative file paths, in fetch order


def rank(alternatives: list[list[str]], lookup: Mapping[str, list[int]]) -> tuple[list[int], int]:
    """Doc ids best first, and how many matched.

    Full matches of the literal query, then full matches of a synonym, then (only when nothing matches
    fully) documents matching at least half the tokens; within a group, more tokens in the name first,
    then id order (shorter names first).
    """
    scores: dict[int, int] = {}
    for alt_number, tokens in enumerate(alternatives):
        counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for token in tokens:
            for value in lookup.get(token, []):
                c = counts[value >> 1]
                c[0] += 1
                c[1] += value & 1
        need = len(tokens)
        for doc, (matched, in_name) in counts.items():
            if matched * 2 < need:
                continue
            group = 3 if matched == need and alt_number == 0 else 2 if matched == need else 1
            score = group * 1000 + (1000 * in_name) // need
            if score > scores.get(doc, -1):
                scores[doc] = score
    full = [d for d, s in scores.items() if s >= 2000]
    ids = full or list(scores)
    ids.sort(key=lambda d: (-scores[d], d))
    return ids, len(ids)


def query(files: Mapping[str, bytes], text: str, limit: int = MAX_RESULTS) -> QueryResult:
    """Run a query the way the browser does, against the index files; records which files it needed."""
    fetched = ["manifest.json", "synonyms.json"]
    manifest = json.loads(files["manifest.json"])
    synonyms = json.loads(files["synonyms.json"])
    alternatives = query_token_sets(text, synonyms)
    lookup: dict[str, list[int]] = {}
    for token in dict.fromkeys(t for alt in alternatives for t in alt):
        rel = f"postings/{fnv1a(token) % manifest['shards']}.json"
        if rel not in fetched:
            fetched.append(rel)
        shard = json.loads(files[rel])
        if token in shard:
            lookup[token] = decode_postings(shard[token])
    ids, total = rank(alternatives, lookup)
    hits = []
    for doc in ids[:limit]:
        rel = f"docs/{doc // manifest['chunk']}.json"
        if rel not in fetched:
            fetched.append(rel)
        hits.append(json.loads(files[rel])[doc % manifest["chunk"]])
    return QueryResult(hits=hits, total=total, fetched=fetched)


def transfer_bytes(files: Mapping[str, bytes], paths: Iterable[str]) -> tuple[int, int]:
    """(raw, gzip) bytes of the given files: what a browser downloads without and with HTTP compression."""
    raw = gz = 0
    for rel in paths:
        data = files[rel]
        raw += len(data)
        gz += len(gzip.compress(data, 6))
    return raw, gz
