"""The connection limits of `banshi run`'s web server: a fixed pool of worker threads and a deadline for each request.

Python's ThreadingHTTPServer starts one thread per connection and never times a connection out: idle or half-sent
connections were held forever, one thread each (security review S7). Here:
- WORKERS threads serve connections; accepted connections beyond them wait in a queue of WAITING, and a connection
  that finds the queue full is answered 503 at once and closed. Threads never grow with connections;
- a request (request line, headers and body) must arrive whole within REQUEST_TIMEOUT seconds of the connection
  being ready for it: for a new connection from when it was accepted (time spent in the queue counts), for a kept-alive
  one from the end of the previous answer. An idle, half-sent or trickling connection is closed then. A deadline for
  the whole request, not per read: a client sending one byte a second cannot hold a worker;
- an answer must be taken by the client within WRITE_TIMEOUT seconds.
"""

from __future__ import annotations

import http.server
import io
import queue
import socket
import sys
import threading
import time
from typing import Any

WORKERS = 32
WAITING = 512
REQUEST_TIMEOUT = 15.0
WRITE_TIMEOUT = 30.0
LISTEN_BACKLOG = 1024  # socketserver's default of 5 resets bursts of concurrent searches
BUSY = "服务器繁忙，请稍后重试。".encode()
BUSY_ANSWER = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 1\r\n"
    b"X-Content-Type-Options: nosniff\r\nConnection: close\r\nContent-Length: " + str(len(BUSY)).encode() + b"\r\n\r\n" + BUSY
)


class DeadlineReader(io.RawIOBase):
    """A socket's reads, each allowed only the time left until `deadline` (time.monotonic())."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self.sock, self.deadline = sock, deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        # Past the deadline, only what has already arrived is read (timeout 0: a request sent whole while its
        # connection waited in the queue is served; one still missing bytes is not waited for).
        self.sock.settimeout(max(self.deadline - time.monotonic(), 0.0))
        try:
            return self.sock.recv_into(buffer)
        except BlockingIOError:
            raise TimeoutError("request deadline passed") from None


class DeadlineHandler(http.server.BaseHTTPRequestHandler):
    """Reads each request against its deadline (see the module's docstring); writes with WRITE_TIMEOUT."""

    request_timeout = REQUEST_TIMEOUT
    write_timeout = WRITE_TIMEOUT
    server: PooledServer

    def setup(self) -> None:
        super().setup()
        self.rfile.close()  # the base class's reader, replaced (closing it releases its hold on the socket)
        self.reader = DeadlineReader(self.connection, self.server.accepted_at() + self.request_timeout)
        self.rfile = io.BufferedReader(self.reader)

    def handle_one_request(self) -> None:
        super().handle_one_request()  # a read past the deadline raises TimeoutError: the base class closes the connection
        self.reader.deadline = time.monotonic() + self.request_timeout  # the next request on this kept-alive connection

    def end_headers(self) -> None:
        self.connection.settimeout(self.write_timeout)  # the answer, not the read deadline's remainder
        super().end_headers()


class PooledServer(http.server.HTTPServer):
    """An HTTP server whose connections are served by a fixed pool of threads (see the module's docstring)."""

    request_queue_size = LISTEN_BACKLOG

    def __init__(self, address: tuple[str, int], handler: Any, workers: int = WORKERS, waiting: int = WAITING) -> None:
        super().__init__(address, handler)
        self.jobs: queue.Queue[tuple[socket.socket, Any, float] | None] = queue.Queue()
        self.waiting = waiting  # only the accepting thread adds jobs, so checking the size first is exact enough
        self.current = threading.local()
        self.workers = [threading.Thread(target=self._work, name=f"banshi-worker-{n}", daemon=True) for n in range(workers)]
        for thread in self.workers:
            thread.start()

    def accepted_at(self) -> float:
        """When the connection the calling worker serves was accepted."""
        return float(getattr(self.current, "accepted", time.monotonic()))

    def process_request(self, request: Any, client_address: Any) -> None:
        if self.jobs.qsize() >= self.waiting:
            refuse(request)
            self.shutdown_request(request)
            return
        self.jobs.put((request, client_address, time.monotonic()))

    def _work(self) -> None:
        while (job := self.jobs.get()) is not None:
            request, client_address, self.current.accepted = job
            try:
                self.finish_request(request, client_address)
            except Exception:
                self.handle_error(request, client_address)
            finally:
                self.shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], OSError):  # a client that went away (reset, broken pipe) is not logged
            super().handle_error(request, client_address)

    def server_close(self) -> None:
        super().server_close()
        while True:  # connections still waiting are closed; then each worker is told to stop
            try:
                job = self.jobs.get_nowait()
            except queue.Empty:
                break
            if job is not None:
                self.shutdown_request(job[0])
        for _ in self.workers:
            self.jobs.put(None)


def refuse(request: socket.socket) -> None:
    """Answer 503 without ever blocking the accepting thread."""
    try:
        request.setblocking(False)
        request.send(BUSY_ANSWER)
    except OSError:
        pass
