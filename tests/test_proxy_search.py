"""`banshi run`'s /meili/ proxy forwards the search page's own bodies unchanged in effect, and reduces or refuses any
other (security review S8). Real Meilisearch (tests/meili_fixture.py) with the repository's documents; the federated
proxy (started with remotes) in front of the two-shard setup (meili_shards), forwarding the page's multi-searches."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.search.documents import build_documents
from generator.search.federation import federated_body, single_answer
from generator.search.indexer import reindex
from generator.search.meili import Meili
from generator.search.query import FACETS, RETRIEVE, build_pinyin_request, build_request, region_filter
from generator.search.settings import index_settings
from generator.site.search_body import MAX_LIMIT
from generator.site.server import make_server, serve_in_thread
from generator.validate.project import validate
from tests.meili_fixture import Shards
from tests.support import REPO

INDEX = "proxy_items"


@pytest.fixture(scope="module")
def proxied(meili: tuple[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, str, str]]:
    """(proxy port, Meilisearch URL, master key) with the repository's documents indexed."""
    url, master = meili
    result = validate(REPO)
    search_key = reindex(url, master, build_documents(result.catalog, result.items), index_settings(result.catalog), index=INDEX).search_key
    site = tmp_path_factory.mktemp("proxy-site")
    (site / "index.html").write_text("<p>ok</p>", encoding="utf-8")
    server = make_server(site, url, port=0, search_key=search_key, index=INDEX)
    thread = serve_in_thread(server)
    try:
        yield server.server_address[1], url, master
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def via_proxy(port: int, body: Any, path: str = f"/meili/indexes/{INDEX}/search", method: str = "POST") -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        conn.request(method, path, body=data, headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def direct(url: str, master: str, body: dict[str, Any]) -> dict[str, Any]:
    with Meili(url, master) as m:
        return m.post(f"/indexes/{INDEX}/search", body)  # type: ignore[no-any-return]


def page_bodies() -> list[dict[str, Any]]:
    """The bodies search-meili.mjs sends (search/query.json): first search, without facets, filtered, the region
    search, the pinyin search, the relaxed search and the facet request of an opened filter panel."""
    first = {k: v for k, v in build_request("营业执照").items() if k != "offset"}  # the page sends no offset
    filtered = {**first, "filter": [['tier = "县"', 'tier = "乡"'], 'fee = "不收费"']}
    relaxed = {k: v for k, v in first.items() if k != "rankingScoreThreshold"}
    return [
        first,
        {**first, "facets": []},
        filtered,
        {**first, "filter": [region_filter(["410202", "410200"])], "facets": []},
        build_pinyin_request("身分证") or {},
        relaxed,
        {**filtered, "attributesToRetrieve": ["id"], "facets": FACETS},
    ]


@pytest.mark.parametrize("number", range(7), ids=["first", "no-facets", "filtered", "region", "pinyin", "relaxed", "facet-panel"])
def test_the_pages_own_searches_get_what_meilisearch_answers(proxied: tuple[int, str, str], number: int) -> None:
    port, url, master = proxied
    body = page_bodies()[number]
    status, data = via_proxy(port, body)
    assert status == 200, data[:300]
    answer, expected = json.loads(data), direct(url, master, body)
    assert answer["hits"] and answer["hits"] == expected["hits"]
    assert answer.get("facetDistribution") == expected.get("facetDistribution")
    assert answer["estimatedTotalHits"] == expected["estimatedTotalHits"]


ABUSE = {
    "q": "证 办 申请 登记 许可 补贴 社保 户口 医保 营业执照",
    "limit": 100000,
    "offset": 0,
    "attributesToRetrieve": ["*"],
    "attributesToHighlight": ["*"],
    "attributesToCrop": ["*"],
    "cropLength": 1000,
    "showMatchesPosition": True,
    "facets": ["*", "department", "region"],
    "showRankingScore": True,
    "showRankingScoreDetails": True,
    "matchingStrategy": "last",
}


def test_a_body_asking_for_the_whole_index_is_reduced_to_the_pages_shape(proxied: tuple[int, str, str]) -> None:
    port, url, master = proxied
    whole = direct(url, master, ABUSE)
    assert len(whole["hits"]) > MAX_LIMIT and "_rankingScoreDetails" in whole["hits"][0]  # what the old proxy passed on
    status, data = via_proxy(port, ABUSE)
    assert status == 200, data[:300]
    answer = json.loads(data)
    assert 0 < len(answer["hits"]) <= MAX_LIMIT
    for hit in answer["hits"]:
        assert set(hit) == {"id"}, sorted(hit)  # "*" is no attribute of the page's: only the id comes back
    assert not answer.get("facetDistribution")  # "*", department and region are no facets of the page's
    assert len(data) * 10 < len(json.dumps(whole, ensure_ascii=False).encode())


def test_the_page_attributes_are_kept_and_others_dropped(proxied: tuple[int, str, str]) -> None:
    port, _, _ = proxied
    status, data = via_proxy(port, {"q": "低保", "limit": 5, "attributesToRetrieve": ["name", "materials", "locations"], "facets": ["tier", "department"]})
    assert status == 200
    answer = json.loads(data)
    assert answer["hits"] and all(set(hit) == {"name"} for hit in answer["hits"])
    assert set(answer["facetDistribution"]) == {"tier"}
    assert "materials" not in RETRIEVE and "department" not in FACETS  # the test means something


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"[1, 2]", "JSON object"),
        (b"{not json", "not JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "not JSON"),
        ({"q": 42}, "q must be"),
        ({"q": "x", "limit": "all"}, "limit must be"),
        ({"q": "x", "attributesToRetrieve": "*"}, "attributesToRetrieve must be"),
        ({"q": "x", "filter": [[["tier = 县"]]]}, "nested one level"),
        ({"q": "x", "filter": ['tier = "县"'] * 65}, "more than 64 terms"),
        ({"q": "x", "filter": "tier = " + "x" * 3000}, "at most 2000 characters"),
        ({"q": "x", "rankingScoreThreshold": 2}, "from 0 to 1"),
    ],
    ids=["array", "broken", "deep", "q-number", "limit-text", "retrieve-string", "filter-deep", "filter-many", "filter-long", "threshold"],
)
def test_bodies_of_another_shape_are_refused_with_the_reason(proxied: tuple[int, str, str], body: Any, reason: str) -> None:
    port, _, _ = proxied
    status, data = via_proxy(port, body)
    assert status == 400
    answer = json.loads(data)
    assert answer["code"] == "proxy_bad_search" and reason in answer["message"]


def test_a_long_query_is_cut(proxied: tuple[int, str, str], tmp_path: Path) -> None:
    port, _, _ = proxied
    status, data = via_proxy(port, {"q": "营业执照 " * 5000, "limit": 3})
    assert status == 200 and json.loads(data)["query"] == ("营业执照 " * 5000)[:500]


# Federated: the server started with the shards' remote names forwards POST /meili/multi-search of the page's shape only.

FED = "/meili/multi-search"


@pytest.fixture(scope="module")
def federated(meili_shards: Shards, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Shards]]:
    site = tmp_path_factory.mktemp("federated-proxy-site")
    (site / "index.html").write_text("<p>ok</p>", encoding="utf-8")
    entry = meili_shards.shards[0]
    server = make_server(site, entry.url, port=0, search_key=meili_shards.search_keys[0], index=meili_shards.index, remotes=meili_shards.remotes)
    thread = serve_in_thread(server)
    try:
        yield server.server_address[1], meili_shards
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def page_federated(body: dict[str, Any], shards: Shards) -> dict[str, Any]:
    return federated_body({k: v for k, v in body.items() if k != "offset"}, shards.index, shards.remotes)


@pytest.mark.parametrize("number", range(7), ids=["first", "no-facets", "filtered", "region", "pinyin", "relaxed", "facet-panel"])
def test_the_pages_federated_searches_get_what_meilisearch_answers(federated: tuple[int, Shards], number: int) -> None:
    port, shards = federated
    body = page_federated(page_bodies()[number], shards)
    status, data = via_proxy(port, body, FED)
    assert status == 200, data[:300]
    with Meili(shards.shards[0].url, shards.shards[0].master_key) as m:
        expected = single_answer(m.post("/multi-search", body), limit=body["federation"]["limit"])
    answer = single_answer(json.loads(data), limit=body["federation"]["limit"])
    assert answer["hits"] and answer == expected
    assert {h["_federation"]["remote"] for h in json.loads(data)["hits"]} == set(shards.remotes) or number == 3  # both halves answered


def test_a_federated_body_asking_for_more_is_reduced_to_the_pages_shape(federated: tuple[int, Shards]) -> None:
    port, shards = federated
    body = page_federated({**ABUSE, "limit": 20}, shards)
    wider = {"limit": 100000, "offset": 5, "facetsByIndex": {shards.index: ["*", "department", "tier"]}, "mergeFacets": {"maxValuesPerFacet": 1000}}
    body["federation"] |= wider
    status, data = via_proxy(port, body, FED)
    assert status == 200, data[:300]
    answer = json.loads(data)
    assert 0 < len(answer["hits"]) <= MAX_LIMIT * len(shards.remotes)
    for hit in answer["hits"]:
        assert set(hit) == {"id", "_federation", "_rankingScore"}, sorted(hit)  # no attribute, highlight or score detail
    assert set(answer["facetDistribution"]) == {"tier"}


def federated_refusals() -> list[tuple[Any, str]]:
    page = {**build_request("营业执照"), "facets": []}
    good = federated_body(page, "federated_items", ("shard0", "shard1"))

    def changed(change: Any) -> dict[str, Any]:
        body = json.loads(json.dumps(good))
        change(body)
        return body

    return [
        (page, "`federation` and `queries`"),  # a single search's body
        ({**good, "limit": 20}, "`federation` and `queries`"),
        ({**good, "federation": []}, "federation must be an object"),
        (changed(lambda b: b["federation"].update(limit="all")), "limit must be"),
        (changed(lambda b: b["federation"].update(facetsByIndex={"items": ["tier"]})), "facetsByIndex must name"),
        (changed(lambda b: b["queries"].pop()), "one per remote"),
        (changed(lambda b: b["queries"].append(b["queries"][0])), "one per remote"),
        (changed(lambda b: b.update(queries=[b["queries"][0], b["queries"][0]])), "each of shard0, shard1 once"),
        (changed(lambda b: b["queries"][1].update(federationOptions={"remote": "shard2"})), "each of shard0, shard1 once"),
        (changed(lambda b: b["queries"][1].update(federationOptions={"remote": "shard1", "weight": 9.0})), "federationOptions must be"),
        (changed(lambda b: b["queries"][1].pop("federationOptions")), "federationOptions must be"),  # shard0's own half alone
        (changed(lambda b: b["queries"][0].update(indexUid="items")), "indexUid must be"),
        (changed(lambda b: b["queries"][0].update(q=42)), "q must be"),  # page_search_body's rules, per query
        (changed(lambda b: b["queries"][1].update(filter=[[["tier = 县"]]])), "nested one level"),
        (changed(lambda b: b["queries"][0].update(attributesToRetrieve="*")), "attributesToRetrieve must be"),
        (changed(lambda b: b["queries"][0].update(rankingScoreThreshold=2)), "from 0 to 1"),
        (b"[" * 100_000 + b"]" * 100_000, "not JSON"),
    ]


REFUSAL_IDS = ["single", "extra-key", "federation-list", "limit-text", "other-index-facets", "one-query", "three-queries"]
REFUSAL_IDS += ["remote-twice", "unknown-remote", "weight", "no-remote", "other-index", "q-number", "filter-deep", "retrieve-string", "threshold", "deep"]


@pytest.mark.parametrize("number", range(len(REFUSAL_IDS)), ids=REFUSAL_IDS)
def test_federated_bodies_of_another_shape_are_refused_with_the_reason(federated: tuple[int, Shards], number: int) -> None:
    port, _ = federated
    body, reason = federated_refusals()[number]
    status, data = via_proxy(port, body, FED)
    assert status == 400, data[:300]
    answer = json.loads(data)
    assert answer["code"] == "proxy_bad_search" and reason in answer["message"], answer


@pytest.mark.parametrize(
    ("setup", "method", "path", "status", "reason"),
    [
        ("federated", "POST", FED, 200, None),
        ("federated", "GET", "/meili/health", 200, None),
        # one shard alone would answer from half the catalog
        ("federated", "POST", "/meili/indexes/federated_items/search", 404, "only multi-search (federated: remotes shard0,shard1)"),
        ("federated", "GET", FED, 404, "only multi-search"),
        ("federated", "POST", "/meili/indexes/federated_items/multi-search", 404, "only multi-search"),
        ("federated", "GET", "/meili/network", 404, "only multi-search"),
        ("federated", "POST", "/meili/keys", 404, "only multi-search"),
        ("single", "POST", f"/meili/indexes/{INDEX}/search", 200, None),
        ("single", "GET", "/meili/health", 200, None),
        ("single", "POST", FED, 404, "only search and health"),  # without remotes: no multi-search at all
        ("single", "GET", "/meili/keys", 404, "only search and health"),
    ],
)
def test_each_setup_forwards_its_own_routes_only(request: pytest.FixtureRequest, setup: str, method: str, path: str, status: int, reason: str | None) -> None:
    if setup == "federated":
        port, shards = request.getfixturevalue("federated")
        body: Any = page_federated(page_bodies()[0], shards) if method == "POST" else b""
    else:
        port = request.getfixturevalue("proxied")[0]
        body = page_bodies()[0] if method == "POST" else b""
    got, data = via_proxy(port, body, path, method)
    assert got == status, data[:300]
    if reason:
        answer = json.loads(data)
        assert answer["code"] == "proxy_route_not_allowed" and reason in answer["message"], answer
