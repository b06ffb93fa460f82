"""Long queries (security review 2026-12b, S6): the static search's work grows linearly with the query's words, and
both backends, `banshi search` included, refuse a query over the shared cap with a Chinese message.

The linear growth is checked by counting work (postings read by rank()) at doubling sizes, and by comparing the
timings of two sizes with a generous bound; absolute speed is bench/'s job (bench/long_query_bench.py)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from generator.search import query_cap
from generator.search.query import query_spec, run_search
from generator.search.query_cap import MAX_QUERY_CHARS, TOO_LONG, QueryTooLong, check_query_length
from generator.search.static_index import build_static_index
from generator.search.static_query import alternatives_of, query, rank
from tests.support import MINI, run_cli

TOO_LONG_TEXT = TOO_LONG.format(max=MAX_QUERY_CHARS)
KB40 = "a " * 20_000  # 40,000 bytes, 20,000 words: the review's 40 KB link


class CountingLookup(dict[str, list[int]]):
    """Postings by token, counting every read and every posting handed out: the work rank() does."""

    reads = 0

    def get(self, key: str, default: Any = None) -> Any:
        value = super().get(key, default)
        self.reads += 1 + len(value or ())
        return value


def ascii_words(n: int) -> list[str]:
    return [f"w{i}" for i in range(n)]


def work(n: int, unknown_at: int | None) -> int:
    """rank() over n distinct words whose tokens all hold docs 0..9, except the word at `unknown_at` (no doc)."""
    words = ascii_words(n)
    lookup = CountingLookup({w: [d * 4 + 1 for d in range(10)] for w in words})
    if unknown_at is not None:
        lookup[words[unknown_at]] = []
    ids = rank(alternatives_of(words), [], lookup)
    assert ids == list(range(10)) or (unknown_at == 0 and ids == [])
    return lookup.reads


@pytest.mark.parametrize("unknown_at", [1, -1], ids=["second-word-unknown", "last-word-unknown"])
def test_ranking_work_grows_linearly_with_the_words(unknown_at: int) -> None:
    """Each doubling of the words at most doubles the postings read (a quadratic path reads 4x: it fails at the
    first doubling, before the large sizes)."""
    sizes = [1_500, 3_000, 6_000, 12_000]
    counts: list[int] = []
    for n in sizes:
        counts.append(work(n, unknown_at))
        assert len(counts) == 1 or counts[-1] <= 2.2 * counts[-2], list(zip(sizes, counts, strict=False))
    assert counts[-1] <= 25 * sizes[-1], counts
    assert work(12_000, None) <= 25 * 12_000  # every word matching: each token's postings read once


def test_alternatives_take_space_linear_in_the_words() -> None:
    words = ascii_words(12_000)
    alternatives = alternatives_of(words)
    assert alternatives.tokens == words and alternatives.cuts == list(range(12_000, 0, -1))
    assert alternatives.joined == "".join(words)


@pytest.fixture(scope="module")
def mini_index() -> dict[str, bytes]:
    from generator.search.documents import build_documents
    from generator.search.understand import catalog_understanding
    from generator.validate.project import validate

    result = validate(MINI)
    return build_static_index(build_documents(result.catalog, result.items), catalog_understanding(result.catalog, result.items)).files


def best_time(files: dict[str, bytes], text: str) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        query(files, text)
        times.append(time.perf_counter() - start)
    return min(times)


def test_whole_static_query_time_grows_linearly_without_the_cap(mini_index: dict[str, bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    """12,000 words and a 40 KB Han text through the whole query path (understanding, tokens, postings, ranking), with
    the cap lifted: four times the words must take well under the 16 times a quadratic path takes."""
    monkeypatch.setattr(query_cap, "MAX_QUERY_CHARS", 10**9)
    han = "食品经营许可证办理" * 1_500  # 13,500 characters, 40.5 KB in UTF-8
    assert len(han.encode()) >= 40_000
    words = [f"w{i}" for i in range(12_000)]
    pairs = [
        (" ".join(words[:1_500]), " ".join(words[:6_000])),  # a quadratic path fails here, before the largest size
        (" ".join(words[:3_000]), " ".join(words)),  # 12,000 words
        (han[: len(han) // 4], han),  # 40 KB
    ]
    for small, large in pairs:
        t_small, t_large = best_time(mini_index, small), best_time(mini_index, large)
        assert t_large < 8 * t_small + 0.05, f"{t_small:.3f} s -> {t_large:.3f} s for 4x the query (linear: 4x, quadratic: 16x)"


def test_both_backends_refuse_a_query_over_the_cap(mini_index: dict[str, bytes]) -> None:
    assert "搜索词太长" in TOO_LONG_TEXT and str(MAX_QUERY_CHARS) in TOO_LONG_TEXT
    check_query_length("食" * MAX_QUERY_CHARS)  # at the cap: searched
    check_query_length("  " + "食" * MAX_QUERY_CHARS + "\n")  # surrounding whitespace does not count
    for text in (KB40, " ".join(["a"] * 12_000), "食" * (MAX_QUERY_CHARS + 1), "\ufdfa" * 12):  # U+FDFA: 18 characters after NFKC
        with pytest.raises(QueryTooLong) as static_error:
            query(mini_index, text)
        assert str(static_error.value) == TOO_LONG_TEXT
        with pytest.raises(QueryTooLong):
            run_search(None, text)  # type: ignore[arg-type]  # refused before any request
    spec = query_spec()
    assert spec["maxQueryChars"] == MAX_QUERY_CHARS and spec["tooLong"].format(max=MAX_QUERY_CHARS) == TOO_LONG_TEXT


def test_search_command_says_the_query_is_too_long(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from tests.support import make_project

    project = make_project(tmp_path / "p")
    for backend in ("static", "meili"):
        start = time.perf_counter()
        code, out = run_cli(project, "search", "--backend", backend, "--site", str(tmp_path / "no-site"), KB40, monkeypatch=monkeypatch)
        assert code == 1 and TOO_LONG_TEXT in out and "Traceback" not in out, out
        assert time.perf_counter() - start < 5
