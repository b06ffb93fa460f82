"""Python/JS twins agree: query understanding (search-understand.mjs ↔ search/understand.py), the static index's
token alternatives and hash (search-static.mjs ↔ search/static_index.py) and the query pinyin (search-meili.mjs ↔
search/query.py), run on every relevance query (tests/search_queries.yaml) plus edge cases.

Both backends depend on the twins giving the same words, tokens and hashes (the index is built in Python and read in
the browser), so the JS code itself runs in Chromium on the same inputs and data as the Python code.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from generator.search.query import PINYIN_FILE, query_pinyin
from generator.search.static_index import alternatives_of, fnv1a
from generator.search.understand import catalog_understanding, understander
from generator.validate.project import validate
from tests.support import REPO

pytestmark = pytest.mark.browser

EXTRA = [
    "",
    "  ",
    "ＡＢＣ１２３ 身份证",
    "jiazhao",
    "Shen Fen Zheng",
    "驾照到期了怎么弄呢",
    "12345",
    "开饭店要什么",
    "食品-经营/许可",
    "兰考县 低保",
    "买房 生孩子",
    "渔船登记",
    "结昏登记",
    "营业执照注销",
    "𠀀身分证😀",
]
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
            alternatives, hashes: alternatives.map((a) => a.map(st.fnv1a)), pinyin: meili.queryPinyin(q, table),
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
                "alternatives": alternatives,
                "hashes": [[fnv1a(t) for t in a] for a in alternatives],
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
    assert len(texts) > 50 and any(p["pinyin"] for p in python) and any(p["region"] for p in python) and any(len(p["alternatives"]) > 1 for p in python)
    assert any(len(p["journeys"]) > 1 for p in python) and any(len(p["answer"]) > len(HITS) for p in python)
    assert {p["match"] for p in python} == {"exact", "related"} and any(p["uncovered"] and not p["unknown"] for p in python)
