"""The static fallback index's query side: the Python twin of site_templates/overrides/assets/javascripts/search-static.mjs
(keep the two in step; tests compare them in Chromium), used by `banshi search --backend static`, the tests and the
byte measurements in bench/fallback_bench.py. The index itself is written by generator/search/static_index.py.

Time and memory grow linearly with the query (docs/search.md, "Long queries"); a query over the shared length cap
is refused with generator/search/query_cap.py's QueryTooLong before any work.
"""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.model.values import HAN_RUN
from generator.search.pinyin_chars import pinyin_map
from generator.search.query_cap import check_query_length
from generator.search.ranking import prefer_region
from generator.search.static_index import (
    ASCII_WORD,
    MAX_RESULTS,
    PINYIN_BELOW,
    PINYIN_FILE,
    ROW_FIELDS,
    UNDERSTAND_FILE,
    decode_postings,
    fnv1a,
    normalize,
    syllable_grams,
)
from generator.search.understand import understander as make_understander


def word_tokens(word: str) -> list[str]:
    """A Han run -> its bigrams (the character itself when alone); an ASCII word -> itself."""
    out: list[str] = []
    for run in HAN_RUN.findall(word):
        out.extend([run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)])
    out.extend(ASCII_WORD.findall(word))
    return out


@dataclass(frozen=True)
class Alternatives:
    """The token lists a query tries, in order, like Meilisearch's matchingStrategy `last`: the tokens of all words;
    for an ASCII-only query of several words, the words joined as one (spaced pinyin "hu zhao" = "huzhao"); then the
    tokens without the last word, without the last two words, ...

    Held in space linear in the query: each list without the last words is a prefix of `tokens` (every distinct
    token, in order of first occurrence), so only the prefix lengths are kept (`cuts`, longest first, the first
    one being all of `tokens`). Listing every alternative would take space and time quadratic in the words."""

    tokens: list[str]
    cuts: list[int]
    joined: str = ""

    def first(self) -> list[str]:
        """The first list tried: all tokens, else the joined word."""
        return self.tokens if self.tokens else [self.joined] if self.joined else []

    def all_tokens(self) -> list[str]:
        return list(dict.fromkeys([*self.tokens, *([self.joined] if self.joined else [])]))

    def as_json(self) -> dict[str, Any]:
        return {"tokens": self.tokens, "cuts": self.cuts, "joined": self.joined}


def alternatives_of(words: Sequence[str]) -> Alternatives:
    """The query's alternatives (see Alternatives) in one pass over the words."""
    tokens: list[str] = []
    seen: set[str] = set()
    ends: list[int] = []
    for word in words:
        for token in word_tokens(word):
            if token not in seen:
                seen.add(token)
                tokens.append(token)
        ends.append(len(tokens))
    cuts = [end for end in dict.fromkeys(reversed(ends)) if end]
    joined = "".join(words) if len(words) > 1 and all(w.isascii() for w in words) else ""
    return Alternatives(tokens, cuts, "" if tokens == [joined] else joined)


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


def longest_prefix(alternatives: Alternatives, lookup: Mapping[str, list[int]]) -> tuple[int, dict[int, int]]:
    """(cut, doc -> the sum of its tokens' weights) for the longest prefix tokens[:cut] (a cut of `alternatives`) that
    some docs match fully; (0, {}) when none does. One pass over the tokens, each token's postings read once: the
    docs holding a longer prefix are among those holding a shorter one."""
    cuts = set(alternatives.cuts)
    best: tuple[int, dict[int, int]] = (0, {})
    current: dict[int, int] | None = None
    for length, token in enumerate(alternatives.tokens, 1):
        narrowed: dict[int, int] = {}
        for value in lookup.get(token, []):
            doc = value >> 2
            if current is None or doc in current:
                narrowed[doc] = (current[doc] if current is not None else 0) + (value & 3)
        if not narrowed:
            break
        current = narrowed
        if length in cuts:
            best = (length, current)
    return best


def first_full(alternatives: Alternatives, lookup: Mapping[str, list[int]], ids: list[int]) -> None:
    """Append to ids the docs of the first alternative that matches fully: all tokens (with the ASCII-joined word's
    docs after them, for a query of several ASCII tokens), else the joined word, else the longest prefix."""
    cut, found = longest_prefix(alternatives, lookup)
    whole = bool(found) and cut == len(alternatives.tokens)
    if whole:
        ids.extend(ordered(found))
    if alternatives.joined and (not whole or len(alternatives.tokens) > 1):
        have = set(ids)
        ids.extend(d for d in ordered(full_matches([alternatives.joined], lookup)) if d not in have)
    if not ids:
        ids.extend(ordered(found))


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


def rank(alternatives: Alternatives, homophones: Sequence[str], lookup: Mapping[str, list[int]], segments: Sequence[str] = ()) -> list[int]:
    """Doc ids best first: the first alternative that matches fully (higher token weights first, then id order:
    shorter names first), its ASCII-joined twin too; homophone matches after them when fewer than PINYIN_BELOW;
    when no alternative matched and there are still fewer than PINYIN_BELOW, the docs holding the query's vocabulary segments, matched one by one
    (word_matches); documents with half the tokens only when nothing else matched."""
    ids: list[int] = []
    first_full(alternatives, lookup, ids)
    whole = bool(ids)
    if len(ids) < PINYIN_BELOW and homophones:
        have = set(ids)
        ids.extend(d for d in ordered(full_matches(homophones, lookup)) if d not in have)
    if not whole and segments and len(ids) < PINYIN_BELOW:
        have = set(ids)
        ids.extend(d for d in word_matches(segments, lookup) if d not in have)
    if not ids and alternatives.first():
        ids = ordered(half_matches(alternatives.first(), lookup))
    return ids


def region_tokens(chain: Sequence[str]) -> list[str]:
    """Postings that hold the implementations a chain prefers: "^code" (in the region or below it), then "@code"."""
    return ["^" + chain[0], *("@" + code for code in chain[1:])] if chain else []


def query(files: Mapping[str, bytes], text: str, limit: int = MAX_RESULTS, region: str | None = None) -> QueryResult:
    """Run a query the way the browser does, against the index files; records which files it needed. Time and memory
    grow linearly with the query; a query over the shared cap raises QueryTooLong (generator/search/query_cap.py)."""
    check_query_length(text)
    fetched = dict.fromkeys(["manifest.json", UNDERSTAND_FILE])  # an ordered set
    manifest = json.loads(files["manifest.json"])
    understander = make_understander(json.loads(files[UNDERSTAND_FILE]))
    understood = understander(text)
    chain = understander.chain(understood.region or region)
    lookup: dict[str, list[int]] = {}
    parsed: dict[str, Any] = {}  # each file parsed once

    def read(rel: str) -> Any:
        fetched[rel] = None
        if rel not in parsed:
            parsed[rel] = json.loads(files[rel]) if rel in files else {}
        return parsed[rel]

    def load(tokens: Iterable[str]) -> None:
        for token in tokens:
            if token not in lookup:
                shard = read(f"postings/{fnv1a(token) % manifest['shards']}.json")
                lookup[token] = decode_postings(shard[token]) if token in shard else []

    alternatives = alternatives_of(understood.words)
    segments = understood.segments if understood.segments != understood.words else []
    load([*alternatives.all_tokens(), *(t for w in segments for t in word_tokens(w))])
    homophones: list[str] = []
    if any(HAN_RUN.search(w) for w in understood.words) and len(rank(alternatives, [], lookup)) < PINYIN_BELOW:
        fetched[PINYIN_FILE] = None
        homophones = homophone_tokens(understood.words, pinyin_map())
        load(homophones)
    ids = rank(alternatives, homophones, lookup, segments)
    candidates = ids[:limit]
    if chain:
        load(region_tokens(chain))
        local = {value >> 2 for token in region_tokens(chain) for value in lookup[token]}
        candidates += [d for d in ids[limit:] if d in local][:limit]
    hits = [dict(zip(ROW_FIELDS, read(f"docs/{doc // manifest['chunk']}.json")[doc % manifest["chunk"]], strict=False)) for doc in candidates]
    hits = prefer_region(hits, chain)[:limit]
    answered = understander.journeys_first(hits, understood.journeys)
    total = len(ids) + len(answered) - len(hits)
    hits = answered[:limit]
    understood_out = {
        "words": understood.words,
        "segments": understood.segments,
        "region": understood.region or region,
        "chain": chain,
        "journeys": understood.journeys,
    }
    match = understander.verdict(understood, hits, pinyin_map())
    return QueryResult(hits=hits, total=total, fetched=list(fetched), tokens=alternatives.all_tokens(), understood=understood_out, match=match)


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
