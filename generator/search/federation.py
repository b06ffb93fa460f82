"""Search past one machine: the catalog split into region shards, one Meilisearch per shard, joined by Meilisearch's
own network feature (remote federated search; experimental feature `network`, checked on the pinned 1.21.0).

- split_documents(): THE split rule. Documents are grouped by county (`county_code`: a township counts in its county,
  city-level items are the city's group, the catalog-wide 一件事 bundles one group of their own) and whole groups are
  dealt to the shard holding the fewest documents so far, largest group first, ties by code: deterministic, and a
  county is never split (the region search of the query path then asks one shard for most of its hits).
- index_shards(): each shard's documents reindexed into its own instance (indexer.reindex: swap, search-only key),
  then every instance told about every other (configure_network).
- FederatedMeili: a Meili client whose single searches (POST /indexes/<index>/search, as query.py sends them)
  become one POST /multi-search with `federation` and one query per remote (`federationOptions.remote`). The
  answer is reshaped as a single search's (hits, estimatedTotalHits, facetDistribution), so run_search and
  `banshi search` run the same query path on either setup.

Keys: the instance a client talks to runs the remote queries with each remote's `searchApiKey` from its /network
configuration, so each remote needs only its own search-only key on the index (the key reindex makes); the client's
own key needs only the search action on the index. GET /network shows those keys and needs the master key.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.model.codes import TIERS
from generator.search.indexer import IndexReport, reindex
from generator.search.meili import Meili, MeiliError
from generator.search.static_index import order_key

SEARCH_PATH = re.compile(r"/indexes/([^/]+)/search")
#: search parameters that belong to the whole federated answer, not to each remote's query
FEDERATION_LEVEL = ("limit", "offset", "facets")
DEFAULT_LIMIT = 20  # Meilisearch's own, for a body without `limit`
#: ranking scores are compared as round-half-up integers of this many units: two instances compute equal scores with
#: different last bits; floor(score * quantum + 0.5) is the same IEEE arithmetic in Python and in the page's script
SCORE_QUANTUM = 10**9
REMOTE_ERROR = "remote_error"  # MeiliError.code of an answer in which a remote failed (Meilisearch's own code is in the message)


@dataclass(frozen=True)
class Shard:
    """One instance of the federated setup: its remote name, where it listens, and its master key (indexing only)."""

    name: str
    url: str
    master_key: str = field(repr=False)


def shard_groups(documents: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """county code ('' for documents without one, the 一件事 bundles) -> number of documents."""
    groups: dict[str, int] = defaultdict(int)
    for doc in documents:
        groups[str(doc.get("county_code") or "")] += 1
    return dict(groups)


def split_documents(documents: Sequence[dict[str, Any]], shards: int) -> list[list[dict[str, Any]]]:
    """The documents of each of `shards` shards (whole counties, balanced by document count; order kept)."""
    if shards < 1:
        raise ValueError("shards must be at least 1")
    load = [0] * shards
    shard_of: dict[str, int] = {}
    for code, size in sorted(shard_groups(documents).items(), key=lambda kv: (-kv[1], kv[0])):
        target = min(range(shards), key=lambda k: (load[k], k))
        shard_of[code] = target
        load[target] += size
    out: list[list[dict[str, Any]]] = [[] for _ in range(shards)]
    for doc in documents:
        out[shard_of[str(doc.get("county_code") or "")]].append(doc)
    return out


def federated_body(body: Mapping[str, Any], index: str, remotes: Sequence[str]) -> dict[str, Any]:
    """One single-search body as a /multi-search body asking every remote, merged by ranking score.

    Meilisearch merges the remotes' hits by ranking score and breaks ties between remotes arbitrarily, where one
    index breaks them by the order documents were added (order_key). So each remote is asked for `offset + limit`
    hits more per remote, with their scores, and single_answer() puts ties back in order_key order before cutting."""
    query = {k: v for k, v in body.items() if k not in FEDERATION_LEVEL} | {"showRankingScore": True}
    wanted = (int(body.get("offset", 0)) + int(body.get("limit", DEFAULT_LIMIT))) * len(remotes)
    federation: dict[str, Any] = {"limit": wanted, "offset": 0}
    if body.get("facets"):
        federation["facetsByIndex"] = {index: list(body["facets"])}
        federation["mergeFacets"] = {}
    return {"federation": federation, "queries": [{**query, "indexUid": index, "federationOptions": {"remote": name}} for name in remotes]}


def tie_order(hit: Mapping[str, Any]) -> tuple[int, tuple[int, str, int, str, str]]:
    """Ranking score first (quantized: SCORE_QUANTUM), then order_key (static_index.py, the order one index adds in)."""
    return (-math.floor(float(hit.get("_rankingScore", 0.0)) * SCORE_QUANTUM + 0.5), order_key({"name": "", "id": "", **hit}))


def federation_spec() -> dict[str, Any]:
    """The values the page's twin of federated_body and single_answer reads (search/query.json `federation`;
    search-federation.mjs; tests/browser/test_twins_parity.py runs both on the same inputs)."""
    return {
        "federationLevel": list(FEDERATION_LEVEL),
        "defaultLimit": DEFAULT_LIMIT,
        "scoreQuantum": SCORE_QUANTUM,
        "tiers": list(TIERS),
    }


def single_answer(answer: Mapping[str, Any], offset: int = 0, limit: int = DEFAULT_LIMIT) -> dict[str, Any]:
    """A federated answer in a single search's shape; a remote that failed is an error, not a silently partial answer."""
    failed = answer.get("remoteErrors") or {}
    if failed:
        name, error = next(iter(failed.items()))
        raise MeiliError(f"Meilisearch 远程实例 {name} 没有回答：{error.get('message', '')}", code=REMOTE_ERROR)
    ranked = sorted(answer.get("hits", []), key=tie_order)[offset : offset + limit]
    hits = [{k: v for k, v in hit.items() if k not in ("_federation", "_rankingScore")} for hit in ranked]
    out: dict[str, Any] = {"hits": hits, "estimatedTotalHits": answer.get("estimatedTotalHits", len(hits))}
    if "facetDistribution" in answer:
        out["facetDistribution"] = answer["facetDistribution"]
    return out


class FederatedMeili(Meili):
    """A Meili client that sends each search to every remote of the instance at `url` (see the module's doc)."""

    def __init__(self, url: str, key: str | None, remotes: Sequence[str], timeout: float = 30.0, budget: float | None = None) -> None:
        super().__init__(url, key, timeout=timeout, budget=budget)
        if not remotes:
            raise ValueError("a federated search needs at least one remote")
        self.remotes = list(remotes)

    def post(self, path: str, json: Any = None, **params: Any) -> Any:
        found = SEARCH_PATH.fullmatch(path)
        if not found or not isinstance(json, Mapping):
            return super().post(path, json, **params)
        answer = super().post("/multi-search", federated_body(json, found.group(1), self.remotes), **params)
        return single_answer(answer, int(json.get("offset", 0)), int(json.get("limit", DEFAULT_LIMIT)))


def configure_network(shards: Sequence[Shard], search_keys: Mapping[str, str]) -> None:
    """Turn on the `network` feature on every shard and give each the same remotes (itself included) with their keys."""
    remotes = {s.name: {"url": s.url, "searchApiKey": search_keys[s.name]} for s in shards}
    for shard in shards:
        with Meili(shard.url, shard.master_key) as meili:
            meili.patch("/experimental-features", {"network": True})
            meili.patch("/network", {"self": shard.name, "remotes": remotes})


def index_shards(documents: Sequence[dict[str, Any]], settings: dict[str, Any], shards: Sequence[Shard], index: str = "items") -> list[IndexReport]:
    """Reindex each shard's part of the documents into its instance, then join the instances into one network."""
    parts = split_documents(documents, len(shards))
    reports = [reindex(shard.url, shard.master_key, part, settings, index=index) for shard, part in zip(shards, parts, strict=True)]
    configure_network(shards, {shard.name: report.search_key for shard, report in zip(shards, reports, strict=True)})
    return reports
