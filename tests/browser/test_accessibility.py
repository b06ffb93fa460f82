"""Accessibility of the built guide in real Chromium: axe-core (WCAG 2.1 A/AA, and AAA contrast in care mode) on every
page type at desktop and phone, no request to any other origin, keyboard reach with a visible focus ring, phone
targets, the suspended notice, 长辈版 (care mode) and print.

The site is the repository's own items/ (it has suspended records), served by `banshi run`'s server.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

from tests.browser.a11y_pages import AXE_JS, DESKTOP, PHONE, PageType, page_types, run_axe, summary, with_care

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
PHONE_OPTIONS = {"viewport": PHONE, "is_mobile": True, "has_touch": True}
MIN_TARGET = 44  # CSS px
MIN_RING_CONTRAST = 3.0


@pytest.fixture(scope="module")
def guide(repo_site: Path) -> Iterator[tuple[str, list[PageType]]]:
    """(base URL, page types) of the repository's guide served by generator.site.server (as `banshi run` serves it)."""
    from generator.site.server import make_server, serve_in_thread

    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} missing: run `npm ci` in tests/ (scripts/test.sh does)", pytrace=False)
    server = make_server(repo_site, None, port=0)
    thread = serve_in_thread(server)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", page_types(repo_site, REPO / "items")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def kind(types: list[PageType], name: str) -> PageType:
    return next(t for t in types if t.name == name)


def open_page(page: Any, base: str, page_type: PageType, care: bool = False) -> None:
    page.goto(base + (with_care(page_type.path) if care else page_type.path))
    if page_type.ready:
        page.wait_for_selector(page_type.ready)


# 1. axe-core on every page type, and every request of every page ------------------------------------------------


@pytest.mark.parametrize("care", [False, True], ids=["normal", "care"])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_axe_finds_no_violation_and_no_page_leaves_the_site(open_tab: Callable[..., Any], guide: tuple[str, list[PageType]], viewport: str, care: bool) -> None:
    base, types = guide
    page = open_tab(**(PHONE_OPTIONS if viewport == "phone" else {"viewport": DESKTOP}))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    failures: dict[str, str] = {}
    elsewhere: dict[str, list[str]] = {}
    for page_type in types:
        requests.clear()
        open_page(page, base, page_type, care)
        assert page.evaluate("() => document.documentElement.classList.contains('bs-care')") is care, page_type.name
        violations = run_axe(page, care)
        if violations:
            failures[page_type.name] = summary(violations)
        # every http(s) request goes to the site's own origin (data: URLs are the page's own bytes)
        other = [u for u in requests if urlsplit(u).scheme in ("http", "https") and not u.startswith(base)]
        if other:
            elsewhere[page_type.name] = other
        assert any(u.startswith(base) for u in requests), f"no request recorded for {page_type.name}"
    assert not failures, "\n".join(f"{name}: {text}" for name, text in failures.items())
    assert not elsewhere, f"requests to other origins: {elsewhere}"


# 2. keyboard: Tab alone reaches search, a result, 在线办理, print and the care switch, each with a visible ring -----


RING_JS = """el => {
  const target = el.closest('.bs-cards li') && !getComputedStyle(el).outlineStyle.startsWith('solid') ? el.closest('li') : el;
  const cs = getComputedStyle(target);
  let bg = 'rgb(255, 255, 255)';
  for (let n = target.parentElement; n; n = n.parentElement) {
    const b = getComputedStyle(n).backgroundColor;
    if (b && b !== 'rgba(0, 0, 0, 0)' && b !== 'transparent') { bg = b; break; }
  }
  return {style: cs.outlineStyle, width: parseFloat(cs.outlineWidth), color: cs.outlineColor, background: bg};
}"""


def luminance(rgb: str) -> float:
    values = [float(v) for v in re.findall(r"[\d.]+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (v / 255 for v in values)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def tab_to(page: Any, selector: str, limit: int = 60) -> int:
    """Press Tab until the focused element matches selector; returns the number of presses. Fails past limit."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} not reached in {limit} Tabs")


def assert_ring_visible(page: Any, what: str) -> None:
    ring = page.evaluate(f"() => ({RING_JS})(document.activeElement)")
    assert ring["style"] not in ("none", "hidden") and ring["width"] >= 2, f"{what}: no focus ring {ring}"
    ratio = contrast(ring["color"], ring["background"])
    assert ratio >= MIN_RING_CONTRAST, f"{what}: focus ring {ring['color']} on {ring['background']} is {ratio:.2f}:1"


def test_keyboard_reaches_the_main_controls_with_a_visible_ring(page: Any, guide: tuple[str, list[PageType]]) -> None:
    base, types = guide
    page.goto(base)
    assert tab_to(page, ".bs-skip") == 1, "the skip link is the first Tab stop"
    assert page.locator(".bs-skip").is_visible()
    assert_ring_visible(page, "skip link")
    tab_to(page, "input[type=search]")
    assert_ring_visible(page, "search box")
    tab_to(page, "[data-care-switch]")
    assert_ring_visible(page, "care switch")
    page.keyboard.press("Shift+Tab")  # back to a search box, then type and send with the keyboard
    while not page.evaluate("() => document.activeElement.matches('input[type=search]')"):
        page.keyboard.press("Shift+Tab")
    page.keyboard.type("驾照")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    page.wait_for_selector(".bs-result__link")
    tab_to(page, ".bs-result__link")
    assert_ring_visible(page, "search result")
    tab_to(page, "[data-choose-region]")  # no region chosen: the service's card asks for the reader's county
    assert_ring_visible(page, "选择您所在的县区")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/services/"))  # the service's page: every office, the reader's first

    item = kind(types, "item")
    page.goto(base + item.path)
    assert tab_to(page, ".bs-skip") == 1
    page.keyboard.press("Enter")
    assert urlsplit(page.url).fragment == "bs-main"
    presses = tab_to(page, "a[data-apply]", limit=10)
    assert presses <= 8, f"在线办理 is {presses} Tabs after the skip link"
    assert_ring_visible(page, "在线办理")
    tab_to(page, ".bs-print", limit=10)
    assert_ring_visible(page, "print")

    page.goto(base + item.path)
    tab_to(page, "[data-care-switch]", limit=10)
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.documentElement.classList.contains('bs-care')")
    assert page.locator("[data-care-switch]").get_attribute("aria-pressed") == "true"
    assert_ring_visible(page, "care switch in care mode")


def test_search_box_and_filter_checkbox_show_focus(page: Any, guide: tuple[str, list[PageType]]) -> None:
    base, _ = guide
    page.goto(base + "search/")
    # The static fallback has no filters (they need Meilisearch): add one group as search.mjs renders it.
    page.evaluate(
        """() => { const f = document.querySelector('.bs-facets'); f.hidden = false; f.open = true;
        f.querySelector('.bs-facets__groups').innerHTML =
          '<fieldset class="bs-facet"><legend>层级</legend><ul><li><label><input type="checkbox" value="市">市级'
          + '<span class="bs-count">3</span></label></li></ul></fieldset>'; }"""
    )
    tab_to(page, "#bs-search-q")
    assert_ring_visible(page, "search page box")
    tab_to(page, ".bs-facet input[type=checkbox]")
    assert_ring_visible(page, "filter checkbox")
    label = page.locator(".bs-facet label").bounding_box()
    assert label and label["height"] >= MIN_TARGET, label


# 3. phone targets, cards, badges and the suspended notice -------------------------------------------------------------


def test_phone_targets_are_at_least_44px_and_whole_cards_are_links(open_tab: Callable[..., Any], guide: tuple[str, list[PageType]]) -> None:
    base, _ = guide
    page = open_tab(**PHONE_OPTIONS)
    page.goto(base)
    boxes = page.evaluate(
        """() => [...document.querySelectorAll(
            '.md-header button, .md-header label.md-header__button, .md-header a, .md-top, main button, main input[type=search], .bs-cards li')]
          .filter(e => e.offsetParent !== null || getComputedStyle(e).position === 'fixed')
          .filter(e => !e.matches('.md-skip'))
          .map(e => { const r = e.getBoundingClientRect(); return {what: e.className || e.tagName, w: r.width, h: r.height}; })
          .filter(b => b.w > 0)"""
    )
    assert len(boxes) >= 20, boxes
    small = [b for b in boxes if b["w"] < MIN_TARGET or b["h"] < MIN_TARGET]
    assert not small, small
    lists = page.evaluate("() => [...document.querySelectorAll('.bs-list a')].map(a => a.getBoundingClientRect().height)")
    assert lists and min(lists) >= MIN_TARGET, lists
    # A tap on a card's empty corner opens the card's page.
    card = page.locator(".bs-cards li").first
    href = card.locator("a").get_attribute("href")
    box = card.bounding_box()
    assert box
    page.mouse.click(box["x"] + box["width"] - 4, box["y"] + box["height"] - 4)
    page.wait_for_url(urljoin(base, href))


def test_badges_are_readable_and_the_suspended_state_is_said_first(page: Any, guide: tuple[str, list[PageType]]) -> None:
    base, types = guide
    open_page(page, base, kind(types, "suspended item"))
    note = page.locator(".bs-item-head .bs-status-note")
    assert note.is_visible()
    assert "暂停办理" in note.inner_text() and "暂不受理" in note.inner_text()
    assert "请携带申请材料" not in page.locator("#apply").inner_text()
    assert page.locator("a[data-apply]").count() == 0
    badges = page.evaluate(
        """() => [...document.querySelectorAll('.bs-badge')].map(b => { const cs = getComputedStyle(b); let bg = cs.backgroundColor;
          for (let n = b.parentElement; bg === 'rgba(0, 0, 0, 0)' && n; n = n.parentElement) bg = getComputedStyle(n).backgroundColor;
          return {text: b.textContent.trim(), color: cs.color, bg: bg === 'rgba(0, 0, 0, 0)' ? 'rgb(255, 255, 255)' : bg, size: parseFloat(cs.fontSize)}; })"""
    )
    assert any(b["text"] == "暂停" for b in badges), badges
    for badge in badges:
        assert badge["text"], badge
        assert badge["size"] >= 14, badge
        assert contrast(badge["color"], badge["bg"]) >= 4.5, badge


# 4. 长辈版 (care mode) ----------------------------------------------------------------------------------------------


STYLE_JS = """sel => { const e = document.querySelector(sel); const cs = getComputedStyle(e);
  return {font: parseFloat(cs.fontSize), line: parseFloat(cs.lineHeight), after: parseFloat(cs.marginBottom), cursor: cs.cursor,
          transition: cs.transitionDuration, visible: !!(e.offsetWidth || e.offsetHeight)}; }"""


def test_care_mode_is_on_before_scripts_remembered_and_switched_off(open_tab: Callable[..., Any], guide: tuple[str, list[PageType]]) -> None:
    base, types = guide
    page = open_tab()
    # The class comes from the blocking snippet in <head>, not from the module: block the module and check.
    page.route(re.compile(r"banshi\.mjs$"), lambda route: route.abort())
    page.goto(base + "about/?care=1")
    assert page.evaluate("() => document.documentElement.classList.contains('bs-care')")
    page.unroute(re.compile(r"banshi\.mjs$"))
    assert page.evaluate("() => localStorage.getItem('banshi.care')") == "1"
    page.goto(base + kind(types, "theme").path)  # another page, no parameter: remembered
    switch = page.locator("[data-care-switch]")
    switch.wait_for()
    assert page.evaluate("() => document.documentElement.classList.contains('bs-care')")
    page.wait_for_function("() => document.querySelector('[data-care-switch]').getAttribute('aria-pressed') === 'true'")
    switch.click()
    assert not page.evaluate("() => document.documentElement.classList.contains('bs-care')")
    assert switch.get_attribute("aria-pressed") == "false"
    page.reload()
    assert not page.evaluate("() => document.documentElement.classList.contains('bs-care')")
    page.goto(base + "?care=1")
    page.goto(base + "services/?care=0")
    assert not page.evaluate("() => document.documentElement.classList.contains('bs-care')")


def test_care_mode_meets_the_elderly_rules(open_tab: Callable[..., Any], guide: tuple[str, list[PageType]]) -> None:
    base, types = guide
    item = kind(types, "item")
    for options in ({"viewport": DESKTOP}, PHONE_OPTIONS):
        page = open_tab(**options)
        open_page(page, base, item)
        normal = page.evaluate(STYLE_JS, "article p")
        open_page(page, base, item, care=True)
        care = page.evaluate(STYLE_JS, "article p")
        assert care["font"] >= 1.5 * normal["font"] - 0.01, (normal, care)
        assert care["line"] >= 1.5 * care["font"], care
        assert care["after"] > care["line"] - care["font"], care  # paragraph spacing larger than the line spacing
        assert "url(" in care["cursor"], care
        assert page.evaluate(STYLE_JS, ".md-header")["transition"] in ("0s", "0s, 0s"), "no motion"
        assert not on_screen(page, ".md-sidebar--primary"), "no side navigation (phones: the closed drawer is off-screen)"
        assert not on_screen(page, ".md-sidebar--secondary")
        width = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        assert width, "no horizontal scroll in care mode"
        assert page.locator("a[data-apply]").bounding_box()["height"] >= 56


def on_screen(page: Any, selector: str) -> bool:
    return page.evaluate(
        """s => { const e = document.querySelector(s); if (!e || !(e.offsetWidth || e.offsetHeight)) return false;
        const r = e.getBoundingClientRect(); return r.right > 0 && r.left < window.innerWidth && r.width > 0; }""",
        selector,
    )


def h2_ids(page: Any) -> list[str]:
    return page.evaluate("() => [...document.querySelectorAll('article h2')].map(h => h.id)")


def test_care_mode_leads_the_item_page_with_the_summary_and_steps(page: Any, guide: tuple[str, list[PageType]]) -> None:
    base, types = guide
    item = kind(types, "item")
    open_page(page, base, item)
    normal = h2_ids(page)
    has_summary = page.locator("#summary").count() == 1
    lead = ["steps"] if has_summary else ["materials", "steps"]
    assert normal[: len(lead)] != lead
    page.locator("[data-care-switch]").click()
    ids = h2_ids(page)
    assert ids[: len(lead)] == lead, ids
    assert sorted(ids) == sorted(normal), "nothing lost or added"
    if has_summary:
        assert page.evaluate("() => !!(document.getElementById('summary').compareDocumentPosition(document.getElementById('steps')) & 4)")
    # Print is the page's own order in both modes.
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    assert h2_ids(page) == normal
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert h2_ids(page)[: len(lead)] == lead
    page.locator("[data-care-switch]").click()
    assert h2_ids(page) == normal


def test_read_aloud_says_when_there_is_no_chinese_voice(page: Any, guide: tuple[str, list[PageType]]) -> None:
    base, types = guide
    page.add_init_script("Object.defineProperty(speechSynthesis, 'getVoices', {value: () => []})")  # headless Chromium: none
    open_page(page, base, kind(types, "item"), care=True)
    button = page.get_by_role("button", name="朗读")
    assert button.is_visible()
    button.click()
    page.wait_for_function("() => document.getElementById('bs-read-status').textContent.includes('没有中文语音')")


def test_read_aloud_reads_summary_materials_and_steps_in_chinese(page: Any, guide: tuple[str, list[PageType]]) -> None:
    base, types = guide
    # Headless Chromium has no speech engine, so the speech API is replaced by a recorder (nothing real can run here).
    page.add_init_script(
        """window.__spoken = [];
        window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } addEventListener() {} };
        Object.defineProperty(speechSynthesis, 'getVoices', {value: () => [{lang: 'en-US', name: 'en'}, {lang: 'zh-CN', name: 'zh'}]});
        Object.defineProperty(speechSynthesis, 'speak', {value: u => window.__spoken.push({text: u.text, lang: u.lang, voice: u.voice.name})});"""
    )
    open_page(page, base, kind(types, "item"), care=True)
    page.get_by_role("button", name="朗读").click()
    page.wait_for_function("() => window.__spoken.length === 1")
    spoken = page.evaluate("() => window.__spoken[0]")
    assert spoken["lang"] == "zh-CN" and spoken["voice"] == "zh"
    materials = [t.strip() for t in page.locator("table.bs-materials").first.locator('td[data-label="材料名称"]').all_inner_texts()]
    steps = page.locator("#steps ~ ol.bs-steps strong").all_inner_texts()
    assert materials and steps
    for text in [page.locator("#item-title").inner_text(), *materials, *steps]:
        assert text.split("\n")[0].strip() in spoken["text"], text
    assert page.get_by_role("button", name="停止朗读").is_visible()


# 5. print is unaffected by either mode --------------------------------------------------------------------------------


# Layout stability: what scripts add after the first paint moves nothing the reader already sees -----------------------

#: Collects every layout shift of the page (not caused by input) from the first paint on, with what moved.
LAYOUT_SHIFTS_JS = """window.__shifts = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push({
  value: e.value, moved: e.sources.map((s) => (s.node ? s.node.nodeName + "." + (s.node.className || "") : "?")
    + " " + JSON.stringify([s.previousRect.x, s.previousRect.y, s.currentRect.x, s.currentRect.y])) }); })
  .observe({ type: "layout-shift", buffered: true });"""
MAX_SHIFT = 0.01  # Lighthouse calls < 0.1 good; the pages are held to a tenth of that


@pytest.mark.parametrize("care", [False, True], ids=["normal", "care"])
def test_nothing_moves_after_the_first_paint_on_phones(open_tab: Callable[..., Any], guide: tuple[str, list[PageType]], care: bool) -> None:
    base, types = guide
    page = open_tab(**PHONE_OPTIONS)
    page.add_init_script(LAYOUT_SHIFTS_JS)
    item = kind(types, "item")
    cases = {
        "home": (kind(types, "home").path, "[data-care-switch][aria-pressed]"),
        "item": (item.path, "[data-care-switch][aria-pressed]"),
        "search": (kind(types, "search").path, ".bs-result"),
        "search, nothing found": ("search/?q=" + "火星移民", ".bs-search__help:not([hidden]) .bs-search__suggest:not(:empty)"),
    }
    moved = {}
    for name, (path, done) in cases.items():
        page.goto(base + (with_care(path) if care else path))
        page.wait_for_selector(done, state="attached")
        page.wait_for_load_state("networkidle")
        if name in ("home", "item"):  # the theme's script, loaded at the first interaction (theme.mjs), moves nothing
            page.mouse.move(5, 300)
            page.wait_for_function("() => window.component$ && document.documentElement.classList.contains('js')")
            page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
        shifts = page.evaluate("() => window.__shifts")
        if name.startswith("search"):  # this guide has no Meilisearch: no empty 筛选 box
            assert page.locator(".bs-facets").is_hidden(), name
        if sum(s["value"] for s in shifts) > MAX_SHIFT:
            moved[name] = shifts
    assert not moved, moved


def test_no_empty_band_under_the_header_on_phones(open_tab: Callable[..., Any], guide: tuple[str, list[PageType]]) -> None:
    base, types = guide
    page = open_tab(**PHONE_OPTIONS)
    for care in (False, True):
        for page_type in (kind(types, "home"), kind(types, "item"), kind(types, "search")):
            open_page(page, base, page_type, care)
            gap = page.evaluate(
                """() => { const header = document.querySelector(".md-header").getBoundingClientRect().bottom;
                const first = document.querySelector("#bs-main ~ :not(script)").getBoundingClientRect().top;
                return first - header; }"""
            )
            assert 0 <= gap <= 24, (page_type.name, care, gap)


# Speed: the theme's script (bundle.js) waits for the reader's first interaction (theme.mjs) -----------------------------

THEME_READY_JS = "() => !!window.component$ && document.documentElement.classList.contains('js')"


@pytest.mark.parametrize("first", ["scroll", "key"])
def test_the_theme_script_loads_at_the_first_interaction_and_then_works(open_tab: Callable[..., Any], guide: tuple[str, list[PageType]], first: str) -> None:
    base, types = guide
    page = open_tab(**(PHONE_OPTIONS if first == "scroll" else {}))
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    open_page(page, base, kind(types, "item"))
    page.wait_for_load_state("networkidle")
    assert not [u for u in requested if "/bundle." in u], "the theme's script is not loaded before an interaction"
    assert page.evaluate("() => [typeof window.component$, document.documentElement.className]") == ["undefined", "no-js"]

    if first == "scroll":
        page.mouse.wheel(0, 1500)
    else:
        page.keyboard.press("Tab")
    page.wait_for_function(THEME_READY_JS)
    assert len([u for u in requested if "/bundle." in u]) == 1
    # Its components started although DOMContentLoaded was long past: the header shows the page title once the h1 has
    # scrolled away, and scrolling back up offers 回到顶部 (navigation.top).
    page.mouse.wheel(0, 1500)
    page.wait_for_selector(".md-header__title--active")
    page.mouse.wheel(0, -400)
    page.wait_for_selector(".md-top:not([hidden])")


def test_print_hides_the_switches_and_ignores_care_mode(page: Any, guide: tuple[str, list[PageType]]) -> None:
    base, types = guide
    item = kind(types, "item")
    sizes = {}
    for care in (False, True):
        open_page(page, base, item, care)
        page.emulate_media(media="print")
        for selector in ("[data-care-switch]", ".bs-skip", ".bs-read", ".md-header"):
            assert not page.locator(selector).first.is_visible(), (care, selector)
        sizes[care] = page.evaluate(STYLE_JS, "article p")["font"]
        page.emulate_media(media="screen")
    assert sizes[True] == sizes[False], sizes
