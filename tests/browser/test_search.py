"""The search page in real Chromium against a real Meilisearch (session fixture `meili`), and its static fallback."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from generator.search.meili_process import free_port
from generator.search.site_config import SearchSettings
from generator.site.server import make_server, serve_in_thread
from tests.conftest import REPO, working_dir
from tests.support import silent_server

pytestmark = pytest.mark.browser

INDEX = "browser_items"
XSS_NAME = '<img src=x onerror="window.__xss=1">机动车驾驶证测试'
CLOSED = "__CLOSED_PORT__"


@pytest.fixture(scope="module")
def search_key(meili: tuple[str, str]) -> str:
    """Index the repository's documents plus one hostile record (inserted directly: validation would reject it)."""
    from generator.search.documents import build_documents
    from generator.search.indexer import reindex
    from generator.search.settings import index_settings
    from generator.validate.project import validate

    url, master = meili
    result = validate(REPO)
    docs = build_documents(result.catalog, result.items)
    hostile = dict(next(d for d in docs if "机动车驾驶证" in d["name"]))
    hostile.update(id="xss0001", implementation_code="xss0001", name=XSS_NAME, keywords=[], aliases=[])
    report = reindex(url, master, [*docs, hostile], index_settings(result.catalog), index=INDEX)
    return report.search_key


@pytest.fixture(scope="module")
def meili_site(meili: tuple[str, str], search_key: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository site built for Meilisearch through the /meili/ proxy, with the build's key check on."""
    from generator.site.build import build_site

    url, master = meili
    site = tmp_path_factory.mktemp("search-site") / "site"
    settings = SearchSettings(public_url="/meili/", search_key=search_key, index=INDEX, api_url=url, master_key=master)
    with working_dir(REPO):
        build_site(REPO / "mkdocs.yml", site, search=settings)
    return site


@pytest.fixture(scope="module")
def site_url(meili_site: Path, meili: tuple[str, str], search_key: str) -> Iterator[str]:
    server = make_server(meili_site, meili[0], port=0, search_key=search_key, index=INDEX)
    serve_in_thread(server)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@contextmanager
def site_searching(meili_site: Path, meili_url: str) -> Iterator[str]:
    """The site served as `banshi run` serves it, its /meili/ proxy forwarding to meili_url instead of the real
    Meilisearch (the page itself talks to its own origin only: the site's CSP allows nothing else)."""
    server = make_server(meili_site, meili_url, port=0, search_key="search-key", index=INDEX)
    serve_in_thread(server)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def unreachable_url(meili_site: Path) -> Iterator[str]:
    """The site, its search proxy forwarding to a closed port."""
    with site_searching(meili_site, f"http://127.0.0.1:{free_port()}") as url:
        yield url


@pytest.fixture(scope="module")
def silent_url(meili_site: Path) -> Iterator[str]:
    """The site, its search proxy forwarding to a server that accepts connections and never answers."""
    with silent_server() as silent, site_searching(meili_site, silent) as url:
        yield url


def result_names(page: Any) -> list[str]:
    page.locator(".bs-results a.bs-result__link").first.wait_for(state="visible")
    return [t.strip() for t in page.locator(".bs-results .bs-result__name").all_inner_texts()]


def test_typing_colloquial_word_finds_official_item_highlighted(page: Any, site_url: str) -> None:
    page.goto(site_url + "search/")
    page.locator("#bs-search-q").type("驾照", delay=30)
    page.locator('.bs-results[data-query="驾照"]').wait_for(state="attached")
    names = result_names(page)
    assert any("机动车驾驶证" in n for n in names[:3]), names
    # the page marks the understood word in each name (no highlighting asked of Meilisearch), as on the static index
    marks = page.locator(".bs-results .bs-result__name mark").all_inner_texts()
    assert marks and set(marks) == {"机动车驾驶证"}, marks
    assert page.evaluate("new URLSearchParams(location.search).get('q')") == "驾照"
    assert page.locator(".bs-search__mode").is_hidden()  # Meilisearch mode: no fallback note
    # keyboard: ArrowDown enters the results, Enter follows the focused link
    page.locator("#bs-search-q").press("ArrowDown")
    first = page.locator(".bs-results a.bs-result__link").first
    assert first.evaluate("a => a === document.activeElement")
    page.keyboard.press("ArrowDown")
    second = page.locator(".bs-results a.bs-result__link").nth(1)
    assert second.evaluate("a => a === document.activeElement")
    target = second.get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)


def lankao_places() -> list[str]:
    regions = yaml.safe_load((REPO / "items/_catalog/regions.yaml").read_text(encoding="utf-8"))["regions"]
    return ["兰考县"] + [r["name"] for r in regions if r.get("parent") == "410225"]


def test_facet_click_narrows_results_and_updates_url(page: Any, site_url: str) -> None:
    page.goto(site_url + "search/?q=身份证")
    result_names(page)
    status = page.locator(".bs-search__status")
    before = int(re.search(r"(\d+) 个事项", status.inner_text())[1])
    box = page.locator('.bs-facet[data-facet-group="county"] input[value="兰考县"]')
    count = int(box.locator("xpath=..").locator(".bs-count").inner_text())
    assert 0 < count < before
    box.check()
    page.wait_for_function("() => new URLSearchParams(location.search).get('county') === '兰考县'")
    places = lankao_places()  # 兰考县 and its townships
    page.wait_for_function(
        "places => [...document.querySelectorAll('.bs-results .bs-result__meta')].every(m => places.some(p => m.textContent.startsWith(p)))", arg=places
    )
    metas = page.locator(".bs-results .bs-result__meta").all_inner_texts()
    assert len(metas) == min(count, 20), metas
    assert f"{count} 个事项" in status.inner_text()
    query = parse_qs(urlsplit(page.url).query)
    assert query["q"] == ["身份证"] and query["county"] == ["兰考县"]
    # the shared URL restores the same filtered search
    page.goto(page.url)
    result_names(page)
    assert page.locator('.bs-facet[data-facet-group="county"] input[value="兰考县"]').is_checked()
    assert len(page.locator(".bs-results a.bs-result__link").all()) == min(count, 20)


def test_hostile_record_name_shows_as_text(page: Any, site_url: str) -> None:
    page.goto(site_url + "search/?q=驾驶证测试")
    names = result_names(page)
    assert any(XSS_NAME in n for n in names), names
    assert page.locator(".bs-results img").count() == 0
    assert page.evaluate("window.__xss") is None
    assert page.locator(".bs-results mark").count() >= 1  # highlighting still works around the escaped text


def test_fallback_when_meilisearch_unreachable_finds_id_card(page: Any, unreachable_url: str) -> None:
    page.goto(unreachable_url + "search/")
    page.locator("#bs-search-q").type("身份证", delay=30)
    page.locator('.bs-results[data-query="身份证"]').wait_for(state="attached")
    names = result_names(page)
    assert any("居民身份证" in n for n in names), names
    note = page.locator(".bs-search__mode")
    note.wait_for(state="visible")
    assert "当前使用离线索引" in note.inner_text()
    assert page.locator(".bs-results mark").count() >= 1


def test_words_typed_before_the_search_script_runs_are_searched(page: Any, unreachable_url: str) -> None:
    """A slow phone: the reader types before search.mjs has loaded. The words stay in the box and are searched."""
    held: list[Any] = []

    def hold(route: Any) -> None:  # the module's request waits until the words are typed
        held.append(route)

    page.route("**/assets/javascripts/search.mjs", hold)
    page.goto(unreachable_url + "search/", wait_until="domcontentloaded")
    page.locator("#bs-search-q").type("身份证")
    page.wait_for_function("() => document.querySelector('#bs-search-q').value === '身份证'")
    assert held and not page.locator(".bs-results[data-query]").count()
    held[0].continue_()
    page.locator('.bs-results[data-query="身份证"]').wait_for(state="attached")
    assert page.locator("#bs-search-q").input_value() == "身份证"
    assert any("居民身份证" in n for n in result_names(page))


def test_static_search_pinyin_and_nothing_found_help(page: Any, unreachable_url: str) -> None:
    page.goto(unreachable_url + "search/?q=jiazhao")
    assert any("机动车驾驶证" in n for n in result_names(page))
    page.goto(unreachable_url + "search/?q=驾照到期了怎么弄呢")
    assert any("机动车驾驶证" in n for n in result_names(page)), "a long colloquial question still finds the licence items"
    page.goto(unreachable_url + "search/?q=火星移民")
    help_box = page.locator(".bs-search__help")
    help_box.wait_for(state="visible")
    assert "没有找到" in page.locator(".bs-search__status").inner_text()
    assert help_box.locator("a[href*='services/']").count() == 1


def test_phone_asks_for_filter_counts_only_when_the_panel_opens(open_tab: Callable[..., Any], site_url: str) -> None:
    desktop = open_tab()
    desktop.goto(site_url + "search/?q=身份证")
    result_names(desktop)
    county = '.bs-facet[data-facet-group="county"] .bs-count'
    desktop_counts = desktop.locator(county).all_inner_texts()
    assert desktop_counts  # the panel is open on a desktop: counts come with the results
    phone = open_tab(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=3)
    bodies: list[dict[str, Any]] = []
    phone.on("request", lambda r: bodies.append(r.post_data_json) if r.url.endswith("/search") and r.method == "POST" else None)
    phone.goto(site_url + "search/?q=身份证")
    result_names(phone)
    facets = phone.locator(".bs-facets")
    assert facets.is_visible() and facets.evaluate("d => !d.open")
    assert bodies and all(not b.get("facets") for b in bodies), bodies  # no counts asked while the panel is closed
    phone.locator(".bs-facets summary").click()
    phone.locator(county).first.wait_for()
    assert phone.locator(county).all_inner_texts() == desktop_counts
    counted = [b for b in bodies if b.get("facets")]
    assert len(counted) == 1 and counted[0]["attributesToRetrieve"] == ["id"], counted  # one request for the counts


def test_phone_layout_has_no_horizontal_scroll(open_tab: Callable[..., Any], site_url: str) -> None:
    page = open_tab(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=3)
    page.goto(site_url + "search/?q=身份证")
    result_names(page)
    assert page.locator(".bs-facets").evaluate("d => !d.open")  # filters folded away on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= 391


def test_only_the_search_key_is_in_the_site(meili_site: Path, meili: tuple[str, str], search_key: str) -> None:
    _url, master = meili
    blobs = [p.read_bytes() for p in meili_site.rglob("*") if p.is_file()]
    assert not any(master.encode() in b for b in blobs)
    assert sum(search_key.encode() in b for b in blobs) == 1  # the search page's config only


def test_build_fails_when_a_write_key_is_published(meili: tuple[str, str], make_mini_project: Callable[[], Path], tmp_path: Path) -> None:
    from generator.search.meili import Meili
    from generator.site.build import SiteCheckFailed, build_site

    url, master = meili
    with Meili(url, master) as client:
        admin = client.post("/keys", {"name": "test-admin", "actions": ["*"], "indexes": ["*"], "expiresAt": None})
    project = make_mini_project()
    settings = SearchSettings(public_url=url, search_key=admin["key"], api_url=url, master_key=master)
    with working_dir(project), pytest.raises(SiteCheckFailed) as failed:
        build_site(project / "mkdocs.yml", tmp_path / "site", search=settings)
    problems = failed.value.problems
    assert problems == [
        "MEILI_SEARCH_KEY 不是只读搜索密钥（actions: ['*']）：网站只能使用只有 search 权限的密钥",
        "MEILI_SEARCH_KEY 可用于索引 ['*']，而不是只有 ['items'] ：请用 banshi index 生成的公开搜索密钥".replace("] ：", "]："),
    ]
    assert not (tmp_path / "site").exists()


# The shared query path: the page's JavaScript answers exactly as the Python twins (`banshi search --backend ...`).

PARITY_REGIONS = [("低保", "410225"), ("身份证", "410225001"), ("结婚登记", "410202"), ("兰考 低保", "410212"), ("护照", None)]


def parity_queries() -> list[tuple[str, str | None]]:
    from bench import relevance_harness as relevance

    cases = [c for name in ("dev", "heldout", "heldout2") for c in relevance.load_suite(name)]
    return [(c["q"], None) for c in cases] + PARITY_REGIONS


def test_static_search_in_the_browser_matches_python(page: Any, meili_site: Path, site_url: str) -> None:
    from generator.search.static_index import OUT_DIR
    from generator.search.static_query import SiteFiles, query

    files = SiteFiles(meili_site / OUT_DIR)
    queries = parity_queries()
    expected = []
    for q, region in queries:
        r = query(files, q, limit=10, region=region)
        seen = {key: r.understood[key] for key in ("words", "segments", "chain")}
        expected.append({"urls": [h["url"] for h in r.hits], **seen, "total": r.total})
    page.goto(site_url + "search/")
    got = page.evaluate(
        """async (queries) => {
            const { StaticIndex } = await import(new URL("../assets/javascripts/search-static.mjs", location.href));
            const index = new StaticIndex(new URL("static/", location.href));
            const out = [];
            for (const [q, region] of queries) {
                const r = await index.search(q, { limit: 10, region });
                const u = r.understood;
                out.push({ urls: r.hits.map((h) => h.url), words: u.words, segments: u.segments, chain: u.chain, total: r.total });
            }
            return out;
        }""",
        queries,
    )
    mismatches = [(q, e, g) for (q, _), e, g in zip(queries, expected, got, strict=True) if e != g]
    assert not mismatches, mismatches[:3]


def test_meilisearch_search_in_the_browser_matches_python(page: Any, meili_site: Path, site_url: str, meili: tuple[str, str], search_key: str) -> None:
    from generator.search.meili import Meili
    from generator.search.query import run_search
    from generator.search.static_index import OUT_DIR, UNDERSTAND_FILE
    from generator.search.understand import understander

    understand = understander(json.loads((meili_site / OUT_DIR / UNDERSTAND_FILE).read_text(encoding="utf-8")))
    queries = parity_queries()
    with Meili(meili[0], search_key) as m:
        expected = [[h["id"] for h in run_search(m, q, limit=10, index=INDEX, understander=understand, region=region)["hits"]] for q, region in queries]
    page.goto(site_url + "search/")
    got = page.evaluate(
        """async (queries) => {
            const { MeiliBackend } = await import(new URL("../assets/javascripts/search-meili.mjs", location.href));
            const config = JSON.parse(document.getElementById("bs-search").dataset.config);
            const engine = new MeiliBackend(config, new URL(".", location.href));
            const out = [];
            for (const [q, region] of queries) out.push((await engine.search(q, {}, { limit: 10, region })).hits.map((h) => h.id));
            return out;
        }""",
        queries,
    )
    mismatches = [(q, e, g) for (q, _), e, g in zip(queries, expected, got, strict=True) if e != g]
    assert not mismatches, mismatches[:3]


def test_suggestions_are_an_accessible_combobox(page: Any, site_url: str) -> None:
    page.goto(site_url + "search/")
    box = page.locator("#bs-search-q")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "false"
    box.type("身份证", delay=30)
    listbox = page.locator("#bs-suggest-list")
    listbox.wait_for(state="visible")
    assert box.get_attribute("aria-expanded") == "true" and box.get_attribute("aria-controls") == "bs-suggest-list"
    options = listbox.locator("[role=option]")
    names = options.all_inner_texts()
    assert names and all("身份证" in n for n in names), names
    box.press("ArrowDown")
    box.press("ArrowDown")
    second = options.nth(1)
    assert second.get_attribute("aria-selected") == "true" and box.get_attribute("aria-activedescendant") == second.get_attribute("id")
    assert box.evaluate("b => b === document.activeElement")  # focus stays in the box (ARIA 1.2 combobox)
    chosen = second.inner_text()
    box.press("Enter")
    page.wait_for_function("name => document.querySelector('.bs-results').dataset.query === name", arg=chosen)
    assert box.input_value() == chosen and listbox.is_hidden() and box.get_attribute("aria-expanded") == "false"
    assert chosen in result_names(page)[0]
    box.fill("")
    box.type("结婚", delay=30)
    listbox.wait_for(state="visible")
    box.press("ArrowDown")
    from tests.browser.a11y_pages import run_axe, summary

    violations = run_axe(page, care=False)  # WCAG 2.1 AA with the suggestion list open and an option active
    assert not violations, summary(violations)
    box.press("Escape")
    assert listbox.is_hidden() and box.get_attribute("aria-expanded") == "false"


def test_question_and_english_queries_and_honest_count(page: Any, site_url: str) -> None:
    page.goto(site_url + "search/?q=我想给孩子办户口需要带什么")
    assert "出生登记" in result_names(page)[0]
    page.goto(site_url + "search/?q=ID card")
    assert "居民身份证" in result_names(page)[0]
    page.goto(site_url + "search/?q=身份证")
    result_names(page)
    status = page.locator(".bs-search__status").inner_text()
    count = int(re.search(r"最相关的 (\d+) 个事项", status)[1])
    assert count < 40, status  # was "找到约 188 个事项": materials mentioning 身份证 no longer count


def test_the_reader_region_is_preferred_and_said(page: Any, site_url: str) -> None:
    page.goto(site_url + "search/")
    page.evaluate("localStorage.setItem('banshi.region', '410225')")
    page.goto(site_url + "search/?q=低保")
    result_names(page)
    note = page.locator(".bs-search__region")
    note.wait_for(state="visible")
    assert "兰考县" in note.inner_text()
    metas = page.locator(".bs-results .bs-result__meta").all_inner_texts()
    places = lankao_places()
    assert any(metas[0].startswith(p) for p in places), metas[:3]
    assert not all(any(m.startswith(p) for p in places) for m in metas), "other regions are still listed"
    page.goto(site_url + "search/?q=护照&region=410221")  # the URL wins over the device's memory
    result_names(page)
    assert "杞县" in note.inner_text()
    assert page.locator(".bs-results .bs-result__meta").first.inner_text().startswith("杞县")


def test_zero_results_page_helps(page: Any, site_url: str) -> None:
    page.goto(site_url + "search/?q=火星移民")
    help_box = page.locator(".bs-search__help")
    help_box.wait_for(state="visible")
    assert page.locator(".bs-hotline").get_attribute("href") == "tel:12345"
    assert help_box.locator("a[href*='themes/']").count() == 1
    # no official name shares a word with 火星移民: no suggestion that rests on one character (移 -> 户口迁移)
    page.wait_for_function("() => document.querySelector('.bs-search__suggest').textContent.includes('换个说法试试')")
    assert help_box.locator(".bs-search__suggest a[data-suggest]").count() == 0


def test_page_returns_to_meilisearch_when_it_answers_again(page: Any, site_url: str) -> None:
    page.route("**/meili/**", lambda route: route.abort())
    page.goto(site_url + "search/?q=身份证")
    result_names(page)
    mode = page.locator(".bs-search__mode")
    mode.wait_for(state="visible")
    page.wait_for_function("() => document.getElementById('bs-search').dataset.backend === 'static'")
    page.unroute("**/meili/**")  # the server answers again: the background check switches back
    # switched back: Meilisearch answers the query again and the offline note is gone (both set by the same event)
    page.wait_for_function(
        "() => document.getElementById('bs-search').dataset.backend === 'meili' && document.querySelector('.bs-search__mode').hidden",
        timeout=15_000,
    )
    page.locator(".bs-facets").wait_for(state="visible")  # the query rerun on Meilisearch brings its filters back


def test_silent_meilisearch_falls_back_to_the_offline_index(page: Any, silent_url: str) -> None:
    """The server accepts the page's requests and never answers: within the page's deadline (1.5 s for the whole
    search) the offline index answers and the note says why; nothing stays on "正在搜索…"."""
    page.goto(silent_url + "search/")
    page.locator("#bs-search-q").type("身份证", delay=30)
    page.locator('.bs-results[data-query="身份证"]').wait_for(state="attached", timeout=6_000)
    assert any("居民身份证" in n for n in result_names(page))
    assert page.evaluate("document.getElementById('bs-search').dataset.backend") == "static"
    note = page.locator(".bs-search__mode")
    note.wait_for(state="visible")
    assert "没有及时回应" in note.inner_text()
    assert "正在搜索" not in page.locator(".bs-search__status").inner_text()


def test_without_a_region_one_card_per_service_asks_for_the_place(page: Any, unreachable_url: str) -> None:
    """No region chosen: 最低生活保障 (offered by several counties) is one card that leads to its service page and asks
    for the reader's county; choosing one there reloads the answer with that county's office first, and keeps it."""
    page.goto(unreachable_url + "search/?q=低保")
    result_names(page)
    cards = page.locator(".bs-results li.bs-result")
    names = [t.strip() for t in page.locator(".bs-results .bs-result__name").all_inner_texts()]
    assert len(names) == len(set(names)), names  # no service twice
    dibao = cards.filter(has_text="最低生活保障").first
    assert "个地区可办理" in dibao.locator(".bs-result__meta").inner_text()
    assert dibao.locator("a.bs-result__link").get_attribute("href").endswith("/services/000502001000/")
    dibao.locator("[data-choose-region]").click()
    panel = page.locator("#bs-region-panel")
    panel.wait_for(state="visible")
    panel.locator("select[data-level='1']").select_option("410225")
    panel.locator("[data-region-save]").click()
    page.wait_for_url("**/search/?*region=410225*")
    result_names(page)
    first = page.locator(".bs-results li.bs-result").first
    assert "兰考县" in first.locator(".bs-result__meta").inner_text()
    assert page.locator("[data-choose-region]").count() == 0  # a region is chosen: offices, not a question
    page.goto(unreachable_url + "search/?q=低保")  # the choice is kept on the device
    result_names(page)
    assert "兰考县" in page.locator(".bs-results li.bs-result").first.locator(".bs-result__meta").inner_text()


@pytest.mark.parametrize("backend", ["meili", "static"])
def test_a_service_the_catalog_lacks_is_not_called_an_answer(page: Any, site_url: str, unreachable_url: str, backend: str) -> None:
    """渔船登记: the catalog has no such service; what shares 登记 with it is shown as possibly related, with where to
    ask, on both backends; a query the catalog answers is not."""
    base = site_url if backend == "meili" else unreachable_url
    page.goto(base + "search/?q=渔船登记")
    page.wait_for_function("() => document.getElementById('bs-search').dataset.match")
    root = page.locator("#bs-search")
    assert root.get_attribute("data-backend") == backend
    assert root.get_attribute("data-match") in ("related", "none")
    if root.get_attribute("data-match") == "related":
        assert "没有完全符合“渔船登记”的事项，以下可能相关" in page.locator(".bs-search__status").inner_text()
    help_box = page.locator(".bs-search__help")
    help_box.wait_for(state="visible")
    assert help_box.locator(".bs-hotline").get_attribute("href") == "tel:12345"
    page.goto(base + "search/?q=结昏登记")  # a homophone typo of 结婚登记: an answer
    page.wait_for_function("() => document.getElementById('bs-search').dataset.match === 'exact'")
    assert any("结婚登记" in n for n in result_names(page)[:3])
    assert page.locator(".bs-search__help").is_hidden()


def test_a_40_kb_query_link_answers_with_the_cap_message_at_once(page: Any, mini_url: str) -> None:
    """Security review 2026-12b, S6: a 40 KB ?q= froze the tab for 8.8 s on the static index. The page now reads the
    cap from search/query.json (the one definition, generator/search/query.py) and says so instead of searching."""
    import time
    from urllib.parse import quote_plus

    from generator.search.query_cap import MAX_QUERY_CHARS, TOO_LONG

    text = "a " * 20_000
    url = mini_url + "search/?q=" + quote_plus(text)
    assert len(url) > 40_000
    start = time.perf_counter()
    page.goto(url)
    page.locator('#bs-search[data-refused="too-long"]').wait_for(state="attached", timeout=10_000)
    elapsed = time.perf_counter() - start
    status = page.locator(".bs-search__status").inner_text()
    assert status == TOO_LONG.format(max=MAX_QUERY_CHARS), status
    assert page.locator(".bs-results li").count() == 0
    assert page.locator("#bs-search-q").input_value() == text.strip() or page.locator("#bs-search-q").input_value() == text  # nothing lost
    assert elapsed < 10, elapsed
    # the tab is still responsive: a normal query right after is answered from the static index
    box = page.locator("#bs-search-q")
    box.fill("食品经营")
    box.press("Enter")
    page.locator('.bs-results[data-query="食品经营"]').wait_for(state="attached", timeout=10_000)
    assert page.get_attribute("#bs-search", "data-refused") is None
    assert any("食品经营" in n for n in result_names(page))


def test_a_40_kb_query_link_is_not_sent_to_meilisearch(page: Any, site_url: str) -> None:
    """The same cap on the Meilisearch backend: the page answers with the message and sends no search request."""
    from urllib.parse import quote_plus

    from generator.search.query_cap import MAX_QUERY_CHARS, TOO_LONG

    searches: list[str] = []
    page.on("request", lambda request: searches.append(request.url) if "/meili/indexes/" in request.url else None)
    page.goto(site_url + "search/?q=" + quote_plus("a " * 20_000))
    page.locator('#bs-search[data-refused="too-long"]').wait_for(state="attached", timeout=10_000)
    assert page.locator(".bs-search__status").inner_text() == TOO_LONG.format(max=MAX_QUERY_CHARS)
    assert searches == [], searches
    box = page.locator("#bs-search-q")
    box.fill("驾照")
    box.press("Enter")
    page.locator('.bs-results[data-query="驾照"]').wait_for(state="attached", timeout=10_000)
    assert page.get_attribute("#bs-search", "data-backend") == "meili" and searches
