"""The built service guide in a real browser: item pages, offline items, print, phones, search, escaping, home page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit, urlunsplit

import pytest
import yaml
from click.testing import CliRunner

pytestmark = pytest.mark.browser

MINI_ITEMS = Path(__file__).resolve().parents[1] / "fixtures" / "mini" / "items"
FOOD_CODE = "11410202MB0A22221F4000104001000"
FOOD_RECORD = "items/410202/lt-scjgj/11410202MB0A22221F4000104001000.yaml"
FOOD_PAGE = f"items/410202/{FOOD_CODE}/"
DIBAO_CODE = "11410225MB0A33331F4000502001000"
DIBAO_RECORD = "items/410225/lk-mzj/11410225MB0A33331F4000502001000.yaml"
DIBAO_PAGE = f"items/410225/{DIBAO_CODE}/"
ITEM_PAGE_RE = re.compile(r"/items/\d{6,9}/[0-9A-Z]{18}\d(?P<basic>\d{12})/$")


def load(rel: str) -> dict[str, Any]:
    return yaml.safe_load((MINI_ITEMS.parent / rel).read_text(encoding="utf-8"))


def food_standard() -> dict[str, Any]:
    return load("items/_catalog/directory/000104001000.yaml")


def h2_texts(page: Any) -> list[str]:
    return [t.strip() for t in page.locator("article h2").all_inner_texts()]


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not found exactly once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


# 1. item page ------------------------------------------------------------------------------------


def test_item_page_apply_materials_sections_and_qr(page: Any, mini_url: str) -> None:
    page.goto(mini_url + FOOD_PAGE)
    record = load(FOOD_RECORD)

    apply = page.locator("a[data-apply]")
    assert apply.count() == 1
    assert apply.is_visible()
    assert apply.inner_text().strip() == "在线办理"
    href = apply.get_attribute("href")
    assert href.startswith("https://www.hnzwfw.gov.cn/"), href
    query = parse_qs(urlsplit(href).query)
    assert query.get("code") == [FOOD_CODE], href
    assert query.get("region") == [record["region"]] == ["410202"], href

    table = page.locator("table.bs-materials")
    assert table.count() == 1
    rows = table.locator("tbody tr")
    expected = [m["name"] for m in food_standard()["materials"]]
    assert rows.count() == len(expected) == 3
    names = [t.strip() for t in table.locator('tbody td[data-label="材料名称"]').all_inner_texts()]
    assert names == expected

    form_link = rows.nth(0).locator("a", has_text="空白表格")
    assert form_link.count() == 1
    form_url = form_link.evaluate("a => a.href")
    assert form_url.startswith(mini_url), form_url
    response = page.request.get(form_url)
    assert response.status == 200, form_url
    assert response.body() == (MINI_ITEMS / "_files" / "forms" / "食品经营许可申请书.txt").read_bytes()

    headings = h2_texts(page)
    order = ["申请材料", "办理流程", "办理时限", "办理地址和时间"]
    positions = [headings.index(h) for h in order]  # ValueError if one is missing
    assert positions == sorted(positions), headings

    qr = page.locator(".bs-qr-figure svg")
    page.locator(".bs-qr-figure").scroll_into_view_if_needed()  # drawn when it nears the screen (banshi.mjs)
    qr.wait_for(state="visible")
    assert qr.count() == 1
    assert qr.is_visible()
    box = qr.bounding_box()
    assert box and box["width"] >= 80 and box["height"] >= 80, box
    assert len(qr.locator("path").get_attribute("d") or "") > 200


# 2. offline item -----------------------------------------------------------------------------------


def test_offline_item_has_no_apply_button_and_shows_address(page: Any, mini_url: str) -> None:
    record = load(DIBAO_RECORD)
    assert record["online"]["apply"] is False
    page.goto(mini_url + DIBAO_PAGE)
    assert page.locator("a[data-apply]").count() == 0
    box = page.locator("#apply")
    notice = box.locator(".bs-apply__offline")
    assert notice.is_visible()
    assert "该事项暂不支持在线申报" in notice.inner_text()
    address = record["locations"][0]["address"]
    listed = box.locator("li", has_text=address)
    assert listed.count() == 1
    assert listed.is_visible()
    assert record["locations"][0]["hours"] in listed.inner_text()


# 3. print ---------------------------------------------------------------------------------------------


def test_print_view_hides_chrome_and_fits_a4(page: Any, mini_url: str) -> None:
    page.goto(mini_url + FOOD_PAGE)
    header, sidebars = page.locator(".md-header"), page.locator(".md-sidebar")
    print_button, table = page.locator(".bs-print"), page.locator("table.bs-materials")
    # On screen the chrome is there, so the print checks below mean something.
    assert header.is_visible() and print_button.is_visible() and table.is_visible()
    assert any(s.is_visible() for s in sidebars.all())

    page.emulate_media(media="print")
    assert not header.is_visible()
    assert sidebars.count() >= 1
    assert not any(s.is_visible() for s in sidebars.all())
    assert not print_button.is_visible()
    assert table.is_visible()

    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    assert 1 <= pages <= 4, f"{pages} A4 pages"


# 4. phone -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [pytest.param(FOOD_PAGE, id="item"), pytest.param(DIBAO_PAGE, id="offline-item"), pytest.param("", id="home")],
)
def test_phone_viewport_no_horizontal_scroll(open_tab: Callable[..., Any], mini_url: str, path: str) -> None:
    page = open_tab(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=3)
    page.goto(mini_url + path)
    if path == FOOD_PAGE:
        box = page.locator("a[data-apply]").bounding_box()
        assert box is not None
        assert box["height"] >= 44, box
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"page is {width}px wide on a 390px phone"


# 5. search --------------------------------------------------------------------------------------------------


def result_hrefs(page: Any) -> list[str]:
    page.locator(".bs-results a.bs-result__link").first.wait_for(state="visible")
    return page.locator(".bs-results a.bs-result__link").evaluate_all("links => links.map(a => a.href)")


def item_pages_of(hrefs: list[str], basic_code: str) -> list[str]:
    """Results for the service: its item pages, or its service page (one card for a service offered in several
    regions while no region is chosen)."""
    out = []
    for href in hrefs:
        path = urlsplit(href).path
        match = ITEM_PAGE_RE.search(path)
        if (match and match["basic"] == basic_code) or path.endswith(f"/services/{basic_code}/"):
            out.append(href)
    return out


def test_search_from_url_query_finds_food_licence(page: Any, mini_url: str) -> None:
    page.goto(mini_url + "search/?q=食品经营")
    hrefs = result_hrefs(page)
    assert item_pages_of(hrefs, "000104001000"), hrefs
    assert not item_pages_of(hrefs, "000502001000"), hrefs
    assert "当前使用离线索引" in page.locator(".bs-search__mode").inner_text()  # the mini site has no Meilisearch


def test_search_from_header_form(page: Any, mini_url: str) -> None:
    page.goto(mini_url + FOOD_PAGE)
    box = page.locator("input.bs-header-search__input")
    box.fill("最低生活保障")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    hrefs = result_hrefs(page)
    assert item_pages_of(hrefs, "000502001000"), hrefs
    assert not item_pages_of(hrefs, "000104001000"), hrefs


def test_search_from_home_page_form(page: Any, mini_url: str) -> None:
    page.goto(mini_url)
    page.locator("#bs-q").fill("食品经营许可")
    page.locator("form.bs-hero__search button[type=submit]").click()
    page.wait_for_url(re.compile(r"/search/\?q="))
    hrefs = result_hrefs(page)
    assert item_pages_of(hrefs, "000104001000"), hrefs


# 6. escaping --------------------------------------------------------------------------------------------------


def test_markup_in_record_text_is_rejected_and_no_site_is_built(
    make_mini_project: Callable[[], Path], build_site_of: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.cli import main
    from generator.site.build import BuildRefused

    project = make_mini_project()
    replace_once(project / FOOD_RECORD, "  - address: 龙亭区政务服务中心（宋城路 56 号）", '  - address: "<img src=x onerror=alert(1)>"')

    site = project / "out"
    with pytest.raises(BuildRefused) as refused:
        build_site_of(project, site)
    errors = refused.value.verdict.errors
    assert errors
    assert all(e.file == FOOD_RECORD for e in errors), errors
    assert any("address" in e.field for e in errors), errors
    assert not site.exists()
    assert not list(project.glob(".out.building-*"))

    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["build", "--site-dir", str(site)])
    assert result.exit_code == 1, result.output
    assert FOOD_RECORD in result.output
    assert "未生成网站" in result.output
    assert not site.exists()


MARKDOWNISH = "*粗体* [链接](https://evil.example/) `代码` __下划__"


@pytest.fixture(scope="module")
def markdownish_url(make_mini_project: Callable[[], Path], build_site_of: Callable[..., Path], serve: Callable[[Path], str]) -> str:
    """The mini site where text fields of two records look like Markdown (allowed: it is not HTML)."""
    project = make_mini_project()
    quoted = '"' + MARKDOWNISH + '"'
    replace_once(project / FOOD_RECORD, "  - address: 龙亭区政务服务中心（宋城路 56 号）", f"  - address: {quoted}")
    replace_once(
        project / FOOD_RECORD,
        "onsite_reason: 需现场核验原件",
        f"onsite_reason: {quoted}\ntime_limit_note: {quoted}\nremedies: {quoted}\nfaq:\n  - q: {quoted}\n    a: {quoted}",
    )
    replace_once(project / DIBAO_RECORD, "  - address: 兰考县政务服务中心（裕禄大道 99 号）", f"  - address: {quoted}")
    return serve(build_site_of(project, project / "site"))


def assert_no_markdown_rendered(page: Any) -> None:
    article = page.locator("article")
    assert article.locator('a[href^="https://evil.example"]').count() == 0  # (a map link may carry the text, encoded, in its query)
    for tag in ("em", "strong", "code"):
        assert article.locator(tag, has_text=re.compile("粗体|代码|下划")).count() == 0, tag


def test_markdown_like_text_shows_literally(page: Any, markdownish_url: str) -> None:
    page.goto(markdownish_url + FOOD_PAGE)
    location = page.locator(".bs-locations li")
    assert location.count() == 1
    assert MARKDOWNISH in location.inner_text()
    for where in ("#remedies + p", ".bs-faq dt", ".bs-faq dd", ".bs-channels li", "table.bs-facts td"):  # remedies, faq, onsite_reason, time_limit_note
        assert page.locator(where, has_text=MARKDOWNISH).count() == 1, where
    assert_no_markdown_rendered(page)

    page.goto(markdownish_url + DIBAO_PAGE)
    assert MARKDOWNISH in page.locator("#apply li").first.inner_text()
    assert MARKDOWNISH in page.locator(".bs-locations li").first.inner_text()
    assert_no_markdown_rendered(page)


def test_handling_item_name_shows_literally(
    page: Any, make_mini_project: Callable[[], Path], build_site_of: Callable[..., Path], serve: Callable[[Path], str]
) -> None:
    project = make_mini_project()
    name = "*新办*{ onclick=alert(document.domain) } [链接](https://evil.example/)"
    replace_once(project / FOOD_RECORD, "onsite_reason: 需现场核验原件", f"onsite_reason: 需现场核验原件\nhandling_items:\n  - code: '01'\n    name: '{name}'")
    url = serve(build_site_of(project, project / "site"))
    page.goto(url + FOOD_PAGE)
    heading = page.locator("#handling-01")
    assert heading.count() == 1
    assert name in heading.inner_text()
    assert heading.locator("*").count() == 0, heading.inner_html()


# 7. home page and links ---------------------------------------------------------------------------------------------


def test_home_page_sections(page: Any, mini_url: str) -> None:
    page.goto(mini_url)
    headings = h2_texts(page)
    for h in ("热门服务", "按主题办事", "按部门办事", "按地区和层级办事"):
        assert h in headings, headings
        links = page.locator(f"article h2:text-is('{h}') + ul a")
        if h == "按主题办事":  # grouped under h3 个人办事 / 法人办事
            links = page.locator("article h2:text-is('按主题办事') ~ ul.bs-cards a[href*='themes/']")
        assert links.count() >= 1, h
    popular = page.locator("article h2:text-is('热门服务') + ul.bs-cards a")
    assert popular.first.inner_text().strip() == food_standard()["name"]
    assert urlsplit(popular.first.evaluate("a => a.href")).path == "/services/000104001000/"


def same_origin_links(page: Any, origin: str) -> set[str]:
    out = set()
    for href in page.locator("a[href]").evaluate_all("links => links.map(a => a.href)"):
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}/" == origin:
            out.add(urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, "")))
    return out


def test_every_link_on_home_and_item_page_resolves(page: Any, mini_url: str) -> None:
    checked: dict[str, int] = {}
    for path in ("", FOOD_PAGE):
        page.goto(mini_url + path)
        links = same_origin_links(page, mini_url)
        assert len(links) >= 10, links
        for url in sorted(links - checked.keys()):
            checked[url] = page.request.get(url, max_redirects=0).status
    assert urljoin(mini_url, "services/000104001000/") in checked
    assert any("/files/forms/" in u for u in checked), sorted(checked)
    broken = {u: s for u, s in checked.items() if s != 200}
    assert not broken, broken
