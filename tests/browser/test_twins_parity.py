"""Python/JS twins agree: the browser's tokenizer, hash and query pinyin (search-static.mjs, search-meili.mjs) give
what their Python twins (search/static_index.py, search/query.py) give, over every relevance query.

The static index is built in Python and read in the browser, and search/query.json is interpreted in both; a drift
between the twins would silently lose hits, so the JS code itself is run in Chromium on the same inputs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.load.catalog import load_catalog
from generator.search.query import PINYIN_FILE, query_pinyin
from generator.search.static_index import fnv1a, query_token_sets, synonyms_table
from tests.support import REPO

pytestmark = pytest.mark.browser

EXTRA = ["", "  ", "ＡＢＣ１２３ 身份证", "jiazhao", "Shen Fen Zheng", "驾照到期了怎么弄呢", "12345", "开饭店要什么", "食品-经营/许可"]


def queries() -> list[str]:
    data = yaml.safe_load((REPO / "tests" / "search_queries.yaml").read_text(encoding="utf-8"))
    return [q["q"] for q in data["queries"]] + EXTRA


def test_js_tokenizer_hash_and_pinyin_equal_python(page: Any, mini_url: str) -> None:
    synonyms = synonyms_table((s.official, list(s.colloquial)) for s in load_catalog(REPO, []).synonyms)
    table = json.loads(Path(PINYIN_FILE).read_text(encoding="utf-8"))
    texts = queries()
    page.goto(mini_url)
    js = page.evaluate(
        """async ([base, texts, synonyms, table]) => {
            const st = await import(base + "assets/javascripts/search-static.mjs");
            const meili = await import(base + "assets/javascripts/search-meili.mjs");
            return texts.map((q) => {
                const sets = st.tokenSets(q, synonyms);
                return {sets, hashes: sets.map((s) => s.map(st.fnv1a)), pinyin: meili.queryPinyin(q, table)};
            });
        }""",
        [mini_url, texts, synonyms, table],
    )
    python = []
    for q in texts:
        sets = query_token_sets(q, synonyms)
        python.append({"sets": sets, "hashes": [[fnv1a(t) for t in s] for s in sets], "pinyin": query_pinyin(q)})
    mismatches = [(q, j, p) for q, j, p in zip(texts, js, python, strict=True) if j != p]
    assert mismatches == [], mismatches[:5]
    assert len(texts) > 50 and any(p["pinyin"] for p in python) and any(len(p["sets"]) > 1 for p in python)
