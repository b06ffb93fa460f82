"""`banshi run`'s web server holds no connection forever and no more threads than its pool (security review S7), and
sends the security headers on every answer (S9). Real sockets against the real server; every wait is on a socket
with a bounded timeout."""

from __future__ import annotations

import http.client
import select
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.site.headers import CONTENT_SECURITY_POLICY, SECURITY_HEADERS
from generator.site.pool import PooledServer
from generator.site.server import make_server, serve_in_thread

TIMEOUT = 1.0  # the request deadline under test (the default is 15 s)
WORKERS = 4
WAITING = 3
SLACK = 2.0  # scheduling slack on a shared machine


@pytest.fixture
def server(tmp_path: Path) -> Iterator[PooledServer]:
    (tmp_path / "index.html").write_text("<!doctype html><title>首页</title><p>ok</p>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<!doctype html><title>页面不存在</title>", encoding="utf-8")
    (tmp_path / "form.pdf").write_bytes(b"%PDF-1.4\n")
    closed = socket.socket()  # a proxy upstream that is not there: the proxy reads the body, then answers 502
    closed.bind(("127.0.0.1", 0))
    upstream = f"http://127.0.0.1:{closed.getsockname()[1]}"
    closed.close()
    httpd = make_server(tmp_path, upstream, port=0, workers=WORKERS, waiting=WAITING, request_timeout=TIMEOUT)
    thread = serve_in_thread(httpd)
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def connect(httpd: PooledServer) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", httpd.server_address[1]), timeout=10)
    return sock


def closed_after(sock: socket.socket, started: float, limit: float) -> float:
    """Seconds from `started` until the server closed `sock` (reads what it sent first); fails after `limit` seconds."""
    sock.settimeout(limit)
    try:
        while sock.recv(65536):
            pass
    except TimeoutError:
        raise AssertionError(f"the server still held the connection after {limit} s") from None
    except ConnectionResetError:
        pass
    return time.monotonic() - started


def get(httpd: PooledServer, path: str) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", httpd.server_address[1], timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


@pytest.mark.parametrize(
    "sent", [b"", b"GET / HTTP/1.1\r\nHost: x\r\n", b"POST /meili/indexes/items/search HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"]
)
def test_idle_and_half_sent_connections_are_closed_at_the_deadline(server: PooledServer, sent: bytes) -> None:
    sock = connect(server)
    started = time.monotonic()
    sock.sendall(sent)
    took = closed_after(sock, started, TIMEOUT + SLACK)
    assert took >= TIMEOUT * 0.9
    sock.close()


def test_a_trickling_request_is_closed_at_the_deadline_not_kept_alive_by_each_byte(server: PooledServer) -> None:
    sock = connect(server)
    started = time.monotonic()
    request = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 100
    closed = False
    for byte in request:  # one byte, then up to 0.2 s watching the socket for the server's close
        try:
            sock.send(bytes([byte]))
        except OSError:
            closed = True
            break
        readable, _, _ = select.select([sock], [], [], 0.2)
        if readable and sock.recv(65536) == b"":
            closed = True
            break
    took = time.monotonic() - started
    assert closed, "the server kept reading a request that trickled in for 20 s"
    assert TIMEOUT * 0.9 <= took <= TIMEOUT + SLACK
    sock.close()


def test_a_kept_alive_connection_serves_requests_then_closes_when_idle(server: PooledServer) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    for _ in range(3):
        conn.request("GET", "/")
        response = conn.getresponse()
        assert response.status == 200 and b"ok" in response.read()
    assert conn.sock is not None
    took = closed_after(conn.sock, time.monotonic(), TIMEOUT + SLACK)
    assert took >= TIMEOUT * 0.9
    conn.close()


def pool_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("banshi-worker")]


def hold_workers(httpd: PooledServer) -> list[socket.socket]:
    """WORKERS connections, each shown to be in a worker's hands (it answered one request on it) and then left
    holding it with a half-sent second request."""
    held = []
    for _ in range(WORKERS):
        conn = http.client.HTTPConnection("127.0.0.1", httpd.server_address[1], timeout=10)
        conn.request("GET", "/")
        response = conn.getresponse()
        assert response.status == 200 and response.read()
        assert conn.sock is not None
        conn.sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        held.append(conn.sock)
    return held


def test_the_pool_bounds_threads_queues_the_next_connections_and_refuses_beyond(server: PooledServer) -> None:
    before = threading.active_count()
    held = hold_workers(server)  # each holds a worker until its deadline
    started = time.monotonic()
    waiting = []
    for _ in range(WAITING):  # complete requests, queued behind the held ones
        sock = connect(server)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        waiting.append(sock)
    refused = connect(server)  # the queue is full: 503 at once
    refused.settimeout(SLACK)
    answer = refused.recv(65536)
    assert answer.startswith(b"HTTP/1.1 503 ") and "服务器繁忙".encode() in answer
    assert time.monotonic() - started < TIMEOUT, "the refusal waited for a worker"
    assert threading.active_count() == before, "connections started threads"
    assert len(pool_threads()) >= WORKERS
    for sock in waiting:  # served once the held connections reach their deadline
        sock.settimeout(TIMEOUT + SLACK)
        assert sock.recv(65536).startswith(b"HTTP/1.1 200 ")
    for sock in held:
        assert closed_after(sock, started, SLACK) >= TIMEOUT * 0.9
    for sock in [*held, *waiting, refused]:
        sock.close()


def test_waiting_in_the_queue_counts_against_the_deadline(server: PooledServer) -> None:
    held = hold_workers(server)
    started = time.monotonic()
    queued = connect(server)
    queued.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # half-sent too: its deadline runs from when it was accepted
    for sock in held:
        closed_after(sock, started, TIMEOUT + SLACK)
    assert closed_after(queued, started, SLACK) <= TIMEOUT + SLACK / 2  # not another full deadline after pick-up
    for sock in [*held, queued]:
        sock.close()


@pytest.mark.parametrize("path", ["/", "/no-such-page/", "/form.pdf", "/meili/health"])
def test_every_answer_carries_the_security_headers(server: PooledServer, path: str) -> None:
    status, headers, _ = get(server, path)
    assert status == {"/no-such-page/": 404, "/meili/health": 502}.get(path, 200)
    for name, value in SECURITY_HEADERS:
        assert headers[name.lower()] == value, name
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY.split("script-src", 1)[1].split(";")[0]
    if path in ("/", "/no-such-page/"):
        assert headers["content-type"] == "text/html; charset=utf-8"
    if path == "/form.pdf":
        assert headers["content-type"] == "application/pdf"
