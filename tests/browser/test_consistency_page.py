"""The "一致性核查" page in a real browser: reachable from the navigation, summary, findings, coverage matrix, comparison."""

from __future__ import annotations

from typing import Any

import pytest

from generator.model.plain import ONLINE_DEPTH, TERMS

pytestmark = pytest.mark.browser


def test_consistency_page_from_the_navigation(page: Any, mini_url: str) -> None:
    page.goto(mini_url)
    page.get_by_role("link", name="一致性核查").first.click()
    page.wait_for_url("**/consistency/")
    assert page.locator("article h1").inner_text().strip() == "一致性核查"
    headings = [t.strip() for t in page.locator("article h2").all_inner_texts()]
    assert headings == ["按层级汇总", "按区划汇总", "核查结果", "覆盖矩阵", "各区划同一事项对比"]
    listed = page.locator("table.bs-compare-list tbody tr")
    assert listed.count() == 1, "only the item whose regions differ"
    assert "食品经营许可" in listed.first.inner_text() and "承诺时限" in listed.first.inner_text()
    assert page.locator("table.bs-compare-list", has_text="最低生活保障").count() == 0, "the same everywhere: not listed"
    matrix = page.locator("table.bs-matrix")
    assert matrix.locator("tbody tr").count() == 2  # two directory items in the fixture
    food = matrix.locator("tbody tr", has_text="食品经营许可")
    assert food.locator("td.bs-cell--ok").count() == 2 and food.locator("td.bs-cell--gap").count() == 1
    assert "兰考县" in page.locator(".bs-finding", has_text="食品经营许可").first.inner_text()
    page.locator("table.bs-matrix a", has_text="龙亭区").click()
    page.wait_for_url("**/regions/410202/")


def test_the_comparison_is_on_the_service_page(page: Any, mini_url: str) -> None:
    """The consistency page lists the items whose regions differ; each item's regions side by side are on its service
    page, where a citizen choosing a county reads them."""
    page.goto(mini_url + "consistency/")
    page.locator("table.bs-compare-list a", has_text="食品经营许可").click()
    page.wait_for_url("**/services/*/#compare")
    food_table = page.locator("table.bs-compare")
    assert food_table.locator("caption").inner_text().startswith("食品经营许可")
    assert food_table.locator("tbody th").all_inner_texts() == ["开封市", "龙亭区"]
    assert "承诺时限（不一致）" in food_table.locator("thead").inner_text()
    # the official 网上办理深度 keeps the plain words the item page gives it, in its header and in each cell
    assert "网上办理深度" in food_table.locator("thead th").nth(3).inner_text()
    assert TERMS["网上办理深度"] in food_table.locator("thead th").nth(3).inner_text()
    depths = food_table.locator("tbody tr td:nth-of-type(3)").all_inner_texts()
    assert len(depths) == 2 and all(text.split()[0] in ONLINE_DEPTH and ONLINE_DEPTH[text.split()[0]] in text for text in depths), depths
    # on a phone each region is a card whose values say what they are (the column headers are hidden there)
    headers = food_table.locator("thead th").evaluate_all("ths => ths.slice(1).map(th => th.childNodes[0].textContent)")
    assert headers[0] == "实施部门" and "承诺时限（不一致）" in headers
    page.set_viewport_size({"width": 375, "height": 740})
    cells = food_table.locator("tbody tr").first.locator("td")
    labels = cells.evaluate_all("tds => tds.map(td => getComputedStyle(td, '::before').content)")
    assert labels == [f'"{h}："' for h in headers], labels
    assert not food_table.locator("thead").is_visible()
    heights = food_table.locator("tbody th a").evaluate_all("links => links.map(a => a.getBoundingClientRect().height)")
    assert heights and min(heights) >= 44, heights  # a region's link is a whole target, as the lists' are
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 1280, "height": 800})
    food_table.locator("tbody th a", has_text="龙亭区").click()
    page.wait_for_url("**/items/410202/**")
    page.goto(mini_url + "services/")
    page.get_by_role("link", name="最低生活保障", exact=False).first.click()
    assert page.locator("table.bs-compare").count() == 0, "the same everywhere: no table"
