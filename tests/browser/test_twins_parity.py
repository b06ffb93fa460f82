"""Python/JS twins agree: query understanding (search-understand.mjs ↔ search/understand.py), the static index's
token alternatives and hash (search-static.mjs ↔ search/static_query.py) and the query pinyin (search-meili.mjs ↔
search/query.py), run on every relevance query (tests/search_queries.yaml) plus edge cases.

Both backends depend on the twins giving the same words, tokens and hashes (the index is built in Python and read in
the browser), so the JS code itself runs in Chromium on the same inputs and data as the Python code.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
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


REGION_JS = """async ([base, codes, rows, data, hits]) => {
    const region = await import(base + "assets/javascripts/region.mjs");
    const und = await import(base + "assets/javascripts/search-understand.mjs");
    const understander = new und.Understander(data);
    const parents = region.parentsOf(rows);
    return codes.map((code) => {
        const chain = region.regionChain(code, parents);
        return { chain, understood: understander.chain(code), order: und.preferRegion(hits, chain).map((h) => h.id) };
    });
}"""


def test_region_chain_and_preference_twins_equal_python(page: Any, mini_url: str) -> None:
    """The region chain (region.mjs regionChain over assets/regions.json, and the understander's over understand.json)
    and the region preference (preferRegion) equal Python's Understander.chain and ranking.prefer_region, for every
    region of the repository's catalog and codes it does not have; the chain follows the catalog's parent links, never
    the code's digits (a county whose code does not start with its city's, like a development zone, keeps its city)."""
    from generator.render.journey import regions_json
    from generator.search.ranking import prefer_region

    result = validate(REPO)
    catalog = result.catalog
    data = catalog_understanding(catalog, result.items)
    rows = json.loads(regions_json(catalog))
    codes = [*sorted(catalog.regions), "999999", "410299999", ""]
    # one hit per record, in a fixed order (most records share a service with others: distinct-first is exercised)
    hits = [
        {"id": i.record.implementation_code, "basic_code": i.record.basic_code, "region_code": i.region.code,
         "county_code": i.region.parent if len(i.region.code) == 9 else i.region.code}
        for i in sorted(result.items, key=lambda i: i.record.implementation_code)
    ]  # fmt: skip
    page.goto(mini_url)
    js = page.evaluate(REGION_JS, [mini_url, codes, rows, data, hits])
    understand = understander(data)
    python = []
    for code in codes:
        chain = understand.chain(code)
        python.append({"chain": chain, "understood": chain, "order": [h["id"] for h in prefer_region(hits, chain)]})
    mismatches = [(c, j, p) for c, j, p in zip(codes, js, python, strict=True) if j != p]
    assert mismatches == [], mismatches[:3]
    known = [c for c in codes if c in catalog.regions]
    assert all(p["chain"] == [r.code for r in reversed(catalog.region_path(c))] for c, p in zip(codes, python, strict=False) if c in known)
    assert any(len(p["chain"]) == 3 for p in python) and python[codes.index("999999")]["chain"] == ["999999"]
    assert len({tuple(p["order"]) for p in python}) > 5  # the preference moves hits for most regions


#: The 长辈版 (care mode) rule as cases: (the page's query, the remembered choice before, on?, remembered after).
CARE_CASES = [
    ("", None, False, None),
    ("", "1", True, "1"),
    ("", "0", False, "0"),
    ("?care=1", None, True, "1"),
    ("?care=1", "0", True, "1"),
    ("?care=0", "1", False, "0"),
    ("?x=1&care=1", None, True, "1"),
    ("?care=2", "1", True, "1"),  # not a valid choice: the remembered one stands
    ("?care=10", None, False, None),
    ("?notcare=1", None, False, None),
]


def test_care_mode_rule_is_the_same_on_themed_pages_and_the_standalone_checklist(page: Any, mini_url: str, mini_site: Path) -> None:
    """The rule lives in care-early.js alone: main.html inlines it (every themed page), the 材料清单 loads it. Both
    kinds of page open in the mode the cases say, and remember what they say, before any module runs."""
    checklist = next(mini_site.glob("items/*/*/checklist/index.html")).relative_to(mini_site).parent.as_posix() + "/"
    page.route("**/*.mjs", lambda route: route.abort())  # the rule alone, not care.mjs's switch
    outcomes = []
    for path in ("", "services/", checklist):
        for query, before, _, _ in CARE_CASES:
            page.goto(mini_url + "404.html")
            page.evaluate("(v) => { localStorage.clear(); if (v !== null) localStorage.setItem('banshi.care', v); }", before)
            page.goto(mini_url + path + query)
            state = page.evaluate("() => [document.documentElement.classList.contains('bs-care'), localStorage.getItem('banshi.care')]")
            outcomes.append((path, query, before, *state))
    expected = [(path, q, b, on, after) for path in ("", "services/", checklist) for q, b, on, after in CARE_CASES]
    assert outcomes == expected


FEDERATION_JS = """async ([base, spec, bodies, answers]) => {
    const fed = await import(base + "assets/javascripts/search-federation.mjs");
    const single = answers.map(([answer, offset, limit]) => {
        try {
            return fed.singleAnswer(answer, offset, limit, spec);
        } catch (error) {
            return { failed: error.name, remote: error.remote };
        }
    });
    return { bodies: bodies.map(([body, index, remotes]) => fed.federatedBody(body, index, remotes, spec)), single };
}"""


def federated_answers(count: int) -> list[tuple[dict[str, Any], int, int]]:
    """Answers as Meilisearch merges them, made to hit every part of the order: scores equal but for their last bits,
    on either side of a quantum's half, k/1024 (halves at the 10th decimal), names with astral characters and with
    characters after the surrogates (（ U+FF08), equal names, tiers the catalog has and has not, missing fields."""
    import math
    import random

    from generator.model.codes import TIERS

    rng = random.Random(22)
    names = ["居民身份证", "居民身份证（补领）", "𠀀身份证", "身份证", "（身份证", "（身份证）", "低保", "低保", "最低生活保障", "", "A证", "a证"]
    bases = [0.5, 0.8333333333333334, 1 / 1024, 3 / 1024, 0.9999999995, 0.0000000005, 1.0, 0.0]
    answers = []
    for n in range(count):
        hits = []
        for k in range(rng.randint(0, 12)):
            score = rng.choice(bases) if rng.random() < 0.6 else rng.random()
            score = math.nextafter(score, rng.choice([0.0, 1.0])) if rng.random() < 0.3 else score
            hit: dict[str, Any] = {"id": f"{rng.randint(0, 5):03d}{k}", "_rankingScore": score, "_federation": {"remote": f"shard{k % 2}"}}
            if rng.random() < 0.9:
                hit["name"] = rng.choice(names)
            if rng.random() < 0.8:
                hit["tier"] = rng.choice([*TIERS, "省", "其他"])
            if rng.random() < 0.8:
                hit["region_code"] = rng.choice(["410200", "410225", "410225001", "41022"])
            hits.append(hit)
        answer: dict[str, Any] = {"hits": hits, "estimatedTotalHits": len(hits) + rng.randint(0, 3)}
        if rng.random() < 0.5:
            answer["facetDistribution"] = {"tier": {"县": len(hits)}}
        if n % 25 == 0:
            answer["remoteErrors"] = {"shard1": {"message": "error sending request", "code": "remote_could_not_send_request"}}
        answers.append((answer, rng.choice([0, 0, 1, 3]), rng.choice([1, 5, 20])))
    return answers


def test_federated_body_and_answer_twins_equal_python(page: Any, mini_url: str) -> None:
    """search-federation.mjs builds the same /multi-search body as federation.federated_body for every body the page
    sends, and orders and cuts 400 merged answers exactly as federation.single_answer (a failed remote: an error on
    both sides)."""
    from generator.search.federation import REMOTE_ERROR, federated_body, federation_spec, single_answer
    from generator.search.meili import MeiliError
    from generator.search.query import FACETS, build_pinyin_request, build_request, region_filter

    first = {k: v for k, v in build_request("营业执照").items() if k != "offset"}
    page_bodies = [first, {**first, "facets": []}, {**first, "filter": [region_filter(["410225"])]}, build_pinyin_request("身分证") or {}]
    page_bodies += [{**first, "attributesToRetrieve": ["id"], "facets": FACETS}, {"q": "", "limit": 1, "attributesToRetrieve": ["id"]}, {"q": "x"}]
    bodies = [(body, "items", remotes) for body in page_bodies for remotes in (["shard0", "shard1"], ["a", "b", "c"], ["one"])]
    answers = federated_answers(400)
    page.goto(mini_url)
    js = page.evaluate(FEDERATION_JS, [mini_url, json.loads(json.dumps(federation_spec())), bodies, answers])
    assert js["bodies"] == [federated_body(body, index, remotes) for body, index, remotes in bodies]
    python: list[dict[str, Any]] = []
    for answer, offset, limit in answers:
        try:
            python.append(single_answer(answer, offset, limit))
        except MeiliError as exc:
            assert exc.code == REMOTE_ERROR
            python.append({"failed": "RemoteError", "remote": "shard1"})
    mismatches = [(a, j, p) for a, j, p in zip(answers, js["single"], python, strict=True) if j != p]
    assert mismatches == [], mismatches[:2]
    ordered = [p["hits"] for p in python if len(p.get("hits", [])) > 3]
    assert len(ordered) > 100 and sum(p.get("failed") == "RemoteError" for p in python) == 16
