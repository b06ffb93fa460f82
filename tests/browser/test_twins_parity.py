"""Python/JS twins agree: query understanding (search-understand.mjs ↔ search/understand.py), the static index's
token alternatives and hash (search-static.mjs ↔ search/static_query.py) and the query pinyin (search-meili.mjs ↔
search/query.py), run on every relevance query (tests/search_queries.yaml) plus edge cases.

Both backends depend on the twins giving the same words, tokens and hashes (the index is built in Python and read in
the browser), so the JS code itself runs in Chromium on the same inputs and data as the Python code.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
import yaml

from generator.search.pinyin_chars import PINYIN_FILE, query_pinyin
from generator.search.static_index import fnv1a
from generator.search.static_query import alternatives_of
from generator.search.understand import catalog_understanding, understander
from generator.validate.project import validate
from tests.support import REPO

pytestmark = pytest.mark.browser

EXTRA = ["", "  ", "ＡＢＣ１２３ 身份证", "jiazhao", "Shen Fen Zheng", "hu hu", "a-b c", "身份证 身份证 护照", "驾照到期了怎么弄呢", "12345"]
EXTRA += ["开饭店要什么", "食品-经营/许可", "兰考县 低保", "买房 生孩子", "渔船登记", "结昏登记", "营业执照注销", "𠀀身分证😀"]
# an answer with one bundle the search found (with its own fields) and one item: journeys_first keeps the found card
HITS = [
    {"kind": "item", "name": "食品经营许可", "url": "items/410202/x/", "basic_code": "000106003000"},
    {"kind": "bundle", "name": "二手房转移登记及水电气联动过户", "url": "bundles/ershoufang-guohu/", "onsite_visits": 1},
]

JS = """async ([base, texts, data, table, hits]) => {
    const und = await import(base + "assets/javascripts/search-understand.mjs");
    const st = await import(base + "assets/javascripts/search-static.mjs");
    const meili = await import(base + "assets/javascripts/search-meili.mjs");
    const understander = new und.Understander(data);
    return texts.map((q) => {
        const u = understander.understand(q);
        const alternatives = st.alternativesOf(u.words);
        return {
            words: u.words, region: u.region, terms: u.terms,
            alternatives, hashes: st.allTokens(alternatives).map(st.fnv1a), pinyin: meili.queryPinyin(q, table),
            journeys: u.journeys, answer: understander.journeysFirst(hits, u.journeys),
            uncovered: understander.uncovered(u), unknown: understander.unknown(u, table), match: understander.verdict(u, hits, table),
        };
    });
}"""


def queries() -> list[str]:
    data = yaml.safe_load((REPO / "tests" / "search_queries.yaml").read_text(encoding="utf-8"))
    return [q["q"] for q in data["queries"]] + EXTRA


def test_js_twins_equal_python(page: Any, mini_url: str) -> None:
    result = validate(REPO)
    data = catalog_understanding(result.catalog, result.items)
    table = json.loads(PINYIN_FILE.read_text(encoding="utf-8"))
    texts = queries()
    page.goto(mini_url)
    js = page.evaluate(JS, [mini_url, texts, data, table, HITS])
    understand = understander(data)
    python = []
    for q in texts:
        u = understand(q)
        alternatives = alternatives_of(u.words)
        python.append(
            {
                "words": u.words,
                "region": u.region,
                "terms": u.terms,
                "alternatives": alternatives.as_json(),
                "hashes": [fnv1a(t) for t in alternatives.all_tokens()],
                "pinyin": query_pinyin(q),
                "journeys": u.journeys,
                "answer": understand.journeys_first(HITS, u.journeys),
                "uncovered": understand.uncovered(u),
                "unknown": understand.unknown(u, table),
                "match": understand.verdict(u, HITS, table),
            }
        )
    mismatches = [(q, j, p) for q, j, p in zip(texts, js, python, strict=True) if j != p]
    assert mismatches == [], mismatches[:5]
    assert len(texts) > 50 and any(p["pinyin"] for p in python) and any(p["region"] for p in python) and any(len(p["alternatives"]["cuts"]) > 1 for p in python)
    assert any(p["alternatives"]["joined"] for p in python)
    assert any(len(p["journeys"]) > 1 for p in python) and any(len(p["answer"]) > len(HITS) for p in python)
    assert {p["match"] for p in python} == {"exact", "related"} and any(p["uncovered"] and not p["unknown"] for p in python)


WORK_JS = """async ([base, sizes, unknownAt]) => {
    const st = await import(base + "assets/javascripts/search-static.mjs");
    return sizes.map((n) => {
        const words = Array.from({ length: n }, (_, i) => "w" + i);
        const postings = Array.from({ length: 10 }, (_, d) => d * 4 + 1);
        const map = new Map(words.map((w, i) => [w, i === (unknownAt + n) % n ? [] : postings]));
        let reads = 0;
        const lookup = { get: (t) => { const v = map.get(t); reads += 1 + (v ? v.length : 0); return v; } };
        const ids = st.rank(st.alternativesOf(words), [], lookup);
        return [reads, ids.length];
    });
}"""


@pytest.mark.parametrize("unknown_at", [1, -1], ids=["second-word-unknown", "last-word-unknown"])
def test_js_ranking_work_grows_linearly_with_the_words(page: Any, mini_url: str, unknown_at: int) -> None:
    """The browser twin of tests/test_long_query.py: postings read by rank() at doubling query sizes (S6)."""
    sizes = [1_500, 3_000, 6_000, 12_000]
    page.goto(mini_url)
    reads: list[int] = []
    for n in sizes:  # one size at a time: a quadratic twin fails at the first doubling, before the large sizes
        ((count, found),) = page.evaluate(WORK_JS, [mini_url, [n], unknown_at])
        assert found == 10
        reads.append(count)
        assert all(b <= 2.2 * a for a, b in itertools.pairwise(reads)), list(zip(sizes, reads, strict=False))
    assert reads[-1] <= 25 * sizes[-1], reads
