"""长辈版 (care mode) on a phone (390x844, real Chromium) and the halls' map links, over the repository's built guide:

- the search page shows at least two whole results in the first screen, whatever the query;
- the item page's summary card is readable at 390 px: nothing overflows the card or the page, no text is clipped,
  each fact's name stays on one line;
- each hall has a plain map link to the configured map (mkdocs.yml: map_url_template); the page asks the map's
  host for nothing until the link is tapped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
ID_CARD = "items/410225/11410225006249432N4000701001001/"  # two halls, charged, a 预约 link
MOST_MATERIALS = "items/410200/1141020000012775303000106001000/"  # 企业设立登记: the longest material names
OFFLINE = "items/410225/11410225MBMP54M21Y4000502004000/"  # no online application


def map_host() -> str:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    options = next(p["banshi"] for p in config["plugins"] if isinstance(p, dict) and "banshi" in p)
    return urlsplit(options["map_url_template"]).hostname or ""


WHOLE_RESULTS_JS = """() => {
  const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
  const cards = [...document.querySelectorAll('.bs-result')].map(li => li.getBoundingClientRect());
  return {whole: cards.filter(r => r.top >= header && r.bottom <= innerHeight).length,
          heights: cards.map(r => Math.round(r.height)), overflow: document.documentElement.scrollWidth - innerWidth};
}"""


@pytest.mark.parametrize("query", ["驾照", "身份证", "生孩子", "低保"])
def test_care_mode_search_shows_two_whole_results_per_phone_screen(phone: Any, site_url: str, query: str) -> None:
    phone.goto(f"{site_url}search/?q={query}&care=1")
    phone.wait_for_selector(".bs-result")
    assert phone.evaluate("() => document.documentElement.classList.contains('bs-care')")
    seen = phone.evaluate(WHOLE_RESULTS_JS)
    assert seen["overflow"] <= 0, seen
    # 低保 is one service in many counties: without a chosen region one card (with 选择您所在的县区), which must fit too
    assert seen["heights"], seen
    wanted = min(2, len(seen["heights"]))
    assert seen["whole"] >= wanted, f"{query}: only {seen['whole']} whole result(s) in the first screen: {seen}"
    assert max(seen["heights"]) <= 844 * 0.4, seen  # any two consecutive results fit one screen when scrolling


READABLE_JS = """() => {
  const card = document.getElementById('summary');
  const box = card.getBoundingClientRect();
  const visible = [...card.querySelectorAll('*')].filter(e => !e.closest('.bs-visually-hidden') && e.getClientRects().length);
  const outside = visible.filter(e => { const r = e.getBoundingClientRect(); return r.left < box.left - 1 || r.right > box.right + 1; })
    .map(e => e.tagName + ' ' + e.textContent.trim().slice(0, 20));
  const clipped = visible.filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
    .map(e => e.tagName + ' ' + e.textContent.trim().slice(0, 20));
  const names = [...card.querySelectorAll('.bs-summary__facts dt')].map(dt => {
    const lines = Math.round(dt.getBoundingClientRect().height / parseFloat(getComputedStyle(dt).lineHeight));
    return [dt.textContent.trim(), lines];
  });
  return {outside, clipped, names, page: document.documentElement.scrollWidth - innerWidth, width: box.width};
}"""


@pytest.mark.parametrize("path", [ID_CARD, MOST_MATERIALS, OFFLINE])
def test_care_mode_summary_card_is_readable_at_390px(phone: Any, site_url: str, path: str) -> None:
    phone.goto(f"{site_url}{path}?care=1")
    seen = phone.evaluate(READABLE_JS)
    assert seen["page"] <= 0, f"the page scrolls sideways by {seen['page']} px"
    assert seen["width"] >= 320, seen
    assert not seen["outside"], f"outside the card: {seen['outside']}"
    assert not seen["clipped"], f"clipped text: {seen['clipped']}"
    assert seen["names"] and all(lines == 1 for _, lines in seen["names"]), f"a fact's name wraps: {seen['names']}"


def test_each_hall_has_a_map_link_and_nothing_is_asked_before_a_tap(phone: Any, site_url: str) -> None:
    host = map_host()
    asked: list[str] = []
    phone.on("request", lambda request: asked.append(request.url))
    phone.goto(site_url + ID_CARD)
    phone.mouse.wheel(0, 5000)  # the whole page, as a reader scrolls it
    phone.wait_for_load_state("networkidle")
    links = phone.locator("a[data-map]")
    halls = phone.locator(".bs-locations > li").count()
    assert halls >= 2 and links.count() == halls + 1, (halls, links.count())  # each hall, and the summary's 去哪办
    for i in range(links.count()):
        href = links.nth(i).get_attribute("href") or ""
        assert urlsplit(href).hostname == host and "keyword=" in href, href
        assert links.nth(i).inner_text().startswith("在高德地图中打开")
    assert not [u for u in asked if urlsplit(u).hostname == host], "the map was asked for before a tap"
    assert phone.locator(f"script[src*='{host}'], iframe[src*='{host}'], img[src*='{host}']").count() == 0
    with phone.expect_request(lambda request: urlsplit(request.url).hostname == host):
        links.first.click(no_wait_after=True)  # the tap: only now does the browser go to the map
