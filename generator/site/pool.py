"""The connection limits of `banshi run`'s web server: a fixed pool of worker threads, given only whole request heads.

Python's ThreadingHTTPServer starts one thread per connection and never times a connection out: idle or half-sent
connections were held forever, one thread each (security review S7). Here:
- one waiter thread watches every connection that has no whole request head yet (new ones, and kept-alive ones
  between requests) with a selector, and reads what arrives without blocking. Idle, half-sent or trickling
  connections therefore cost no worker. At most MAX_CONNECTIONS wait; one more is answered 503 at once;
- a request head (request line and headers) must arrive whole within REQUEST_TIMEOUT seconds of the connection being
  ready for it (from the accept, or from the end of the previous answer); the deadline is for the whole head, not
  per read, so one byte a second does not keep a connection. Past it the connection is closed;
- a whole head goes to one of WORKERS threads (a queue in front of them). The body must then arrive by the same
  deadline (the proxy's search bodies, at most 1 MiB), and the answer must be taken within WRITE_TIMEOUT seconds;
- after an answer on a kept-alive connection the worker waits LINGER seconds for the next head (a page's next
  request comes at once), then hands the connection back to the waiter.
Threads never grow with connections: WORKERS + 1, whatever the clients do.
"""

from __future__ import annotations

import contextlib
import http.server
import io
import queue
import select
import selectors
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

WORKERS = 32
MAX_CONNECTIONS = 1024
REQUEST_TIMEOUT = 15.0
WRITE_TIMEOUT = 30.0
LINGER = 0.05  # how long a worker waits for the next request on a kept-alive connection before handing it back
MAX_HEAD = 65536 + 8192  # the base class refuses a request line over 64 KiB and headers over its own limits
LISTEN_BACKLOG = 1024  # socketserver's default of 5 resets bursts of concurrent searches
BUSY = "服务器繁忙，请稍后重试。".encode()
BUSY_ANSWER = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 1\r\n"
    b"X-Content-Type-Options: nosniff\r\nConnection: close\r\nContent-Length: " + str(len(BUSY)).encode() + b"\r\n\r\n" + BUSY
)


@dataclass
class Connection:
    sock: socket.socket
    address: Any
    deadline: float
    received: bytearray = field(default_factory=bytearray)
    checked: int = 0  # how much of `received` has been searched for the head's end (a trickle costs linear time)
    head: bool = False

    def has_head(self) -> bool:
        if not self.head:
            start, self.checked = max(self.checked - 3, 0), len(self.received)
            self.head = self.received.find(b"\r\n\r\n", start) >= 0 or self.received.find(b"\n\n", start) >= 0 or len(self.received) > MAX_HEAD
        return self.head

    def next_request(self, timeout: float) -> None:
        """After an answer: the next request's deadline; what was read of it stays in `received`, searched anew."""
        self.deadline, self.checked, self.head = time.monotonic() + timeout, 0, False


class DeadlineReader(io.RawIOBase):
    """What the waiter already read, then the socket's reads, each allowed only the time left until `deadline`."""

    def __init__(self, connection: Connection) -> None:
        self.sock, self.deadline, self.rest = connection.sock, connection.deadline, connection.received

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.rest:
            n = min(len(buffer), len(self.rest))
            buffer[:n] = self.rest[:n]
            del self.rest[:n]
            return n
        # Past the deadline only what has already arrived is read (timeout 0); nothing more is waited for.
        self.sock.settimeout(max(self.deadline - time.monotonic(), 0.0))
        try:
            return self.sock.recv_into(buffer)
        except BlockingIOError:
            raise TimeoutError("request deadline passed") from None

    def read(self, size: int | None = -1) -> bytes:
        """`size` bytes unless the client closes first (the raw default returns after one read)."""
        if size is None or size < 0:
            return self.readall()
        out = bytearray()
        while len(out) < size and (chunk := super().read(size - len(out))):
            out += chunk
        return bytes(out)

    def readline(self, size: int | None = -1) -> bytes:
        end = self.rest.find(b"\n")
        if end >= 0 and (size is None or size < 0 or end < size):  # the head is in memory: no byte-by-byte reads
            line = bytes(self.rest[: end + 1])
            del self.rest[: end + 1]
            return line
        return super().readline(size)


class DeadlineHandler(http.server.BaseHTTPRequestHandler):
    """Serves one request of a connection whose head the waiter has read, then hands a kept-alive connection back."""

    write_timeout = WRITE_TIMEOUT
    server: PooledServer

    def setup(self) -> None:
        super().setup()
        self.rfile.close()  # the base class's buffered reader is replaced (closing it releases its hold on the socket)
        self.reader = DeadlineReader(self.server.current.connection)
        self.rfile = self.reader  # type: ignore[assignment]  # a raw reader where the base class keeps a buffered one; unbuffered: nothing of the next request may be read ahead and lost

    def handle(self) -> None:
        self.close_connection = True
        self.handle_one_request()  # a read past the deadline raises TimeoutError: the base class closes the connection
        self.server.current.keep = not self.close_connection

    def end_headers(self) -> None:
        self.connection.settimeout(self.write_timeout)  # the answer, not the read deadline's remainder
        super().end_headers()


class PooledServer(http.server.HTTPServer):
    """An HTTP server with a waiter thread and a fixed pool of workers (see the module's docstring)."""

    request_queue_size = LISTEN_BACKLOG
    request_timeout = REQUEST_TIMEOUT

    def __init__(self, address: tuple[str, int], handler: Any, workers: int = WORKERS, max_connections: int = MAX_CONNECTIONS) -> None:
        super().__init__(address, handler)
        self.max_connections = max_connections
        self.jobs: queue.Queue[Connection | None] = queue.Queue()
        self.incoming: queue.Queue[Connection] = queue.Queue()
        self.held = 0  # connections in the waiter, the queue or a worker
        self.busy = 0  # workers serving a request
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)  # notified when `held` or `busy` changes
        self.current = threading.local()
        self.wake_read, self.wake_write = socket.socketpair()
        self.wake_write.setblocking(False)  # a full wake-up pipe already wakes the waiter
        self.stopping = False
        self.threads = [threading.Thread(target=self._wait, name="banshi-waiter", daemon=True)]
        self.threads += [threading.Thread(target=self._work, name=f"banshi-worker-{n}", daemon=True) for n in range(workers)]
        for thread in self.threads:
            thread.start()

    # accepting thread ---------------------------------------------------------------------------------------

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.changed:
            full = self.held >= self.max_connections
            if not full:
                self.held += 1
                self.changed.notify_all()
        if full:
            refuse(request)
            self.shutdown_request(request)
            return
        request.setblocking(False)
        self._to_waiter(Connection(request, client_address, time.monotonic() + self.request_timeout))

    def _to_waiter(self, connection: Connection) -> None:
        self.incoming.put(connection)
        self._wake()

    def _wake(self) -> None:
        with contextlib.suppress(OSError):  # full: the waiter wakes anyway; closed: the server is stopping
            self.wake_write.send(b"\0")

    # waiter thread -------------------------------------------------------------------------------------------

    def _wait(self) -> None:
        selector = selectors.DefaultSelector()
        selector.register(self.wake_read, selectors.EVENT_READ, None)
        waiting: dict[socket.socket, Connection] = {}
        while not self.stopping:
            now = time.monotonic()
            soonest = min((c.deadline for c in waiting.values()), default=now + 1.0)
            for key, _ in selector.select(timeout=max(min(soonest - now, 1.0), 0.0)):
                if key.data is None:
                    self._take_new(selector, waiting)
                else:
                    self._read(selector, waiting, key.data)
            now = time.monotonic()
            for connection in [c for c in waiting.values() if c.deadline <= now]:  # idle, half-sent or trickling
                selector.unregister(connection.sock)
                del waiting[connection.sock]
                self._close(connection)
        for connection in waiting.values():
            self._close(connection)
        selector.close()

    def _take_new(self, selector: selectors.BaseSelector, waiting: dict[socket.socket, Connection]) -> None:
        try:
            self.wake_read.recv(4096)
        except OSError:
            return
        while True:
            try:
                connection = self.incoming.get_nowait()
            except queue.Empty:
                return
            if connection.has_head():  # a pipelined request already read with the previous one
                self.jobs.put(connection)
                continue
            waiting[connection.sock] = connection
            selector.register(connection.sock, selectors.EVENT_READ, connection)

    def _read(self, selector: selectors.BaseSelector, waiting: dict[socket.socket, Connection], connection: Connection) -> None:
        try:
            chunk = connection.sock.recv(65536)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if chunk:
            connection.received += chunk
            if not connection.has_head():
                return
        selector.unregister(connection.sock)
        del waiting[connection.sock]
        if chunk:
            self.jobs.put(connection)
        else:
            self._close(connection)  # the client closed it

    # worker threads ------------------------------------------------------------------------------------------

    def _work(self) -> None:
        while (connection := self.jobs.get()) is not None:
            while self._serve(connection):  # a kept-alive connection whose next head came at once stays here
                pass

    def _serve(self, connection: Connection) -> bool:
        """Answer one request; True when the connection's next head is already here (serve it too)."""
        self.current.connection, self.current.keep = connection, False
        self._count("busy", 1)
        try:
            self.finish_request(connection.sock, connection.address)
        except Exception:
            self.handle_error(connection.sock, connection.address)
        finally:
            self._count("busy", -1)
        if not self.current.keep or self.stopping:
            self._close(connection)
            return False
        connection.next_request(self.request_timeout)
        # A browser loading a page asks again at once: wait a moment for that before the round trip through the waiter.
        if not connection.has_head() and readable_within(connection.sock, LINGER):
            connection.sock.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                try:
                    chunk = connection.sock.recv(65536)
                except ConnectionError:  # reset by the client: as the waiter does, close it (the worker must live on)
                    chunk = b""
                if not chunk:
                    self._close(connection)
                    return False
                connection.received += chunk
        if connection.has_head():
            return True
        connection.sock.setblocking(False)
        self._to_waiter(connection)  # what was read of the next request stays in `received`
        return False

    def _close(self, connection: Connection) -> None:
        self.shutdown_request(connection.sock)
        self._count("held", -1)

    def _count(self, name: str, change: int) -> None:
        with self.changed:
            setattr(self, name, getattr(self, name) + change)
            self.changed.notify_all()

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], OSError):  # a client that went away (reset, broken pipe) is not logged
            super().handle_error(request, client_address)

    def server_close(self) -> None:
        super().server_close()
        self.stopping = True
        for _ in self.threads[1:]:
            self.jobs.put(None)
        self._wake()
        self.threads[0].join(timeout=5)
        self.wake_write.close()
        self.wake_read.close()
        while True:  # heads that no worker took
            try:
                job = self.jobs.get_nowait()
            except queue.Empty:
                break
            if job is not None:
                self._close(job)


def readable_within(sock: socket.socket, seconds: float) -> bool:
    poll = select.poll()  # not select.select: descriptors above 1024 are normal with a thousand connections
    poll.register(sock, select.POLLIN)
    return bool(poll.poll(seconds * 1000))


def refuse(request: socket.socket) -> None:
    """Answer 503 without ever blocking the accepting thread."""
    try:
        request.setblocking(False)
        request.send(BUSY_ANSWER)
    except OSError:
        pass
