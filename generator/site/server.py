"""A small local web server for the built site that also reverse-proxies /meili/ to Meilisearch.

Browsers always send `Accept-Encoding: gzip, br`; Meilisearch then answers compressed and chunked, and on
keep-alive connections p95 latency jumps to ~40 ms (measured on this machine with bench/browser_roundtrip.py). The proxy asks Meilisearch for
identity encoding over one persistent connection per thread and answers the browser with a plain
Content-Length body, same origin (no CORS preflight). For production use nginx (docs/production.md).

Static files are served as nginx serves them in production: gzip for text types when the browser accepts it,
validators (ETag, Last-Modified) with `no-cache` on pages, a year for the theme's fingerprinted assets, and the
site's own 404.html with status 404 for a missing path. Every answer carries the security headers of
generator/site/headers.py (the Content-Security-Policy among them). Connections are served by a fixed pool of
threads, each request against a deadline (generator/site/pool.py), and the proxy forwards only the search page's own
parameters, capped (generator/site/search_body.py). Started with the remotes of a sharded deployment, it forwards the
page's federated searches (POST /meili/multi-search) instead of single ones.
"""

from __future__ import annotations

import email.utils
import functools
import gzip
import http.client
import http.server
import io
import json
import os
import re
import threading
from pathlib import Path
from typing import Any, BinaryIO, ClassVar
from urllib.parse import urlsplit

from generator.site.headers import SECURITY_HEADERS
from generator.site.pool import MAX_CONNECTIONS, REQUEST_TIMEOUT, WORKERS, DeadlineHandler, PooledServer
from generator.site.search_body import PROXY_PREFIX, BadSearch, federated_search_body, page_search_body

FORWARD_REQUEST_HEADERS = ("Content-Type", "X-Meilisearch-Client", "Accept")  # never the client's Authorization
MAX_BODY = 1 << 20
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")
MIN_COMPRESS = 1024  # smaller answers gain nothing from gzip
FINGERPRINTED = re.compile(r"/assets/(?:stylesheets|javascripts)/[\w.-]+\.[0-9a-f]{8}\.min\.(?:css|js)$")
CACHE_PAGES = "no-cache"  # revalidate each time (ETag): a rebuilt guide shows at once
CACHE_FINGERPRINTED = "public, max-age=31536000, immutable"
NOT_FOUND_PAGE = "404.html"
GZIP_CACHE_ENTRIES = 2000
UTF8_TYPES = ("text/html", "text/css", "text/javascript", "application/javascript", "application/json", "application/xml")
LENGTH_RE = re.compile(r"[0-9]{1,9}")


class SiteHandler(DeadlineHandler, http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as browsers use it
    disable_nagle_algorithm = True  # headers and body go out as two writes: without TCP_NODELAY each answer stalls ~40 ms
    upstream: tuple[str, int] | None = None
    search_key: str | None = None
    index: str = "items"
    remotes: tuple[str, ...] = ()  # federated: the page's searches are multi-searches over these remotes
    local = threading.local()
    quiet = True

    def log_message(self, format: str, *args: Any) -> None:
        if not self.quiet:
            super().log_message(format, *args)

    def end_headers(self) -> None:
        for name, value in SECURITY_HEADERS:
            self.send_header(name, value)
        super().end_headers()

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        kind = super().guess_type(path)
        return f"{kind}; charset=utf-8" if kind in UTF8_TYPES else kind  # the site writes these as UTF-8

    # Static files -------------------------------------------------------------------------------------------

    gzip_cache: ClassVar[dict[tuple[str, int, int], bytes]] = {}  # (path, mtime, size) -> gzip body; bounded below

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # the base class answers 301 to the path with a slash
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            self.send_error(404)
            return None
        return self._send_file(path, 200)

    def _send_file(self, path: str, status: int) -> io.BytesIO | None:
        stat = os.stat(path)
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
        content_type = self.guess_type(path)
        compress = content_type.startswith(COMPRESSIBLE) and stat.st_size >= MIN_COMPRESS and self._accepts_gzip()
        if compress:
            etag = etag[:-1] + '-gz"'
        if status == 200 and etag in (self.headers.get("If-None-Match") or ""):
            self.send_response(304)
            self.send_header("ETag", etag)
            self._cache_headers(path)
            self.end_headers()
            return None
        body = self._gzipped(path, stat) if compress else Path(path).read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if compress:
            self.send_header("Content-Encoding", "gzip")
        if content_type.startswith(COMPRESSIBLE):
            self.send_header("Vary", "Accept-Encoding")
        if status == 200:
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", email.utils.formatdate(stat.st_mtime, usegmt=True))
            self._cache_headers(path)
        else:
            self.send_header("Cache-Control", "no-store")
        self.end_headers()
        return io.BytesIO(body)

    def _accepts_gzip(self) -> bool:
        codings = [c.split(";")[0].strip().lower() for c in (self.headers.get("Accept-Encoding") or "").split(",")]
        return "gzip" in codings

    def _gzipped(self, path: str, stat: os.stat_result) -> bytes:
        key = (path, stat.st_mtime_ns, stat.st_size)
        data = self.gzip_cache.get(key)
        if data is None:
            data = gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)
            if len(self.gzip_cache) >= GZIP_CACHE_ENTRIES:
                self.gzip_cache.clear()
            self.gzip_cache[key] = data
        return data

    def _cache_headers(self, path: str) -> None:
        fingerprinted = FINGERPRINTED.search(Path(path).as_posix())
        self.send_header("Cache-Control", CACHE_FINGERPRINTED if fingerprinted else CACHE_PAGES)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing static path gets the site's own Chinese 404 page (as nginx's error_page does)."""
        page = os.path.join(self.directory, NOT_FOUND_PAGE)
        if code == 404 and not self.path.startswith(PROXY_PREFIX) and os.path.isfile(page):
            self.close_connection = False
            body = self._send_file(page, 404)
            if body is not None and self.command != "HEAD":
                self.wfile.write(body.getvalue())
            return
        super().send_error(code, message, explain)

    def _connection(self) -> http.client.HTTPConnection:
        assert self.upstream is not None
        conn: http.client.HTTPConnection | None = getattr(self.local, "conn", None)
        if conn is None:
            conn = http.client.HTTPConnection(*self.upstream, timeout=30)
            self.local.conn = conn
        return conn

    def _proxy_route(self, method: str) -> str | None:
        """The upstream path for the page's own two requests; None for anything else (never proxied)."""
        path = urlsplit(self.path).path
        search = "multi-search" if self.remotes else f"indexes/{self.index}/search"  # federated: one shard alone is half an answer
        if method == "POST" and path == f"{PROXY_PREFIX}{search}":
            return f"/{search}"
        if method == "GET" and path == f"{PROXY_PREFIX}health":
            return "/health"
        return None

    def _read_body(self) -> bytes | None:
        """The request body, at most MAX_BODY bytes; None after answering 400/411/413 for a bad or large one."""
        if self.headers.get("Transfer-Encoding"):
            self._send(411, b'{"message":"Content-Length required","code":"proxy_length_required"}', "application/json")
            return None
        raw = (self.headers.get("Content-Length") or "0").strip()
        if not LENGTH_RE.fullmatch(raw):
            self._send(400, b'{"message":"invalid Content-Length","code":"proxy_bad_length"}', "application/json")
            return None
        length = int(raw)
        if length > MAX_BODY:
            self._send(413, b'{"message":"body over 1 MiB","code":"proxy_body_too_large"}', "application/json")
            return None
        body = self.rfile.read(length) if length else b""
        if len(body) != length:
            self.close_connection = True
            return None
        return body

    def _proxy(self, method: str) -> None:
        if self.upstream is None:
            self.send_error(404, "Meilisearch is not running")
            return
        body = self._read_body()  # also for GET: an unread body would be parsed as the next request
        if body is None:
            self.close_connection = True
            return
        path = self._proxy_route(method)
        if path is None:
            what = "multi-search (federated: remotes " + ",".join(self.remotes) + ")" if self.remotes else "search"
            refusal = {"message": f"only {what} and health are proxied", "code": "proxy_route_not_allowed"}
            self._send(404, json.dumps(refusal, separators=(",", ":")).encode(), "application/json")
            return
        if method == "POST":
            try:
                body = federated_search_body(body, self.index, self.remotes) if self.remotes else page_search_body(body)
            except BadSearch as exc:
                self._send(400, json.dumps({"message": str(exc), "code": "proxy_bad_search"}).encode(), "application/json")
                return
        else:
            body = None
        headers = {h: v for h in FORWARD_REQUEST_HEADERS if (v := self.headers.get(h)) and v.isascii()}
        headers["Accept-Encoding"] = "identity"
        if self.search_key:
            headers["Authorization"] = f"Bearer {self.search_key}"  # the server's own search-only key
        for attempt in (1, 2):  # a kept-alive upstream connection may have been closed: retry once on a new one
            conn = self._connection()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                break
            except (OSError, http.client.HTTPException):
                conn.close()
                self.local.conn = None
                if attempt == 2:
                    self._send(502, b'{"message":"Meilisearch unreachable","code":"proxy_upstream_error"}', "application/json")
                    return
        content_type = response.getheader("Content-Type") or "application/json"
        self._send(response.status, data, content_type)

    def _send(self, status: int, data: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path.startswith(PROXY_PREFIX):
            self._proxy("GET")
        else:
            super().do_GET()

    def do_POST(self) -> None:
        if self.path.startswith(PROXY_PREFIX):
            self._proxy("POST")
        else:
            self.send_error(405)


def make_server(
    site_dir: Path,
    meili_url: str | None,
    host: str = "127.0.0.1",
    port: int = 8000,
    search_key: str | None = None,
    index: str = "items",
    remotes: tuple[str, ...] = (),
    *,
    workers: int = WORKERS,
    max_connections: int = MAX_CONNECTIONS,
    request_timeout: float = REQUEST_TIMEOUT,
) -> PooledServer:
    """A ready (bound, not yet serving) server for site_dir; meili_url None disables the proxy.

    The proxy forwards only the search page's own requests (POST /meili/indexes/<index>/search, or with `remotes`
    POST /meili/multi-search, and GET /meili/health), drops the client's Authorization header and adds search_key itself."""
    upstream = None
    if meili_url:
        parts = urlsplit(meili_url)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"代理只支持本机 http 地址：{meili_url}")
        upstream = (parts.hostname, parts.port or 80)
    attrs = {"upstream": upstream, "local": threading.local(), "search_key": search_key, "index": index, "remotes": tuple(remotes)}
    handler = type("BoundSiteHandler", (SiteHandler,), attrs)
    server = PooledServer((host, port), functools.partial(handler, directory=str(site_dir)), workers=workers, max_connections=max_connections)
    server.request_timeout = request_timeout
    return server


def serve_in_thread(server: http.server.HTTPServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, name="banshi-site", daemon=True)
    thread.start()
    return thread
