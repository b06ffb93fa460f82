"""`banshi run`'s server serves the site as production does: gzip, validators, cache headers, the Chinese 404 page."""

from __future__ import annotations

import gzip
import http.client
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.site.server import make_server, serve_in_thread


@pytest.fixture(scope="module")
def site_server(mini_site: Path) -> Iterator[tuple[Path, int]]:
    server = make_server(mini_site, None, port=0)
    thread = serve_in_thread(server)
    try:
        yield mini_site, server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def get(port: int, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def test_pages_are_gzipped_when_accepted_and_revalidated(site_server: tuple[Path, int]) -> None:
    site, port = site_server
    raw = (site / "index.html").read_bytes()
    status, headers, body = get(port, "/", **{"Accept-Encoding": "gzip, deflate, br"})
    assert status == 200
    assert headers["content-encoding"] == "gzip" and headers["vary"] == "Accept-Encoding"
    assert gzip.decompress(body) == raw
    assert int(headers["content-length"]) == len(body) < len(raw) / 2
    assert headers["cache-control"] == "no-cache"
    status, plain_headers, plain = get(port, "/")
    assert status == 200 and "content-encoding" not in plain_headers and plain == raw
    status, again, body = get(port, "/", **{"Accept-Encoding": "gzip", "If-None-Match": headers["etag"]})
    assert status == 304 and body == b"" and again["etag"] == headers["etag"]


def test_fingerprinted_theme_assets_are_cached_for_a_year(site_server: tuple[Path, int]) -> None:
    site, port = site_server
    css = next((site / "assets" / "stylesheets").glob("main.*.min.css"))
    status, headers, _ = get(port, f"/assets/stylesheets/{css.name}", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["cache-control"] == "public, max-age=31536000, immutable"
    assert headers["content-type"].startswith("text/css") and headers["content-encoding"] == "gzip"
    status, headers, _ = get(port, "/assets/stylesheets/banshi.css")
    assert status == 200 and headers["cache-control"] == "no-cache"  # not fingerprinted: revalidate


def test_missing_path_gets_the_chinese_404_page_with_status_404(site_server: tuple[Path, int]) -> None:
    site, port = site_server
    status, headers, body = get(port, "/items/no-such-item/", **{"Accept-Encoding": "gzip"})
    assert status == 404
    assert headers["content-type"].startswith("text/html")
    assert headers["cache-control"] == "no-store"
    text = gzip.decompress(body).decode("utf-8")
    assert text == (site / "404.html").read_text(encoding="utf-8")
    assert "页面不存在" in text and 'name="q"' in text and 'lang="zh"' in text
    for link in ("/services/", "/themes/", "/departments/", "/regions/"):
        assert f'href="{link}"' in text, link
    status, _, _ = get(port, "/meili/indexes")
    assert status == 404  # the proxy's own answer, not the page (no Meilisearch configured)
