"""The search page configured federated (MEILI_REMOTES at build time) in real Chromium, against the two-shard setup of
tests/meili_fixture.py (two real Meilisearch instances, each holding about half of the catalog, joined by the network
feature) through `banshi run`'s proxy started with the same remotes; the same site built for one index holding
everything is the reference. Small on purpose: a sample of the relevance suites and one remote failure."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from generator.search.federation import configure_network
from generator.search.meili import Meili
from generator.search.meili_process import free_port
from generator.search.site_config import SearchSettings
from generator.site.server import make_server
from tests.browser.conftest import serving
from tests.conftest import REPO, working_dir
from tests.meili_fixture import Shards

pytestmark = pytest.mark.browser

SINGLE_INDEX = "fedpage_single"
EVERY = 25  # every 25th query of the relevance suites, in their order (a sample, not chosen by outcome)
TOP = 5


def build(settings: SearchSettings, folder: Path) -> Path:
    from generator.site.build import build_site

    site = folder / "site"
    with working_dir(REPO):
        built = build_site(REPO / "mkdocs.yml", site, search=settings)
    assert built.search.meili_enabled and built.search.remotes == settings.remotes, built.search
    return site


@pytest.fixture(scope="module")
def federated_url(meili_shards: Shards, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    entry, key = meili_shards.shards[0], meili_shards.search_keys[0]
    settings = SearchSettings("/meili/", key, meili_shards.index, api_url=entry.url, master_key=entry.master_key, remotes=meili_shards.remotes)
    site = build(settings, tmp_path_factory.mktemp("federated-page"))
    with serving(make_server(site, entry.url, port=0, search_key=key, index=meili_shards.index, remotes=meili_shards.remotes)) as url:
        yield url


@pytest.fixture(scope="module")
def single_url(meili: tuple[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from generator.search.documents import build_documents
    from generator.search.indexer import reindex
    from generator.search.settings import index_settings
    from generator.validate.project import validate

    result = validate(REPO)
    key = reindex(*meili, build_documents(result.catalog, result.items), index_settings(result.catalog), index=SINGLE_INDEX).search_key
    settings = SearchSettings(public_url="/meili/", search_key=key, index=SINGLE_INDEX, api_url=meili[0], master_key=meili[1])
    site = build(settings, tmp_path_factory.mktemp("single-page"))
    with serving(make_server(site, meili[0], port=0, search_key=key, index=SINGLE_INDEX)) as url:
        yield url


def sample() -> list[tuple[str, str | None]]:
    from bench import relevance_harness as relevance

    cases = [c for name in ("dev", "heldout", "heldout2", "heldout3") for c in relevance.load_suite(name)]
    return [(c["q"], c.get("region")) for c in cases[::EVERY]]


def answer(page: Any, base: str, query: str, region: str | None) -> dict[str, Any]:
    """The page's answer to `query` as a reader sees it: which backend, the verdict, the first result links."""
    page.goto(base + "search/?" + urlencode({"q": query, **({"region": region} if region else {})}))
    page.wait_for_function(
        "q => document.getElementById('bs-search').dataset.match && document.querySelector('.bs-results').dataset.query === q", arg=query.strip()
    )
    root = page.locator("#bs-search")
    links = page.locator(".bs-results a.bs-result__link").evaluate_all(f"links => links.slice(0, {TOP}).map((a) => new URL(a.href).pathname)")
    return {"backend": root.get_attribute("data-backend"), "match": root.get_attribute("data-match"), "top": links}


def test_the_federated_page_shows_the_single_index_pages_top_results(page: Any, federated_url: str, single_url: str) -> None:
    sent: list[Any] = []
    page.on("response", lambda r: sent.append(r) if r.url.endswith("/meili/multi-search") else None)
    differences, answered, filters = [], 0, 0
    for query, region in sample():
        federated = answer(page, federated_url, query, region)
        filters += page.locator(".bs-facet .bs-count").count()  # the merged filter counts (facetsByIndex) are shown
        single = answer(page, single_url, query, region)
        assert federated["backend"] == "meili" and single["backend"] == "meili", (query, federated, single)  # not the offline fallback
        answered += bool(single["top"])
        if federated != single:
            differences.append(f"{query}: federated {federated}, one index {single}")
    assert not differences, "\n".join(differences)
    assert answered >= len(sample()) - 2  # the sample is mostly answered queries
    assert sent and all(r.status == 200 and r.request.post_data_json["federation"] for r in sent)
    assert filters and any("facetsByIndex" in r.request.post_data_json["federation"] for r in sent)
    assert not [r.url for r in sent if "/indexes/" in r.url]


def test_a_remote_that_does_not_answer_sends_the_page_to_the_offline_index(page: Any, federated_url: str, meili_shards: Shards) -> None:
    """shard1 unreachable from the entry shard (its network address now a closed port): Meilisearch answers with
    remoteErrors; the page says it fell back and answers from the offline index, never from shard0's half."""
    entry, gone = meili_shards.shards
    remote_errors: list[bool] = []
    page.on("response", lambda r: remote_errors.append("remoteErrors" in r.json()) if r.url.endswith("/meili/multi-search") else None)
    with Meili(entry.url, entry.master_key) as admin:
        admin.patch("/network", {"remotes": {gone.name: {"url": f"http://127.0.0.1:{free_port()}", "searchApiKey": meili_shards.search_keys[1]}}})
    try:
        page.goto(federated_url + "search/?q=身份证")
        page.wait_for_function("() => document.getElementById('bs-search').dataset.backend === 'static'")
        page.locator('.bs-results[data-query="身份证"]').wait_for(state="attached")
        note = page.locator(".bs-search__mode")
        note.wait_for(state="visible")
        assert "当前使用离线索引" in note.inner_text() and "在线搜索暂不可用" in note.inner_text()
        names = page.locator(".bs-results .bs-result__name").all_inner_texts()
        assert any("居民身份证" in n for n in names), names
        assert remote_errors and all(remote_errors), remote_errors
    finally:
        configure_network(meili_shards.shards, dict(zip(meili_shards.remotes, meili_shards.search_keys, strict=True)))
