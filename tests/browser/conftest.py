"""Browser fixtures: a static server for built sites and Debian's Chromium driven by Playwright.

Chromium missing: the browser tests skip locally, but fail when CI=true (nothing may be skipped in CI).
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run, not skip)", pytrace=False)
    pytest.skip(reason)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve_dir(directory: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 and a free port; yields the base URL ending in '/'."""
    assert (directory / "index.html").is_file(), f"no site at {directory}"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(directory)))
    server.daemon_threads = True
    with serving(server) as url:
        yield url


@contextmanager
def serving(server: http.server.HTTPServer) -> Iterator[str]:
    """Run a bound server (on 127.0.0.1) in a thread; yields its base URL ending in '/'; shuts it down after."""
    thread = threading.Thread(target=server.serve_forever, name=f"http-{server.server_address[1]}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[[Path], str]]:
    """serve(site_dir) -> base URL; servers stay up until the end of the session."""
    from contextlib import ExitStack

    with ExitStack() as stack:
        yield lambda directory: stack.enter_context(serve_dir(Path(directory)))


@pytest.fixture(scope="session")
def mini_url(mini_site: Path, serve: Callable[[Path], str]) -> str:
    return serve(mini_site)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Python playwright is not installed (pip install -e .[test])")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Tab:
    """A page in a fresh browser context that only reaches 127.0.0.1 and records script errors."""

    def __init__(self, chromium: Any, **context_options: Any) -> None:
        self.context = chromium.new_context(locale="zh-CN", **context_options)
        self.context.set_default_timeout(10_000)
        self.context.route("**/*", self._local_only)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("dialog", lambda dialog: (self.errors.append(f"dialog opened: {dialog.message}"), dialog.dismiss()))

    @staticmethod
    def _local_only(route: Any) -> None:
        # Keep tests hermetic: apply links go to hnzwfw (test_accessibility.py records that pages ask no other origin).
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            route.abort()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def open_tab(chromium: Any) -> Iterator[Callable[..., Any]]:
    """open_tab(**context_options) -> Playwright page; fails the test if the page raised a script error or opened a dialog."""
    tabs: list[Tab] = []

    def open_(**options: Any) -> Any:
        options.setdefault("viewport", DESKTOP)
        tab = Tab(chromium, **options)
        tabs.append(tab)
        return tab.page

    yield open_
    errors = [e for tab in tabs for e in tab.errors]
    for tab in tabs:
        tab.close()
    assert not errors, f"script errors or dialogs in the page: {errors}"


@pytest.fixture
def page(open_tab: Callable[..., Any]) -> Any:
    """A desktop-sized page (1280x900)."""
    return open_tab()


@pytest.fixture(scope="session")
def site_url(repo_site: Path, serve: Callable[[Path], str]) -> str:
    """The repository's own guide, served (a module may define its own site_url, e.g. with Meilisearch)."""
    return serve(repo_site)


@pytest.fixture
def phone(open_tab: Callable[..., Any]) -> Any:
    """A phone-sized page (390x844, touch)."""
    return open_tab(**PHONE)
