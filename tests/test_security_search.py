"""Security review findings on search: the key is verified before it is published, every form of every secret
is scanned for, the `banshi run` proxy holds its limits, killed index runs leave nothing behind.
Real Meilisearch (session fixture); real sockets for the proxy."""

from __future__ import annotations

import concurrent.futures
import http.client
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.search.indexer import host_tag, reindex, remove_stale_temp_indexes
from generator.search.meili import Meili
from generator.search.site_check import check_site, secret_forms, verify_search_key
from generator.search.site_config import SearchSettings
from generator.site.server import make_server, serve_in_thread

INDEX = "sec_items"
DOCS = [{"id": "a1", "name": "居民身份证申领"}, {"id": "a2", "name": "最低生活保障"}]


@pytest.fixture(scope="module")
def keys(meili: tuple[str, str]) -> dict[str, str]:
    url, master = meili
    search = reindex(url, master, DOCS, {"searchableAttributes": ["name"]}, index=INDEX).search_key
    with Meili(url, master) as m:
        all_keys = m.get("/keys", limit=1000)["results"]
        admin = next(k["key"] for k in all_keys if k.get("name") == "Default Admin API Key")
        default_search = next(k["key"] for k in all_keys if k.get("name") == "Default Search API Key")
        read_admin = m.post("/keys", {"name": "sec-read", "actions": ["*.get", "keys.get", "search"], "indexes": [INDEX], "expiresAt": None})["key"]
    return {"search": search, "admin": admin, "default_search": default_search, "read_admin": read_admin, "master": master}


@pytest.mark.parametrize("with_master", [True, False], ids=["with-master", "key-alone"])
@pytest.mark.parametrize("which", ["admin", "master", "default_search", "read_admin"])
def test_keys_with_more_than_search_on_one_index_are_refused(meili: tuple[str, str], keys: dict[str, str], which: str, with_master: bool) -> None:
    url, master = meili
    settings = SearchSettings(public_url="/meili/", search_key=keys[which], index=INDEX, api_url=url, master_key=master if with_master else None)
    verdict = verify_search_key(settings)
    assert verdict.problems, verdict
    assert not verdict.public.meili_enabled


@pytest.mark.parametrize("with_master", [True, False], ids=["with-master", "key-alone"])
def test_the_index_search_key_is_verified_and_published(meili: tuple[str, str], keys: dict[str, str], with_master: bool) -> None:
    url, master = meili
    settings = SearchSettings(public_url="/meili/", search_key=keys["search"], index=INDEX, api_url=url, master_key=master if with_master else None)
    verdict = verify_search_key(settings)
    assert verdict.problems == []
    assert (verdict.public.url, verdict.public.key, verdict.public.index) == ("/meili/", keys["search"], INDEX)
    assert verdict.notes[-1].startswith(f"搜索：已验证搜索密钥只能搜索索引 {INDEX}")


def test_unverifiable_key_is_not_published_and_the_build_says_so(keys: dict[str, str]) -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    for settings in (
        SearchSettings(public_url="/meili/", search_key=keys["search"], index=INDEX),  # relative URL, no MEILI_URL
        SearchSettings(public_url="/meili/", search_key=keys["search"], index=INDEX, api_url=f"http://127.0.0.1:{port}"),  # server down
    ):
        verdict = verify_search_key(settings)
        assert verdict.problems == [] and not verdict.public.meili_enabled
        assert "未发布该密钥，网站使用离线索引" in verdict.notes[-1]
        assert ("未验证的 MEILI_SEARCH_KEY", keys["search"]) in verdict.secrets


def test_site_scan_finds_escaped_json_and_url_encoded_secrets(tmp_path: Path) -> None:
    secret = 'Audit&Master"Key<2026>-0123456789/+='
    import html
    import json
    from urllib.parse import quote

    pages = {
        "raw.txt": secret,
        "attr.html": f'<div data-config="{html.escape(json.dumps({"key": secret}))}"></div>',
        "jinja.html": str(__import__("markupsafe").escape(secret)),
        "json.js": json.dumps({"k": secret}),
        "url.html": f"https://x/?k={quote(secret, safe='')}",
        "clean.html": "nothing here",
    }
    for name, text in pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    check = check_site(tmp_path, [("主密钥 MEILI_MASTER_KEY", secret)])
    assert sorted(p.split(" ")[0] for p in check.problems) == sorted(n for n in pages if n != "clean.html")
    assert len(secret_forms("plainkey123")) == 1


@pytest.fixture(scope="module")
def proxy(meili: tuple[str, str], keys: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    site = tmp_path_factory.mktemp("proxy-site")
    (site / "index.html").write_text("<p>ok</p>", encoding="utf-8")
    server = make_server(site, meili[0], port=0, search_key=keys["search"], index=INDEX)
    serve_in_thread(server)
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def raw_request(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"POST /meili/indexes/sec_items/search HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\nConnection: close\r\n\r\n{}", b"400"),
        (b"POST /meili/indexes/sec_items/search HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\nConnection: close\r\n\r\n{}", b"400"),
        (b"POST /meili/indexes/sec_items/search HTTP/1.1\r\nHost: x\r\nContent-Length: 2097152\r\nConnection: close\r\n\r\n{}", b"413"),
        (b"POST /meili/indexes/sec_items/search HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n", b"411"),
        ("GET /meili/health?q=低保 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode(), b"200"),
        ("GET /搜索/低保 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode(), b"404"),
    ],
    ids=["negative-length", "text-length", "over-cap", "chunked", "non-ascii-proxy", "non-ascii-static"],
)
def test_proxy_answers_bad_requests(proxy: int, request_bytes: bytes, status: bytes) -> None:
    answer = raw_request(proxy, request_bytes)
    assert answer.split(b" ", 2)[1] == status, answer[:200]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/meili/keys"),
        ("POST", "/meili/keys"),
        ("POST", "/meili/indexes/sec_items/documents"),
        ("POST", "/meili/indexes/other/search"),
        ("GET", "/meili/indexes"),
    ],
)
def test_proxy_forwards_only_search_and_health_with_its_own_key(proxy: int, keys: dict[str, str], method: str, path: str) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", proxy, timeout=10)
    conn.request(method, path, body=b"{}", headers={"Authorization": f"Bearer {keys['master']}", "Content-Type": "application/json"})
    response = conn.getresponse()
    assert (response.status, response.read()) == (404, b'{"message":"only search and health are proxied","code":"proxy_route_not_allowed"}')
    body = '{"q":"身份证"}'.encode()
    conn.request("POST", f"/meili/indexes/{INDEX}/search", body=body, headers={"Authorization": "Bearer wrong", "Content-Type": "application/json"})
    response = conn.getresponse()
    assert response.status == 200 and b'"id":"a1"' in response.read()  # the client's key is dropped, the server's used
    conn.close()


def test_proxy_takes_a_burst_of_200_concurrent_searches_without_resets(proxy: int) -> None:
    def one(_: int) -> str:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", proxy, timeout=30)
            conn.request("POST", f"/meili/indexes/{INDEX}/search", body=b'{"q":"x"}', headers={"Content-Type": "application/json"})
            status = conn.getresponse().status
            conn.close()
            return str(status)
        except OSError as exc:
            return type(exc).__name__

    with concurrent.futures.ThreadPoolExecutor(200) as pool:
        results = list(pool.map(one, range(200)))
    assert {r: results.count(r) for r in set(results)} == {"200": 200}


def test_stale_temporary_indexes_of_killed_runs_go_but_busy_ones_stay(meili: tuple[str, str]) -> None:
    url, master = meili
    dead = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True).stdout)
    killed = f"{INDEX}_new_{host_tag()}_{dead}_0000aaaa"
    live = f"{INDEX}_new_{host_tag()}_{os.getpid()}_0000bbbb"  # a run in a live process, recently touched
    with Meili(url, master) as m:
        for uid in (killed, live):
            m.wait_task(int(m.post("/indexes", {"uid": uid, "primaryKey": "id"})["taskUid"]))
        assert remove_stale_temp_indexes(m, INDEX) == [killed]
        names = {i["uid"] for i in m.get("/indexes", limit=1000)["results"]}
        assert killed not in names and live in names
        m.wait_task(int(m.delete(f"/indexes/{live}")["taskUid"]))
