"""The guide's pages satisfy the Content-Security-Policy `banshi run` sends (generator/site/headers.py), in real
Chromium, served by `banshi run`'s server, by nginx with docs/production.md's configuration and by a server that
sends no headers (as GitHub Pages: the pages' <meta> policy alone): every page type, normal and 长辈版 (care mode),
with the theme's script loaded by a first interaction, the QR code drawn, the search page on both backends with its
filter panel opened. A `securitypolicyviolation` listener (installed before any page script) and the console's CSP
errors must stay empty; every page carries the headers where the server sends them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.search.site_config import SearchSettings
from generator.site.headers import SECURITY_HEADERS
from generator.site.server import make_server, serve_in_thread
from tests.browser.a11y_pages import PageType, first_dir, page_types, with_care
from tests.browser.conftest import serve_dir
from tests.conftest import working_dir
from tests.nginx_fixture import run_nginx
from tests.support import REPO

pytestmark = pytest.mark.browser

INDEX = "csp_items"
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`));
"""


@pytest.fixture(scope="module")
def meili_site(meili: tuple[str, str], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The repository's guide built for Meilisearch through the /meili/ proxy, and its search key."""
    from generator.search.documents import build_documents
    from generator.search.indexer import reindex
    from generator.search.settings import index_settings
    from generator.site.build import build_site
    from generator.validate.project import validate

    url, master = meili
    result = validate(REPO)
    key = reindex(url, master, build_documents(result.catalog, result.items), index_settings(result.catalog), index=INDEX).search_key
    site = tmp_path_factory.mktemp("csp-site") / "site"
    with working_dir(REPO):
        build_site(REPO / "mkdocs.yml", site, search=SearchSettings(public_url="/meili/", search_key=key, index=INDEX, api_url=url, master_key=master))
    return site, key


@pytest.fixture(scope="module", params=["meili", "static", "nginx", "pages"])
def guide(
    request: pytest.FixtureRequest, meili_site: tuple[Path, str], meili: tuple[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path, str]]:
    """(base URL, site, backend): the site served by `banshi run`'s server, with the proxy (Meilisearch search) or
    without it (the page falls back to the static index), by nginx as docs/production.md configures it, or by a
    server that sends no headers at all, as GitHub Pages (only the pages' <meta> policy is in force)."""
    site, key = meili_site
    if request.param in ("nginx", "pages"):
        with run_nginx(tmp_path_factory.mktemp("nginx"), site, meili[0], INDEX) if request.param == "nginx" else serve_dir(site) as base:
            yield base, site, request.param
        return
    server = make_server(site, meili[0], port=0, search_key=key, index=INDEX) if request.param == "meili" else make_server(site, None, port=0)
    thread = serve_in_thread(server)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", site, request.param
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def all_page_types(site: Path) -> list[PageType]:
    types = page_types(site, REPO / "items")
    item = next(t for t in types if t.name == "item")
    bundle = first_dir(site, "bundles")
    return [
        *types,
        PageType("checklist", item.path + "checklist/"),
        PageType("bundle", f"bundles/{bundle}/"),
        PageType("bundle checklist", f"bundles/{bundle}/checklist/"),
        PageType("bundles index", "bundles/"),
    ]


def visit(page: Any, base: str, page_type: PageType, care: bool, backend: str) -> list[str]:
    """Open one page, let every script of it run, and return what is missing from its headers."""
    response = page.goto(base + (with_care(page_type.path) if care else page_type.path))
    assert response is not None
    headers = response.headers
    missing = [] if backend == "pages" else [name for name, value in SECURITY_HEADERS if headers.get(name.lower()) != value]
    if page_type.ready:
        page.wait_for_selector(page_type.ready)
    if page.locator("#bs-theme-script").count():  # the theme's bundle.js comes with the first interaction
        page.mouse.move(200, 300)
        page.mouse.wheel(0, 400)
        page.wait_for_function("() => typeof window.document$ === 'object'")
    if page.locator("[data-qr]").count():  # the QR code is drawn for print (an SVG put in by script)
        page.emulate_media(media="print")
        page.wait_for_selector("[data-qr] svg", state="attached")
        page.emulate_media(media="screen")
    if page_type.name == "search" and backend in ("meili", "nginx"):  # the static index gives no filter counts
        panel = page.locator(".bs-facets")
        if panel.count() and panel.evaluate("d => !d.open"):
            page.locator(".bs-facets summary").click()
        page.locator(".bs-facet .bs-count").first.wait_for()  # the filter counts came (the facet request)
    return missing


@pytest.mark.parametrize("care", [False, True], ids=["normal", "care"])
def test_no_page_breaks_the_content_security_policy(open_tab: Callable[..., Any], guide: tuple[str, Path, str], care: bool) -> None:
    base, site, backend = guide
    page = open_tab()
    page.add_init_script(LISTEN)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" and "Content Security Policy" in m.text else None)
    violations: dict[str, list[str]] = {}
    without_headers: dict[str, list[str]] = {}
    for page_type in all_page_types(site):
        console.clear()
        missing = visit(page, base, page_type, care, backend)
        if missing:
            without_headers[page_type.name] = missing
        if page_type.name == "search":  # the backend under test answered (the static one says so on the page)
            assert ("离线索引" in page.locator("#bs-search").inner_text()) is (backend in ("static", "pages"))
        found = page.evaluate("() => window.__csp") + console
        if found:
            violations[page_type.name] = found
    assert not without_headers, without_headers
    assert not violations, "\n".join(f"{name}: {found}" for name, found in violations.items())


def test_the_listener_sees_what_the_policy_blocks(open_tab: Callable[..., Any], guide: tuple[str, Path, str]) -> None:
    """The check above can fail: an injected inline script and an inline handler are blocked and reported."""
    base, _site, _backend = guide
    page = open_tab()
    page.add_init_script(LISTEN)
    page.goto(base)
    page.evaluate(
        """() => {
            const s = document.createElement("script");
            s.textContent = "window.__ran = 1";
            document.body.append(s);
            document.body.insertAdjacentHTML("beforeend", '<img src="data:," onload="window.__ran = 2">');
        }"""
    )
    page.wait_for_function("() => window.__csp.length >= 2")
    assert page.evaluate("() => window.__ran") is None
    assert all(v.startswith("script-src") for v in page.evaluate("() => window.__csp"))


def test_the_print_buttons_print_under_the_policy(open_tab: Callable[..., Any], guide: tuple[str, Path, str]) -> None:
    """The guide's and the 材料清单's print buttons (a listener in banshi.mjs since onclick= is not allowed)."""
    base, site, _backend = guide
    item = next(t for t in page_types(site, REPO / "items") if t.name == "item")
    page = open_tab()
    page.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")  # no print dialog headless
    for path, button in ((item.path, ".bs-print"), (item.path + "checklist/", ".bs-checklist__print")):
        page.goto(base + path)
        page.locator(button).click()
        page.wait_for_function("() => window.__printed === 1")
