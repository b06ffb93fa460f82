"""What `banshi serve` (MkDocs' live-reload server) answers: reads from this machine only (security review S10).

The preview shows the working tree, unmerged edits included. A web page elsewhere can make a browser send requests to
127.0.0.1 under the page's own host name (DNS rebinding) and then read the answers; the Host header is the only sign of
it. So the server answers only a Host that names this machine: `localhost` or a loopback address, or the address it
listens on (an IP address, when --dev-addr names one; any IP address when it listens on all of them, as an IP address
cannot be rebound), always with the port it listens on. Anything else gets 403 with a Chinese explanation.
The preview has nothing to change: methods other than GET and HEAD get 405 (MkDocs answered POST with 200).
The listen backlog is raised from socketserver's 5 to the 1024 of `banshi run`.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from generator.site.pool import LISTEN_BACKLOG

Start = Callable[..., Any]
App = Callable[[dict[str, Any], Start], Iterable[bytes]]


def host_is_local(host: str, bound: tuple[Any, ...]) -> bool:
    """Does the Host header `host` name this machine, on the port of `bound` (the server's address)?"""
    try:
        parts = urlsplit("//" + host)
        name, port = parts.hostname, parts.port or 80
    except ValueError:
        return False
    if not name or port != bound[1] or parts.username is not None or parts.password is not None:
        return False
    if name == "localhost":
        return True
    try:
        address = ipaddress.ip_address(name)
        listening = ipaddress.ip_address(bound[0])
    except ValueError:
        return False  # a name: what DNS rebinding uses
    return address.is_loopback or address == listening or listening.is_unspecified


def _answer(start_response: Start, status: str, text: str, *extra: tuple[str, str]) -> list[bytes]:
    body = text.encode("utf-8")
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body))), *extra])
    return [body]


def guard(server: Any) -> None:
    """Wrap a not yet started mkdocs LiveReloadServer's application with the checks above and raise its backlog."""
    server.request_queue_size = LISTEN_BACKLOG
    app: App = server.get_app()

    def guarded(environ: dict[str, Any], start_response: Start) -> Iterable[bytes]:
        bound = server.server_address
        if not host_is_local(environ.get("HTTP_HOST", ""), bound):
            where = f"http://127.0.0.1:{bound[1]}/"
            return _answer(start_response, "403 Forbidden", f"本地预览只接受本机地址的访问，请打开 {where}\n")
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return _answer(start_response, "405 Method Not Allowed", "本地预览只能查看，不接受提交。\n", ("Allow", "GET, HEAD"))
        return app(environ, start_response)

    server.set_app(guarded)
