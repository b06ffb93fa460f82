"""A small local web server for the built site that also reverse-proxies /meili/ to Meilisearch.

Browsers always send `Accept-Encoding: gzip, br`; Meilisearch then answers compressed and chunked, and on
keep-alive connections p95 latency jumps to ~40 ms (measured on this machine with bench/browser_roundtrip.py). The proxy asks Meilisearch for
identity encoding over one persistent connection per thread and answers the browser with a plain
Content-Length body, same origin (no CORS preflight). For production use nginx (docs/production.md).
"""

from __future__ import annotations

import functools
import http.client
import http.server
import re
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

PROXY_PREFIX = "/meili/"
FORWARD_REQUEST_HEADERS = ("Content-Type", "X-Meilisearch-Client", "Accept")  # never the client's Authorization
MAX_BODY = 1 << 20
LISTEN_BACKLOG = 1024  # socketserver's default of 5 resets bursts of concurrent searches
LENGTH_RE = re.compile(r"[0-9]{1,9}")


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as browsers use it
    disable_nagle_algorithm = True  # headers and body go out as two writes: without TCP_NODELAY each answer stalls ~40 ms
    upstream: tuple[str, int] | None = None
    search_key: str | None = None
    index: str = "items"
    local = threading.local()
    quiet = True

    def log_message(self, format: str, *args: Any) -> None:
        if not self.quiet:
            super().log_message(format, *args)

    def end_headers(self) -> None:
        if not self.path.startswith(PROXY_PREFIX):
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()

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
        if method == "POST" and path == f"{PROXY_PREFIX}indexes/{self.index}/search":
            return f"/indexes/{self.index}/search"
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
            self._send(404, b'{"message":"only search and health are proxied","code":"proxy_route_not_allowed"}', "application/json")
            return
        body = body if method == "POST" and body else None
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


class SiteServer(http.server.ThreadingHTTPServer):
    request_queue_size = LISTEN_BACKLOG
    daemon_threads = True


def make_server(
    site_dir: Path, meili_url: str | None, host: str = "127.0.0.1", port: int = 8000, search_key: str | None = None, index: str = "items"
) -> http.server.ThreadingHTTPServer:
    """A ready (bound, not yet serving) server for site_dir; meili_url None disables the proxy.

    The proxy forwards only the search page's own requests (POST /meili/indexes/<index>/search and
    GET /meili/health), drops the client's Authorization header and adds search_key itself."""
    upstream = None
    if meili_url:
        parts = urlsplit(meili_url)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"代理只支持本机 http 地址：{meili_url}")
        upstream = (parts.hostname, parts.port or 80)
    attrs = {"upstream": upstream, "local": threading.local(), "search_key": search_key, "index": index}
    handler = type("BoundSiteHandler", (SiteHandler,), attrs)
    return SiteServer((host, port), functools.partial(handler, directory=str(site_dir)))


def serve_in_thread(server: http.server.ThreadingHTTPServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, name="banshi-site", daemon=True)
    thread.start()
    return thread
