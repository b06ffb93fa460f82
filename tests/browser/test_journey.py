"""The citizen's journey on a phone (390x844, real Chromium) over the sample catalog's built site: the reader's
region kept across pages, the item summary card in the first screen, bundles, the one-page 材料清单 and its QR code."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser

LANKAO = "410225"
ID_CARD = "items/410225/11410225006249432N4000701001001/"  # 居民身份证申领, 兰考县公安局: online, with a 预约 link
MOST_MATERIALS = "items/410200/1141020000012775303000106001000/"  # 企业设立登记, 6 materials with the longest names
OFFLINE = "items/410225/11410225MBMP54M21Y4000502004000/"  # 特困人员救助供养, 兰考县: no online application
NEWBORN = "bundles/xinshenger-chusheng/"


def region_in(url: str) -> str | None:
    return (parse_qs(urlsplit(url).query).get("region") or [None])[0]


def test_region_survives_navigation_reload_and_search(phone: Any, site_url: str) -> None:
    phone.goto(site_url)
    assert phone.locator("[data-region-current]").inner_text() == "选择所在地区"
    phone.locator("[data-region-open]").click()
    panel = phone.locator("#bs-region-panel")
    panel.wait_for(state="visible")  # opens once assets/regions.json has loaded
    panel.locator("select[data-level='1']").select_option(LANKAO)
    with phone.expect_navigation():
        panel.locator("[data-region-save]").click()
    assert region_in(phone.url) == LANKAO
    assert phone.locator("[data-region-current]").inner_text() == "兰考县"
    mine = phone.locator(f".bs-popular-region[data-region='{LANKAO}']")  # the home page's popular services for 兰考县
    assert mine.is_visible() and mine.locator("a").count() >= 3
    assert phone.locator(".bs-popular-region:visible").count() == 1

    with phone.expect_navigation():
        phone.locator("article a[href*='services/']").first.click()  # an ordinary internal link
    assert region_in(phone.url) == LANKAO
    phone.goto(phone.url.split("?")[0])  # the bare URL (as typed or bookmarked): the device remembers
    assert region_in(phone.url) == LANKAO
    phone.reload()
    assert region_in(phone.url) == LANKAO
    assert phone.locator("[data-region-current]").inner_text() == "兰考县"

    phone.goto(site_url)  # the home page's search form (the header's is folded away on phones)
    assert region_in(phone.url) == LANKAO
    phone.locator("#bs-q").fill("身份证")
    with phone.expect_navigation():
        phone.locator("#bs-q").press("Enter")
    phone.locator(".bs-results a.bs-result__link").first.wait_for(state="visible")
    assert region_in(phone.url) == LANKAO and parse_qs(urlsplit(phone.url).query)["q"] == ["身份证"]


def test_service_page_leads_with_the_readers_office(phone: Any, site_url: str) -> None:
    phone.goto(site_url + "services/000701001001/")
    lead = phone.locator("#bs-your-region")
    assert not lead.is_visible()  # no region chosen: every region is listed, none singled out
    entries = phone.locator("[data-service-entry]")
    assert entries.count() >= 5
    phone.goto(site_url + f"services/000701001001/?region={LANKAO}101")  # a township of 兰考县: its county's office
    lead.wait_for(state="visible")  # the script fills it in after regions.json arrives (fetched on demand)
    assert "您所在地区由 兰考县公安局 办理" in lead.inner_text()
    own = phone.locator(f"[data-service-entry][data-region='{LANKAO}']")
    assert own.get_attribute("data-address") in lead.inner_text()
    assert lead.locator("a[data-lead-phone]").get_attribute("href") == "tel:" + own.get_attribute("data-phone")
    assert lead.locator("a[data-lead-link]").evaluate("a => a.href").startswith(site_url + "items/410225/")


@pytest.mark.parametrize("path", [ID_CARD, MOST_MATERIALS, OFFLINE])
def test_summary_card_fits_the_first_phone_screen(phone: Any, site_url: str, path: str) -> None:
    phone.goto(site_url + path)
    card = phone.locator("#summary.bs-summary")
    box = card.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844, box
    materials = phone.locator("table.bs-materials tbody td[data-label='材料名称']").count()
    assert card.locator(".bs-summary__list li").count() == materials  # every material, by name
    assert card.locator("a[href^='tel:']").count() >= 1
    for words in ("要带的材料", "去哪办", "多久办结", "法定", "收费", "跑几次"):
        assert words in card.inner_text(), words
    assert (card.locator("a[data-apply]").count() == 1) == (path != OFFLINE)
    basis = phone.locator("#legal-basis").bounding_box()
    assert basis and basis["y"] > box["y"] + box["height"]  # codes and legal basis come after


def test_appointment_and_rating_are_real_links(phone: Any, site_url: str) -> None:
    phone.goto(site_url + ID_CARD)
    appointment = phone.locator("#summary a[data-appointment]")
    assert urlsplit(appointment.get_attribute("href")).hostname == "www.hnzwfw.gov.cn"
    rating = phone.locator("a[data-rating]")
    query = parse_qs(urlsplit(rating.get_attribute("href")).query)
    assert query["code"] == ["11410225006249432N4000701001001"] and query["region"] == [LANKAO]
    phone.goto(site_url + OFFLINE)
    assert phone.locator("a[data-appointment]").count() == 0  # the record gives none: no dead 预约 link


def test_bundle_merged_checklist_has_no_duplicate_material(phone: Any, site_url: str) -> None:
    phone.goto(site_url + NEWBORN + f"?region={LANKAO}")
    section = phone.locator(f".bs-bundle__region[data-region='{LANKAO}']")
    assert section.is_visible()
    names = section.locator(".bs-merged__item").evaluate_all("items => items.map(i => i.dataset.material)")
    assert len(names) == len(set(names)), names
    steps = section.locator(".bs-bundle__steps > li > a")
    hrefs = steps.evaluate_all("links => links.map(a => a.href)")
    assert [t.strip() for t in steps.all_inner_texts()] == ["出生医学证明", "出生登记", "城乡居民基本医疗保险参保登记", "社会保障卡申领"]
    needed: dict[str, set[str]] = {}
    for href in hrefs:  # the merged list is exactly the members' materials, each marked with who needs it
        phone.goto(href)
        title = phone.locator("h1#item-title").inner_text().strip()
        for name in phone.locator("table.bs-materials tbody td[data-label='材料名称']").evaluate_all("tds => tds.map(td => td.firstChild.textContent.trim())"):
            needed.setdefault(name, set()).add(title)
    assert set(names) == set(needed)
    assert any(len(v) > 1 for v in needed.values())  # members do share a material, so de-duplication was needed
    phone.goto(site_url + NEWBORN + f"?region={LANKAO}")
    for item in section.locator(".bs-merged__item").all():
        used_by = item.locator("small").inner_text().removeprefix("用于：").split("、")
        assert set(used_by) == needed[item.get_attribute("data-material")]


def decode_qr(png: bytes) -> list[str]:
    import zxingcpp
    from PIL import Image

    return [b.text for b in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


@pytest.mark.parametrize("path", [MOST_MATERIALS, ID_CARD, NEWBORN])
def test_checklist_prints_on_one_a4_page_with_a_versioned_qr(phone: Any, site_url: str, path: str) -> None:
    from pypdf import PdfReader

    phone.goto(site_url + path + "checklist/?region=" + LANKAO)
    sheet = phone.locator(".bs-checklist")
    version = sheet.get_attribute("data-version")
    assert version and len(version) == 8 and int(version, 16) >= 0
    region = phone.locator(".bs-checklist__region:visible")
    assert region.count() == 1
    heading = region.locator(".bs-checklist__sub").inner_text()
    assert region.locator("h1").inner_text().startswith("材料清单：")
    assert ("兰考县" in heading) if path != MOST_MATERIALS else ("开封市" in heading)
    boxes = region.locator("tbody input[type=checkbox]")
    assert boxes.count() == region.locator("tbody tr").count() >= 3
    assert region.locator(".bs-checklist__where a[href^='tel:']").count() >= 1

    pdf = PdfReader(io.BytesIO(phone.pdf(format="A4")))
    assert len(pdf.pages) == 1
    width, height = float(pdf.pages[0].mediabox.width), float(pdf.pages[0].mediabox.height)
    assert abs(width - 595) < 2 and abs(height - 842) < 2  # A4 in points

    # The QR code is drawn when it nears the screen or, at the latest, when the sheet is printed (banshi.mjs).
    qr = phone.locator(".bs-checklist__foot svg")
    assert qr.count() == 1, "printing draws the QR code"
    decoded = decode_qr(qr.screenshot(scale="device"))
    expected = f"https://banshi.example.gov.cn/{path}checklist/?v={version}"
    assert decoded == [expected]


def test_the_item_page_qr_code_is_drawn_for_print_only_on_a_phone(phone: Any, site_url: str) -> None:
    """On a phone the 手机扫码查看 code is not shown or drawn (encoding it is the page's biggest script task); printing
    draws it, in the print preview (print media) and when the page is printed (beforeprint, here saving a PDF)."""
    url = "https://banshi.example.gov.cn/" + ID_CARD
    qr = phone.locator(".bs-qr-figure svg")
    phone.goto(site_url + ID_CARD)
    phone.wait_for_load_state("networkidle")
    assert phone.locator(".bs-qr-figure").is_hidden() and qr.count() == 0
    phone.pdf(format="A4")
    assert qr.count() == 1, "printing draws the QR code"

    phone.goto(site_url + ID_CARD)
    phone.wait_for_load_state("networkidle")
    assert qr.count() == 0
    phone.emulate_media(media="print")
    qr.wait_for(state="visible")
    assert decode_qr(qr.screenshot(scale="device")) == [url]


def test_checklist_says_when_a_printed_sheet_is_out_of_date(phone: Any, site_url: str) -> None:
    phone.goto(site_url + ID_CARD + "checklist/")
    version = phone.locator(".bs-checklist").get_attribute("data-version")
    stale = phone.locator(".bs-checklist__stale")
    phone.goto(site_url + ID_CARD + f"checklist/?v={version}")
    assert not stale.is_visible()
    old = "0" * 8 if version != "0" * 8 else "f" * 8
    phone.goto(site_url + ID_CARD + f"checklist/?v={old}")
    assert stale.is_visible() and old in stale.inner_text()
