"""The nginx configuration of docs/production.md, run by real nginx (tests/nginx_fixture.py) in front of a real
Meilisearch: every answer carries the security headers `banshi run` sends (nginx drops a server's add_header lines in
a location with its own, which is easy to get wrong), the cache headers, the 404 page, and only the page's two
Meilisearch routes are open."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.search.federation import federated_body
from generator.search.query import build_request
from generator.site.headers import SECURITY_HEADERS
from tests.meili_fixture import Shards
from tests.nginx_fixture import run_nginx


@pytest.fixture(scope="module")
def nginx(mini_site: Path, meili: tuple[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with run_nginx(tmp_path_factory.mktemp("nginx"), mini_site, meili[0]) as base:
        yield base


def ask(base: str, method: str, path: str) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        conn.request(method, path, body=b"{}" if method == "POST" else None, headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def fingerprinted_css(site: Path) -> str:
    return "/assets/stylesheets/" + next((site / "assets" / "stylesheets").glob("main.*.min.css")).name


@pytest.mark.parametrize(
    ("method", "path", "status", "cache"),
    [
        ("GET", "/", 200, "no-cache"),
        ("GET", "/assets/stylesheets/banshi.css", 200, "no-cache"),
        ("GET", "FINGERPRINTED", 200, "public, max-age=31536000, immutable"),
        ("GET", "/assets/javascripts/banshi.mjs", 200, "no-cache"),
        ("GET", "/no-such-page/", 404, "no-store"),
        ("GET", "/meili/health", 200, None),
        ("POST", "/meili/indexes/items/search", 401, None),  # reached Meilisearch, which wants the page's search key
        ("GET", "/meili/keys", 404, None),
        ("POST", "/meili/multi-search", 404, None),
        ("POST", "/meili/indexes/items/documents", 404, None),
    ],
)
def test_every_answer_carries_the_security_headers(nginx: str, mini_site: Path, method: str, path: str, status: int, cache: str | None) -> None:
    got, headers, body = ask(nginx, method, fingerprinted_css(mini_site) if path == "FINGERPRINTED" else path)
    assert got == status, body[:200]
    for name, value in SECURITY_HEADERS:
        assert headers.get(name.lower()) == value, name
    if cache:
        assert headers.get("cache-control") == cache
    if status == 404 and not path.startswith("/meili/indexes"):
        assert "页面不存在".encode() in body  # the site's own 404 page
    if path.endswith((".css", "/")) and status != 404:
        assert headers["content-type"].endswith("charset=utf-8")
    if path.endswith(".mjs"):  # a module script of another type does not run (nginx 1.22's mime.types has no .mjs)
        assert headers["content-type"] == "text/javascript; charset=utf-8"


@pytest.fixture(scope="module")
def nginx_federated(mini_site: Path, meili_shards: Shards, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with run_nginx(tmp_path_factory.mktemp("nginx-federated"), mini_site, meili_shards.shards[0].url, federated=True) as base:
        yield base


def test_the_sharded_deployments_nginx_passes_the_pages_multi_search_only(nginx_federated: str, meili_shards: Shards) -> None:
    """docs/production.md's sharded variant: the page's federated search reaches the entry shard and is answered from
    both shards; one shard's single search, and everything else, is the site's 404."""
    page = {k: v for k, v in build_request("营业执照", facets=False).items() if k != "offset"}  # 营业执照 is offered in both halves
    body = federated_body(page, meili_shards.index, meili_shards.remotes)
    parts = urlsplit(nginx_federated)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {meili_shards.search_keys[0]}"}
        conn.request("POST", "/meili/multi-search", body=json.dumps(body), headers=headers)
        response = conn.getresponse()
        answer = json.loads(response.read())
    finally:
        conn.close()
    assert response.status == 200 and not answer.get("remoteErrors"), answer
    assert {hit["_federation"]["remote"] for hit in answer["hits"]} == set(meili_shards.remotes)
    for name, value in SECURITY_HEADERS:
        assert response.getheader(name) == value, name
    assert ask(nginx_federated, "POST", "/meili/indexes/items/search")[0] == 404
    assert ask(nginx_federated, "GET", "/meili/health")[0] == 200
    assert ask(nginx_federated, "GET", "/meili/network")[0] == 404
