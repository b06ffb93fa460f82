"""Search past one machine: two real Meilisearch instances on 127.0.0.1, each holding half of the sample catalog
(generator/search/federation.py's split), joined by Meilisearch's network feature, answer every query of the relevance
suites (tests/relevance/*.yaml) with the same top 5 and the same verdict as one index holding everything (the
session's Meilisearch), through the one query path (query.run_search) at the page's limit (query.LIMIT).

The total and the filter counts are printed where they differ, not asserted: Meilisearch applies the ranking-score
threshold only as far as a search's limit, and the federated search asks each remote for more (federation.py), so
its counts may leave out weak matches a single index still counts (docs/scale.md has the figures)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from click.testing import CliRunner

from bench import relevance_harness as relevance
from generator.cli import main
from generator.commands.usage import USAGE_EXIT
from generator.search.documents import build_documents
from generator.search.federation import FederatedMeili, Shard, configure_network
from generator.search.indexer import reindex
from generator.search.meili import Meili, MeiliError
from generator.search.meili_process import free_port
from generator.search.query import LIMIT, run_search
from generator.search.settings import index_settings
from generator.search.site_check import verify_search_key
from generator.search.site_config import from_env
from generator.search.understand import Understander, catalog_understanding, understander
from generator.validate.project import validate
from tests.meili_fixture import SHARDED_INDEX, Shards
from tests.support import REPO

SUITES = ("dev", "heldout", "heldout2", "heldout3")
TOP = 5
INDEX = SHARDED_INDEX


@dataclass
class Setup:
    single: Meili
    federated: FederatedMeili
    understand: Understander
    shards: list[Shard]
    parts: list[list[dict[str, Any]]]
    search_keys: list[str]
    single_key: str


@pytest.fixture(scope="module")
def setup(meili: tuple[str, str], meili_shards: Shards) -> Iterator[Setup]:
    result = validate(REPO)
    docs = build_documents(result.catalog, result.items)
    single = reindex(*meili, docs, index_settings(result.catalog), index=INDEX)
    shards, keys = meili_shards.shards, meili_shards.search_keys
    with Meili(meili[0], single.search_key) as one, FederatedMeili(shards[0].url, keys[0], [s.name for s in shards]) as many:
        yield Setup(one, many, understander(catalog_understanding(result.catalog, result.items)), shards, meili_shards.parts, keys, single.search_key)


def test_each_shard_holds_whole_counties_and_about_half(setup: Setup) -> None:
    counties = [{d["county_code"] for d in part} for part in setup.parts]
    assert not counties[0] & counties[1], "a county is split between shards"
    sizes = [len(part) for part in setup.parts]
    assert abs(sizes[0] - sizes[1]) <= max(len(p) for p in setup.parts) // 4, sizes
    for shard, part in zip(setup.shards, setup.parts, strict=True):
        with Meili(shard.url, shard.master_key) as meili:
            assert meili.document_count(INDEX) == len(part)


def test_the_network_holds_search_only_keys(setup: Setup) -> None:
    for shard in setup.shards:
        with Meili(shard.url, shard.master_key) as meili:
            network = meili.get("/network")
            assert network["self"] == shard.name
            keys = {k["key"]: k for k in meili.get("/keys", limit=1000)["results"]}
            own = keys[network["remotes"][shard.name]["searchApiKey"]]
            assert own["actions"] == ["search"] and own["indexes"] == [INDEX]
    assert sorted(r["url"] for r in network["remotes"].values()) == sorted(s.url for s in setup.shards)


def test_a_search_key_can_neither_read_nor_change_the_network(setup: Setup) -> None:
    """GET /network shows the remotes' keys: only the master key may read or change it."""
    with Meili(setup.shards[0].url, setup.search_keys[0]) as meili:
        for method, body in (("GET", None), ("PATCH", {"remotes": {}})):
            with pytest.raises(MeiliError) as failed:
                meili.request(method, "/network", json=body)
            assert failed.value.status == 403, method


@pytest.mark.parametrize("suite", SUITES)
def test_federated_top5_equals_one_index(setup: Setup, suite: str) -> None:
    cases = relevance.load_suite(suite)
    differences, counts = [], []
    for case in cases:
        one = run_search(setup.single, case["q"], limit=LIMIT, index=INDEX, understander=setup.understand, region=case.get("region"))
        many = run_search(setup.federated, case["q"], limit=LIMIT, index=INDEX, understander=setup.understand, region=case.get("region"))
        top_one, top_many = [h["id"] for h in one["hits"][:TOP]], [h["id"] for h in many["hits"][:TOP]]
        if top_one != top_many or one["match"] != many["match"]:
            differences.append(f"{case['q']}: one index {top_one} {one['match']}, federated {top_many} {many['match']}")
        if one["estimatedTotalHits"] != many["estimatedTotalHits"] or one["facetDistribution"] != many["facetDistribution"]:
            counts.append(f"{case['q']}: total {one['estimatedTotalHits']} vs {many['estimatedTotalHits']}")
    print(f"\n{suite}: federated top {TOP} equal to one index for {len(cases) - len(differences)}/{len(cases)} queries; counts differ for {len(counts)}")
    for line in counts:
        print(f"  counts: {line}")
    assert not differences, "\n".join(differences)


def test_a_failed_remote_is_an_error_not_half_an_answer(setup: Setup) -> None:
    """A remote that does not answer (nothing listens on its port) makes the search fail (the page and `banshi search`
    then fall back to the offline index) rather than answer from half the catalog."""
    shard = setup.shards[0]
    with Meili(shard.url, shard.master_key) as admin:
        admin.patch("/network", {"remotes": {"gone": {"url": f"http://127.0.0.1:{free_port()}", "searchApiKey": setup.search_keys[0]}}})
        try:
            with FederatedMeili(shard.url, setup.search_keys[0], [shard.name, "gone"]) as broken, pytest.raises(MeiliError) as failed:
                run_search(broken, "身份证", index=INDEX, understander=setup.understand)
            assert "gone" in str(failed.value)
        finally:
            admin.patch("/network", {"remotes": {"gone": None}})


def test_cli_indexes_shards_and_searches_either_setup(setup: Setup, meili: tuple[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """`banshi index --shard` fills and joins the shards; `banshi search` with MEILI_REMOTES answers as one index does."""
    monkeypatch.chdir(REPO)
    try:
        _index_and_search_with_the_cli(setup, meili)
    finally:  # the shards are the session's (tests/meili_fixture.py): their network back to the session index's keys
        configure_network(setup.shards, {s.name: key for s, key in zip(setup.shards, setup.search_keys, strict=True)})


def _index_and_search_with_the_cli(setup: Setup, meili: tuple[str, str]) -> None:
    a, b = setup.shards
    env = {"MEILI_SHARDS": f"{a.name}={a.url} {b.name}={b.url}", "MEILI_MASTER_KEY_SHARD0": a.master_key, "MEILI_MASTER_KEY_SHARD1": b.master_key}
    out = CliRunner().invoke(main, ["index", "--index", "federated_cli", "--format", "json"], env={**env, "MEILI_URL": "", "MEILI_MASTER_KEY": ""})
    assert out.exit_code == 0, out.output
    report = json.loads(out.stdout)
    assert report["remotes"] == "shard0,shard1"
    assert [s["documents"] for s in report["shards"]] == [len(part) for part in setup.parts]
    entry = report["shards"][1]["search_key"]  # any shard can be the one a client talks to
    for query in ("身份证", "兰考 低保", "jiashizheng"):
        many = CliRunner().invoke(
            main,
            ["search", query, "--index", "federated_cli", "--format", "json"],
            env={"MEILI_URL": b.url, "MEILI_SEARCH_KEY": entry, "MEILI_REMOTES": "shard0,shard1"},
        )
        alone = {"MEILI_URL": meili[0], "MEILI_SEARCH_KEY": setup.single_key, "MEILI_REMOTES": ""}
        one = CliRunner().invoke(main, ["search", query, "--index", INDEX, "--format", "json"], env=alone)
        assert many.exit_code == 0 and one.exit_code == 0, many.output + one.output
        got, want = json.loads(many.stdout), json.loads(one.stdout)
        assert got["backend"] == "meili" and got["hits"] and got["hits"] == want["hits"], query
    bad = CliRunner().invoke(main, ["index", "--shard", "shard0"], env={"MEILI_SHARDS": "", "MEILI_MASTER_KEY": "x" * 20})
    assert bad.exit_code == USAGE_EXIT and "名称=地址" in bad.output
    down = CliRunner().invoke(main, ["index", "--shard", f"shard0=http://127.0.0.1:{free_port()}"], env={"MEILI_SHARDS": "", "MEILI_MASTER_KEY": "x" * 20})
    assert down.exit_code == 1 and "分片索引失败" in down.output and "其余分片未改动" in down.output


def test_a_search_only_key_is_published_for_the_page_to_search_every_shard(setup: Setup) -> None:
    """With MEILI_REMOTES, the entry shard's search-only key is verified as on one instance and must also run a
    federated search over the remotes (it can: the entry shard asks the others with their own keys); the page is then
    told the remotes. The master key's check finds the same key as search-only on the index, no wider."""
    shard = setup.shards[0]
    env = {"MEILI_URL": shard.url, "MEILI_SEARCH_KEY": setup.search_keys[0], "MEILI_INDEX": INDEX, "MEILI_REMOTES": " shard0, shard1 ,"}
    for master in (shard.master_key, ""):  # with the master key, and by probing with the key itself
        settings = from_env({**env, "MEILI_MASTER_KEY": master})
        assert settings.remotes == ("shard0", "shard1")
        verdict = verify_search_key(settings)
        assert verdict.public.meili_enabled and not verdict.problems, verdict.notes
        assert verdict.public.remotes == ("shard0", "shard1") and verdict.public.key == setup.search_keys[0]
        page = json.loads(verdict.public.page_json())["meili"]
        assert page == {"url": shard.url, "key": setup.search_keys[0], "index": INDEX, "remotes": ["shard0", "shard1"]}
        assert any("联邦搜索分片 shard0,shard1" in note for note in verdict.notes), verdict.notes


@pytest.mark.parametrize(
    ("remotes", "master", "said"),
    [
        ("shard0", True, "与 Meilisearch 的分片网络（shard0,shard1）不一致"),  # one shard left out: half the catalog
        ("shard0,shard1,shard2", True, "不一致"),
        ("shard0,ghost", False, "不能在分片 shard0,ghost 上联邦搜索"),  # no master key: the probe finds it
    ],
    ids=["one-left-out", "one-too-many", "unknown-without-master"],
)
def test_remotes_that_are_not_the_network_keep_the_key_off_the_page(setup: Setup, remotes: str, master: bool, said: str) -> None:
    shard = setup.shards[0]
    env = {"MEILI_URL": shard.url, "MEILI_SEARCH_KEY": setup.search_keys[0], "MEILI_INDEX": INDEX, "MEILI_REMOTES": remotes}
    verdict = verify_search_key(from_env({**env, "MEILI_MASTER_KEY": shard.master_key if master else ""}))
    assert not verdict.public.meili_enabled and not verdict.problems
    assert any(said in note and "离线索引" in note for note in verdict.notes), verdict.notes
    assert ("未验证的 MEILI_SEARCH_KEY", setup.search_keys[0]) in verdict.secrets  # the build then checks it is nowhere in the site
