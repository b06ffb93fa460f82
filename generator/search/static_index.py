"""The static fallback search index: small, sharded files a phone fetches a few of per query.

Written from the same documents as Meilisearch (generator/search/documents.py) into `search/static/`:

    manifest.json             docs, shard count, chunk size, version (a content hash for cache busting)
    postings/<shard>.json     {token: postings}, shard = fnv1a32(token) % shards
    understand.json           query understanding data for both backends (generator/search/understand.py)
    docs/<chunk>.json         [[name, region, department, url, tier, item_type, fully_online, fee, limit, visits,
                                basic_code, region_code, county, county_code, kind], ...]

Tokens: Han character bigrams of name, keywords and aliases (unigrams too, for one-character queries), Han
bigrams of region and department, English words of aliases, whole pinyin terms (full words and initials, from the
document's pinyin field) and prefixes of initials, homophone tokens ("~" + the syllables of a Han bigram of name, keywords, aliases), whole
codes, "@" + region code and "^" + region code and county code (for preferring the reader's region).
Postings are sorted `doc_id * 4 + weight` (3: in the name, 1: elsewhere, 0: only a prefix of initials),
delta-encoded in base 36 and joined by commas. Documents are
numbered in (name length, name, tier, region) order, so that a shorter name ranks first and the same item in many regions lands in one metadata chunk.

The query side is generator/search/static_query.py, the Python twin of the browser's
site_templates/overrides/assets/javascripts/search-static.mjs.
"""

from __future__ import annotations

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
from generator.model.values import HAN_RUN
from generator.search.pinyin_chars import pinyin_map

FORMAT = 2
OUT_DIR = "search/static"
SHARD_TARGET_BYTES = 24_000  # raw bytes of postings per shard, on average
CHUNK_TARGET_BYTES = 12_000  # raw bytes of document metadata per chunk, on average
MAX_RESULTS = 20
PINYIN_BELOW = 3  # as generator/search/query.py: add homophone matches when fewer hits than this
UNDERSTAND_FILE = "understand.json"
PINYIN_FILE = "../pinyin-chars.json"  # the site's search/pinyin-chars.json, fetched only for homophone matching
ROW_FIELDS = [
    "name", "region", "department", "url", "tier", "item_type", "fully_online", "fee", "promised_limit", "onsite_visits",
    "basic_code", "region_code", "county", "county_code", "kind",
]  # fmt: skip

ASCII_WORD = re.compile(r"[a-z0-9]+")


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def han_grams(text: str, unigrams: bool) -> set[str]:
    out: set[str] = set()
    for run in HAN_RUN.findall(normalize(text)):
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


def _to36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if n == 0:
        return "0"
    out = []
    while n:
        n, r = divmod(n, 36)
        out.append(digits[r])
    return "".join(reversed(out))


_SMALL36 = [_to36(n) for n in range(36**3)]  # most deltas are small: a table lookup instead of division


def to36(n: int) -> str:
    return _SMALL36[n] if n < len(_SMALL36) else _to36(n)


def encode_postings(values: Iterable[int]) -> str:
    ordered_values = sorted(values)
    return ",".join(to36(v - p) for v, p in zip(ordered_values, [0, *ordered_values], strict=False))


def decode_postings(text: str) -> list[int]:
    out, acc = [], 0
    for part in text.split(","):
        acc += int(part, 36)
        out.append(acc)
    return out


def syllable_grams(text: str, table: Mapping[str, str]) -> set[str]:
    """Homophone tokens: "~" + the pinyin of each Han bigram (身份 -> ~shenfen), one syllable per character."""
    out: set[str] = set()
    for run in HAN_RUN.findall(normalize(text)):
        syllables = [table.get(ch, ch) for ch in run]
        out.update("~" + syllables[i] + syllables[i + 1] for i in range(len(syllables) - 1))
    return out


def initials_prefixes(text: str, table: Mapping[str, str]) -> set[str]:
    """Prefixes (two letters or more) of the pinyin initials of each Han run: 法律援助申请 -> fl, fly, flyz, flyzs, flyzsq.
    Meilisearch matches the last query word as a prefix; this gives initials typed short the same chance here."""
    out: set[str] = set()
    for run in HAN_RUN.findall(normalize(text)):
        initials = "".join(table[ch][0] for ch in run if ch in table)
        out.update(initials[:k] for k in range(2, len(initials) + 1))
    return out


IN_NAME, ELSEWHERE, PREFIX = 3, 1, 0  # token weights in postings


def text_tokens(name: str, texts: tuple[str, ...], table: Mapping[str, str]) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(name tokens, other tokens, prefix tokens) of a name and its keywords and aliases; cached in build_static_index,
    since the same item in many regions has the same texts."""
    name_tokens = han_grams(name, unigrams=True) | ascii_words(name)
    other: set[str] = set()
    prefixes: set[str] = set()
    for text in (name, *texts):
        other |= syllable_grams(text, table)
        prefixes |= initials_prefixes(text, table)
    for text in texts:
        other |= han_grams(text, unigrams=True) | ascii_words(text)
    return frozenset(name_tokens), frozenset(other), frozenset(prefixes)


def doc_tokens(doc: Mapping[str, Any], pinyin_table: Mapping[str, str] | None = None, cache: dict[Any, Any] | None = None) -> dict[str, int]:
    """token -> weight: IN_NAME, ELSEWHERE, or PREFIX (only a prefix of some initials)."""
    table = pinyin_table or {}
    key = (doc["name"], (*doc.get("keywords", []), *doc.get("aliases", [])))
    found = cache.get(key) if cache is not None else None
    if found is None:
        found = text_tokens(key[0], key[1], table)
        if cache is not None:
            cache[key] = found
    name_tokens, text_other, prefixes = found
    tokens: dict[str, int] = dict.fromkeys(name_tokens, IN_NAME)
    for alias in doc.get("aliases", []) if doc.get("kind") == "bundle" else []:  # a bundle's colloquial names rank as its name
        tokens.update(dict.fromkeys(han_grams(alias, unigrams=True), IN_NAME))
    other: set[str] = set(text_other)
    other |= han_grams(doc.get("region", ""), unigrams=False) | han_grams(doc.get("department", ""), unigrams=False)
    other |= ascii_words(doc.get("pinyin", ""))
    other |= {normalize(doc[k]) for k in ("implementation_code", "basic_code") if doc.get(k)}
    if doc.get("region_code"):
        other.add("@" + doc["region_code"])
        other.add("^" + doc["region_code"])
    if doc.get("county_code"):
        other.add("^" + doc["county_code"])
    for t in other:
        tokens.setdefault(t, ELSEWHERE)
    for t in prefixes:
        tokens.setdefault(t, PREFIX)
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
        doc.get("basic_code", ""),
        doc.get("region_code", ""),
        doc.get("county", ""),
        doc.get("county_code", ""),
        doc.get("kind", "item"),
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


def build_static_index(documents: Sequence[Mapping[str, Any]], understanding: Mapping[str, Any] | None = None) -> StaticIndex:
    """The index files; `understanding` (generator/search/understand.py) is written as understand.json for both backends."""
    table = pinyin_map()
    docs = sorted(documents, key=order_key)
    postings: dict[str, list[int]] = defaultdict(list)
    cache: dict[Any, Any] = {}
    for number, doc in enumerate(docs):
        for token, weight in doc_tokens(doc, table, cache).items():
            postings[token].append(number * 4 + weight)
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
    index.files[UNDERSTAND_FILE] = dumps(understanding or {})
    digest = hashlib.sha256()
    for rel in sorted(index.files):
        digest.update(rel.encode() + b"\0" + index.files[rel])
    manifest = {"format": FORMAT, "version": digest.hexdigest()[:12], "docs": len(docs), "shards": shard_count, "chunk": chunk}
    index.files["manifest.json"] = dumps(manifest)
    return index
