"""Session fixture: a real Meilisearch from the pinned npm binary (search/package-lock.json).

Runs `npm ci` in search/ when node_modules is missing, starts the binary on a free 127.0.0.1 port with a
temporary data dir and a random master key, yields (url, master_key) and stops it (own PID, SIGTERM).
`meili_shards`: two more instances holding the repository's documents split as a sharded deployment does.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from generator.search.federation import Shard
from generator.search.meili_process import MeiliServer, MeiliUnavailable, binary_path, install_binary

SHARDED_INDEX = "federated_items"


@pytest.fixture(scope="session")
def meili_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MeiliServer]:
    """The running MeiliServer (for tests that need its PID or data dir); most tests use `meili`."""
    try:
        binary = binary_path() if binary_path().is_file() else install_binary()
        server = MeiliServer(tmp_path_factory.mktemp("meili"), binary=binary).start()
    except MeiliUnavailable as exc:
        pytest.fail(f"Meilisearch 无法启动：{exc}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def meili(meili_server: MeiliServer) -> tuple[str, str]:
    """(url, master_key) of the session's Meilisearch."""
    return meili_server.url, meili_server.master_key


@dataclass(frozen=True)
class Shards:
    """Two real instances each holding about half of the repository's documents, joined as one network."""

    shards: list[Shard]
    search_keys: list[str]  # each shard's search-only key on `index`
    parts: list[list[dict[str, Any]]]
    index: str = SHARDED_INDEX

    @property
    def remotes(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.shards)


@pytest.fixture(scope="session")
def meili_shards(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shards]:
    """The sharded setup of generator/search/federation.py on 127.0.0.1 (index_shards: split, index, join)."""
    from generator.search.documents import build_documents
    from generator.search.federation import index_shards, split_documents
    from generator.search.settings import index_settings
    from generator.validate.project import validate
    from tests.support import REPO

    result = validate(REPO)
    docs = build_documents(result.catalog, result.items)
    base = tmp_path_factory.mktemp("shards")
    binary = binary_path() if binary_path().is_file() else install_binary()
    servers = [MeiliServer(base / f"shard{k}", binary=binary) for k in range(2)]
    try:
        for server in servers:
            server.start()
        shards = [Shard(f"shard{k}", server.url, server.master_key) for k, server in enumerate(servers)]
        reports = index_shards(docs, index_settings(result.catalog), shards, index=SHARDED_INDEX)
        yield Shards(shards, [r.search_key for r in reports], split_documents(docs, 2))
    except MeiliUnavailable as exc:
        pytest.fail(f"Meilisearch 无法启动：{exc}")
    finally:
        for server in servers:
            server.stop()
