"""`banshi run`'s web server holds no connection forever and no more threads than its pool (security review S7), and
sends the security headers on every answer (S9). Real sockets against the real server; every wait is on a socket
with a bounded timeout."""

from __future__ import annotations

import http.client
import select
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.site.headers import CONTENT_SECURITY_POLICY, SECURITY_HEADERS
from generator.site.pool import PooledServer
from generator.site.server import make_server, serve_in_thread

TIMEOUT = 1.0  # the request deadline under test (the default is 15 s)
WORKERS = 4
MAX_CONNECTIONS = 320
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
    httpd = make_server(tmp_path, upstream, port=0, workers=WORKERS, max_connections=MAX_CONNECTIONS, request_timeout=TIMEOUT)
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


def wait_until(httpd: PooledServer, condition: Callable[[], bool]) -> None:
    """Wait (at most 5 s) for the server's own notification that its counts satisfy `condition`."""
    with httpd.changed:
        assert httpd.changed.wait_for(condition, timeout=5), f"held={httpd.held} busy={httpd.busy}"


def test_300_half_sent_requests_take_no_thread_and_a_normal_request_is_answered_at_once(server: PooledServer) -> None:
    """The review's reproduction (S7): 300 half-sent requests held; threads do not grow; a GET is answered meanwhile;
    all 300 are closed at the deadline."""
    before = threading.active_count()
    held = [connect(server) for _ in range(300)]
    started = time.monotonic()
    for sock in held:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
    wait_until(server, lambda: server.held >= 300)
    assert threading.active_count() == before, "connections started threads"
    asked = time.monotonic()
    status, _, body = get(server, "/")
    assert status == 200 and b"ok" in body
    assert time.monotonic() - asked < TIMEOUT / 2, "the GET waited for the held connections"
    for sock in held:
        closed_after(sock, started, TIMEOUT + SLACK)
        sock.close()
    wait_until(server, lambda: server.held == 0)


def hold_workers(httpd: PooledServer, count: int) -> list[socket.socket]:
    """`count` connections whose whole head arrived but whose body does not: each keeps a worker until the deadline."""
    held = []
    for _ in range(count):
        sock = connect(httpd)
        sock.sendall(b"POST /meili/indexes/items/search HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
        held.append(sock)
    wait_until(httpd, lambda: httpd.busy == count)
    return held


def test_a_connection_reset_right_after_an_answer_leaves_every_worker_alive(server: PooledServer) -> None:
    """A client that resets its kept-alive connection as soon as it has the answer (the RST reaches the worker while it
    waits a moment for the next request) once ended that worker: after a few, nothing was served. Every worker must
    still be there to take a request at the same time."""
    for _ in range(3 * WORKERS):
        sock = connect(server)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        data = b""
        while b"<p>ok" not in data:
            chunk = sock.recv(65536)
            assert chunk, data
            data += chunk
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with RST
        sock.close()
    held = hold_workers(server, WORKERS)
    for sock in held:
        sock.close()


def test_the_workers_are_bounded_and_a_request_beyond_them_waits_for_one(server: PooledServer) -> None:
    before = threading.active_count()
    started = time.monotonic()
    held = hold_workers(server, WORKERS)
    assert threading.active_count() == before
    late = connect(server)
    late.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    late.settimeout(TIMEOUT + SLACK)
    assert late.recv(65536).startswith(b"HTTP/1.1 200 ")
    assert time.monotonic() - started >= TIMEOUT * 0.9, "a fifth request was served while four workers were busy"
    assert server.busy <= WORKERS
    for sock in held:  # the body never came: closed at the deadline counted from the accept
        assert closed_after(sock, started, SLACK) <= TIMEOUT + SLACK
        sock.close()
    late.close()


def test_connections_beyond_the_limit_are_refused_at_once(server: PooledServer) -> None:
    idle = [connect(server) for _ in range(MAX_CONNECTIONS)]
    wait_until(server, lambda: server.held == MAX_CONNECTIONS)
    refused = connect(server)
    refused.settimeout(SLACK)
    answer = refused.recv(65536)
    assert answer.startswith(b"HTTP/1.1 503 ") and "服务器繁忙".encode() in answer
    for sock in [*idle, refused]:
        sock.close()
    wait_until(server, lambda: server.held == 0)


def test_pipelined_requests_are_all_answered(server: PooledServer) -> None:
    sock = connect(server)
    sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /form.pdf HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    sock.settimeout(SLACK)
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    assert data.count(b"HTTP/1.1 200 ") == 3 and b"%PDF-1.4" in data
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
