"""Both search backends as plain functions of (query, region): for `banshi search`, the relevance suite and bench."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from generator.search.documents import build_documents
from generator.search.indexer import reindex
from generator.search.meili import Meili
from generator.search.meili_process import MeiliServer, binary_path, install_binary
from generator.search.query import run_search
from generator.search.settings import index_settings
from generator.search.static_index import build_static_index
from generator.search.static_query import query
from generator.search.understand import catalog_understanding, understander
from generator.validate.project import validate

#: A search as the relevance suites see it: (query, region code or None) -> hits with at least basic_code and county.
SearchFn = Callable[[str, str | None], Sequence[Mapping[str, Any]]]


class Answer(list[dict[str, Any]]):
    """A backend's hits, with its verdict on whether they answer the query (`match`: exact, related or none)."""

    def __init__(self, hits: list[dict[str, Any]], match: str) -> None:
        super().__init__(hits)
        self.match = match


@contextlib.contextmanager
def backends_on(url: str, master_key: str, repo: Path, index: str = "items") -> Iterator[dict[str, SearchFn]]:
    """The repository's documents indexed in the Meilisearch at url (searched with the search-only key, as the page
    does), and its static index in memory; both through the shared query understanding."""
    result = validate(repo)
    docs = build_documents(result.catalog, result.items)
    data = catalog_understanding(result.catalog, result.items)
    static = build_static_index(docs, data)
    understand = understander(data)
    report = reindex(url, master_key, docs, index_settings(result.catalog), index=index)
    with Meili(url, report.search_key) as meili:

        def meili_search(q: str, region: str | None) -> list[dict[str, Any]]:
            found = run_search(meili, q, limit=10, index=index, understander=understand, region=region)
            return Answer(found["hits"], found["match"])

        def static_search(q: str, region: str | None) -> list[dict[str, Any]]:
            found = query(static.files, q, limit=10, region=region)
            return Answer(found.hits, found.match)

        yield {"meili": meili_search, "static": static_search}


@contextlib.contextmanager
def local_backends(repo: Path, tmp: Path, index: str = "items") -> Iterator[dict[str, SearchFn]]:
    """backends_on() a private Meilisearch started for the purpose (bench/relevance.py)."""
    binary = binary_path() if binary_path().is_file() else install_binary()
    with MeiliServer(tmp / "meili", binary=binary) as server, backends_on(server.url, server.master_key, repo, index) as backends:
        yield backends
