"""`banshi run`'s /meili/ proxy forwards the search page's own bodies unchanged in effect, and reduces or refuses any
other (security review S8). Real Meilisearch (tests/meili_fixture.py) with the repository's documents."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.search.documents import build_documents
from generator.search.indexer import reindex
from generator.search.meili import Meili
from generator.search.query import FACETS, RETRIEVE, build_pinyin_request, build_request, region_filter
from generator.search.settings import index_settings
from generator.site.search_body import MAX_LIMIT
from generator.site.server import make_server, serve_in_thread
from generator.validate.project import validate
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


def via_proxy(port: int, body: Any) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        conn.request("POST", f"/meili/indexes/{INDEX}/search", body=data, headers={"Content-Type": "application/json"})
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
