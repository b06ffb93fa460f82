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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.model.codes import TIERS

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
    for run in HAN.findall(normalize(text)):
        syllables = [table.get(ch, ch) for ch in run]
        out.update("~" + syllables[i] + syllables[i + 1] for i in range(len(syllables) - 1))
    return out


def initials_prefixes(text: str, table: Mapping[str, str]) -> set[str]:
    """Prefixes (two letters or more) of the pinyin initials of each Han run: 法律援助申请 -> fl, fly, flyz, flyzs, flyzsq.
    Meilisearch matches the last query word as a prefix; this gives initials typed short the same chance here."""
    out: set[str] = set()
    for run in HAN.findall(normalize(text)):
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
    from generator.search.query import pinyin_map

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


# The query side (mirrors search-static.mjs) ---------------------------------------------------------


def word_tokens(word: str) -> list[str]:
    """A Han run -> its bigrams (the character itself when alone); an ASCII word -> itself."""
    out: list[str] = []
    for run in HAN.findall(word):
        out.extend([run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)])
    out.extend(ASCII_WORD.findall(word))
    return out


def alternatives_of(words: Sequence[str]) -> list[list[str]]:
    """Token lists tried in order, like Meilisearch's matchingStrategy `last`: all words, then without the last word,
    ...; an ASCII-only query also as one joined word (spaced pinyin "hu zhao" = "huzhao")."""
    out: list[list[str]] = []

    def add(tokens: list[str]) -> None:
        tokens = list(dict.fromkeys(t for t in tokens if t))
        if tokens and tokens not in out:
            out.append(tokens)

    for end in range(len(words), 0, -1):
        add([t for w in words[:end] for t in word_tokens(w)])
        if end == len(words) and len(words) > 1 and all(w.isascii() for w in words):
            add(["".join(words)])
    return out


def homophone_tokens(words: Sequence[str], table: Mapping[str, str]) -> list[str]:
    out: list[str] = []
    for word in words:
        out.extend(sorted(syllable_grams(word, table), key=lambda t: normalize(word).find(t)))
    return list(dict.fromkeys(out))


@dataclass
class QueryResult:
    hits: list[dict[str, Any]]
    total: int
    fetched: list[str]  # relative file paths, in fetch order
    tokens: list[str] = field(default_factory=list)
    understood: dict[str, Any] = field(default_factory=dict)
    match: str = "none"  # "exact", "related" or "none" (Understander.verdict)


def full_matches(tokens: Sequence[str], lookup: Mapping[str, list[int]]) -> dict[int, int]:
    """doc -> the sum of its tokens' weights, for docs that have all the tokens."""
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for token in tokens:
        for value in lookup.get(token, []):
            c = counts[value >> 2]
            c[0] += 1
            c[1] += value & 3
    return {doc: weight for doc, (matched, weight) in counts.items() if matched == len(tokens)}


def half_matches(tokens: Sequence[str], lookup: Mapping[str, list[int]]) -> dict[int, int]:
    """doc -> tokens matched, for docs with at least half the tokens (a typo inside a word)."""
    counts: dict[int, int] = defaultdict(int)
    for token in tokens:
        for value in lookup.get(token, []):
            counts[value >> 2] += 1
    return {doc: n for doc, n in counts.items() if n * 2 >= len(tokens) and n > 0}


def ordered(scored: Mapping[int, int]) -> list[int]:
    return sorted(scored, key=lambda d: (-scored[d], d))


def first_full(alternatives: Sequence[Sequence[str]], lookup: Mapping[str, list[int]], ids: list[int]) -> None:
    """Append the docs of the first alternative that matches fully (and of its ASCII-joined twin) to ids."""
    for number, tokens in enumerate(alternatives):
        ids.extend(d for d in ordered(full_matches(tokens, lookup)) if d not in ids)
        joined_twin = number == 0 and len(alternatives) > 1 and len(alternatives[1]) == 1 and len(tokens) > 1 and all(t.isascii() for t in tokens)
        if ids and not joined_twin:
            break


def word_matches(words: Sequence[str], lookup: Mapping[str, list[int]]) -> list[int]:
    """Docs that hold at least one of the words whole, best first: the most characters of matched words (a longer
    word says more), then token weights, then id order; like Meilisearch's `words` rule over the query's words."""
    scores: dict[int, list[int]] = {}
    for word in dict.fromkeys(words):
        for doc, weight in full_matches(word_tokens(word), lookup).items():
            score = scores.setdefault(doc, [0, 0])
            score[0] += len(word)
            score[1] += weight
    return sorted(scores, key=lambda d: (-scores[d][0], -scores[d][1], d))


def rank(alternatives: Sequence[Sequence[str]], homophones: Sequence[str], lookup: Mapping[str, list[int]], segments: Sequence[str] = ()) -> list[int]:
    """Doc ids best first: the first alternative that matches fully (higher token weights first, then id order:
    shorter names first), its ASCII-joined twin too; homophone matches after them when fewer than PINYIN_BELOW;
    when no alternative matched and there are still fewer than PINYIN_BELOW, the docs holding the query's vocabulary segments, matched one by one
    (word_matches); documents with half the tokens only when nothing else matched."""
    ids: list[int] = []
    first_full(alternatives, lookup, ids)
    whole = bool(ids)
    if len(ids) < PINYIN_BELOW and homophones:
        ids.extend(d for d in ordered(full_matches(homophones, lookup)) if d not in ids)
    if not whole and segments and len(ids) < PINYIN_BELOW:
        ids.extend(d for d in word_matches(segments, lookup) if d not in ids)
    if not ids and alternatives:
        ids = ordered(half_matches(alternatives[0], lookup))
    return ids


def proximity(hit: Mapping[str, Any], chain: Sequence[str]) -> int:
    """0: in the chosen region (or, for a county, one of its townships); 1..: its county, the city; len(chain): elsewhere."""
    if chain and chain[0] in (hit.get("region_code"), hit.get("county_code")):
        return 0
    code = hit.get("region_code")
    return chain.index(code) if code in chain else len(chain)


def service_of(hit: Mapping[str, Any]) -> str:
    return str(hit.get("basic_code") or hit.get("url") or hit.get("name") or "")


def distinct_first(hits: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One hit per service (basic code) first, in the given order, then the other implementations in that order: a
    citizen looks for the service first, so three implementations of one service must not fill the top three."""
    seen: set[str] = set()
    first: list[dict[str, Any]] = []
    rest: list[dict[str, Any]] = []
    for hit in hits:
        service = service_of(hit)
        (rest if service in seen else first).append(hit)
        seen.add(service)
    return first + rest


def prefer_region(hits: Sequence[dict[str, Any]], chain: Sequence[str]) -> list[dict[str, Any]]:
    """The region's implementations first, then its county's, then the city's, then the rest (nothing is hidden);
    relevance order within each; then distinct services first (so a service is shown by its implementation nearest
    the region). The same rule as preferRegion() in search-understand.mjs."""
    indexed = sorted(enumerate(hits), key=lambda ih: (proximity(ih[1], chain), ih[0])) if chain else list(enumerate(hits))
    return distinct_first([h for _, h in indexed])


def region_tokens(chain: Sequence[str]) -> list[str]:
    """Postings that hold the implementations a chain prefers: "^code" (in the region or below it), then "@code"."""
    return ["^" + chain[0], *("@" + code for code in chain[1:])] if chain else []


def query(files: Mapping[str, bytes], text: str, limit: int = MAX_RESULTS, region: str | None = None) -> QueryResult:
    """Run a query the way the browser does, against the index files; records which files it needed."""
    from generator.search.query import pinyin_map
    from generator.search.understand import understander as make_understander

    fetched = ["manifest.json", UNDERSTAND_FILE]
    manifest = json.loads(files["manifest.json"])
    understander = make_understander(json.loads(files[UNDERSTAND_FILE]))
    understood = understander(text)
    chain = understander.chain(understood.region or region)
    lookup: dict[str, list[int]] = {}

    def load(tokens: Iterable[str]) -> None:
        for token in tokens:
            if token in lookup:
                continue
            rel = f"postings/{fnv1a(token) % manifest['shards']}.json"
            if rel not in fetched:
                fetched.append(rel)
            shard = json.loads(files[rel]) if rel in files else {}
            lookup[token] = decode_postings(shard[token]) if token in shard else []

    alternatives = alternatives_of(understood.words)
    segments = understood.segments if understood.segments != understood.words else []
    load([*(t for alt in alternatives for t in alt), *(t for w in segments for t in word_tokens(w))])
    homophones: list[str] = []
    if any(HAN.search(w) for w in understood.words) and sum(1 for _ in rank(alternatives, [], lookup)[:PINYIN_BELOW]) < PINYIN_BELOW:
        fetched.append(PINYIN_FILE)
        homophones = homophone_tokens(understood.words, pinyin_map())
        load(homophones)
    ids = rank(alternatives, homophones, lookup, segments)
    candidates = ids[:limit]
    if chain:
        load(region_tokens(chain))
        local = {value >> 2 for token in region_tokens(chain) for value in lookup[token]}
        candidates += [d for d in ids[limit:] if d in local][:limit]
    hits = []
    for doc in candidates:
        rel = f"docs/{doc // manifest['chunk']}.json"
        if rel not in fetched:
            fetched.append(rel)
        hits.append(dict(zip(ROW_FIELDS, json.loads(files[rel])[doc % manifest["chunk"]], strict=False)))
    hits = prefer_region(hits, chain)[:limit]
    answered = understander.journeys_first(hits, understood.journeys)
    total = len(ids) + len(answered) - len(hits)
    hits = answered[:limit]
    tokens = list(dict.fromkeys([*(t for alt in alternatives for t in alt)]))
    understood_out = {
        "words": understood.words,
        "segments": understood.segments,
        "region": understood.region or region,
        "chain": chain,
        "journeys": understood.journeys,
    }
    match = understander.verdict(understood, hits, pinyin_map())
    return QueryResult(hits=hits, total=total, fetched=fetched, tokens=tokens, understood=understood_out, match=match)


def transfer_bytes(files: Mapping[str, bytes], paths: Iterable[str]) -> tuple[int, int]:
    """(raw, gzip) bytes of the given files: what a browser downloads without and with HTTP compression."""
    raw = gz = 0
    for rel in paths:
        data = files.get(rel)
        if data is None:
            continue
        raw += len(data)
        gz += len(gzip.compress(data, 6))
    return raw, gz


class SiteFiles(Mapping[str, bytes]):
    """The static index files of a built site (its search/static/ folder), read on demand, as query() wants them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __getitem__(self, rel: str) -> bytes:
        path = self.folder / rel
        if not path.is_file():
            raise KeyError(rel)
        return path.read_bytes()

    def __iter__(self) -> Iterator[str]:
        return (p.relative_to(self.folder).as_posix() for p in self.folder.rglob("*") if p.is_file())

    def __len__(self) -> int:
        return sum(1 for _ in self)
