"""Session fixture: a real Meilisearch from the pinned npm binary (search/package-lock.json).

Runs `npm ci` in search/ when node_modules is missing, starts the binary on a free 127.0.0.1 port with a
temporary data dir and a random master key, yields (url, master_key) and stops it (own PID, SIGTERM).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from generator.search.meili_process import MeiliServer, MeiliUnavailable, binary_path, install_binary


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
