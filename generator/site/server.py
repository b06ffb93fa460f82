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
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

PROXY_PREFIX = "/meili/"
FORWARD_REQUEST_HEADERS = ("Authorization", "Content-Type", "X-Meilisearch-Client", "Accept")
FORWARD_RESPONSE_HEADERS = ("Content-Type",)
MAX_BODY = 1 << 20


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as browsers use it
    disable_nagle_algorithm = True  # headers and body go out as two writes: without TCP_NODELAY each answer stalls ~40 ms
    upstream: tuple[str, int] | None = None
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

    def _proxy(self, method: str) -> None:
        if self.upstream is None:
            self.send_error(404, "Meilisearch is not running")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.send_error(413)
            return
        body = self.rfile.read(length) if length else None
        headers = {h: v for h in FORWARD_REQUEST_HEADERS if (v := self.headers.get(h))}
        headers["Accept-Encoding"] = "identity"
        path = "/" + self.path[len(PROXY_PREFIX) :]
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


def make_server(site_dir: Path, meili_url: str | None, host: str = "127.0.0.1", port: int = 8000) -> http.server.ThreadingHTTPServer:
    """A ready (bound, not yet serving) server for site_dir; meili_url None disables the proxy."""
    upstream = None
    if meili_url:
        parts = urlsplit(meili_url)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"代理只支持本机 http 地址：{meili_url}")
        upstream = (parts.hostname, parts.port or 80)
    handler = type("BoundSiteHandler", (SiteHandler,), {"upstream": upstream, "local": threading.local()})
    server = http.server.ThreadingHTTPServer((host, port), functools.partial(handler, directory=str(site_dir)))
    server.daemon_threads = True
    return server


def serve_in_thread(server: http.server.ThreadingHTTPServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, name="banshi-site", daemon=True)
    thread.start()
    return thread
