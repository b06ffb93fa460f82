"""Pages that say exactly what the records say (issue 23, build 6), rendered from the repository's own items/:

- a bundle's 到现场次数 comes from its members, in search and on the bundle page (never 不用跑现场 when a member
  needs a visit);
- optional materials (非必要, 容缺后补) are marked on bundle pages and checklists;
- the printed 材料清单 states the fee, the visits with the record's own reason (本人到场 where the record says so),
  and lists forms the window provides apart from what to bring;
- plain-language words stand beside 网上办理深度, 行使层级 and 办件类型 (one home: generator/model/plain.py);
- a hall's map link: the record's map_url wins, else the city's template, else none.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.address.apply_link import ApplyConfigError, ApplyLinks
from generator.address.map_link import MapLinks, map_link
from generator.check.verdict import judge
from generator.model import plain
from generator.model.records import Location
from generator.render.pages import CityConfig, Renderer, Site, SiteConfig
from generator.search.documents import build_documents
from generator.validate.loading import load_project

REPO = Path(__file__).resolve().parents[1]
NEWBORN = "xinshenger-chusheng"
ID_CARD = "11410225006249432N4000701001001"  # 居民身份证申领, 兰考县: charged, one visit (本人到场), a form the window provides
MAP = MapLinks("https://map.example.cn/search?keyword={place}&addr={address}", "示例地图")


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    verdict = judge(load_project(REPO))
    validation = verdict.validation
    site = Site(validation.catalog, list(validation.items), verdict.report)
    apply = ApplyLinks("https://www.hnzwfw.gov.cn/apply?code={implementation_code}", ("www.hnzwfw.gov.cn",))
    return Renderer(site, SiteConfig(site_url="https://example.gov.cn/", apply=apply, city=CityConfig("测试办事指南", "测试政务服务网"), maps=MAP))


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def item(renderer: Renderer, code: str):
    return next(i for i in renderer.site.items if i.code == code)


def bundle(renderer: Renderer, bundle_id: str):
    return next(b for b in renderer.site.catalog.bundles if b.id == bundle_id)


def test_bundle_visits_come_from_the_members(renderer: Renderer) -> None:
    site = renderer.site
    docs = {d["id"]: d for d in build_documents(site.catalog, site.items)}
    for b in site.catalog.bundles:
        worst = 0
        for section in renderer.bundle_sections(b):
            members = section["items"]
            assert section["visits"] == sum(i.record.onsite_visits for i in members), b.id
            worst = max(worst, section["visits"])
        assert docs[f"bundle-{b.id}"]["onsite_visits"] == worst, b.id
    # 新生儿出生: 出生医学证明 needs a visit in 兰考县, so the bundle is not 不用跑现场, in search or on its page
    assert docs[f"bundle-{NEWBORN}"]["onsite_visits"] >= 1
    page = text_of(renderer.bundle_page(bundle(renderer, NEWBORN)))
    assert "到现场合计 1 次" in page and "不用跑现场" not in page
    assert "出生医学证明" in page and "到现场的原因：需核验父母身份证件原件并现场签收纸质证明" in page


def test_bundle_page_marks_optional_materials(renderer: Renderer) -> None:
    b = bundle(renderer, NEWBORN)
    html = renderer.bundle_page(b)
    marked = dict(re.findall(r'data-material="([^"]+)" data-necessity="([^"]+)"', html))
    members = renderer.bundle_sections(b)[0]["items"]
    expected: dict[str, str] = {}
    for member in members:
        for m in member.materials:
            expected[m.name] = "必要" if "必要" in (expected.get(m.name), m.necessity) else m.necessity
    assert marked == expected
    optional = sorted(name for name, necessity in marked.items() if necessity != "必要")
    assert len(optional) == 5, optional
    for name in optional:
        row = re.search(rf'data-material="{re.escape(name)}".*?</li>', html, re.S)
        assert row and 'bs-badge--optional">非必要<' in row.group(0) and plain.NECESSITY["非必要"] in row.group(0), name
    assert "（14 项，其中 5 项视情况提供）" in text_of(html)


def test_a_material_one_member_requires_stays_required(renderer: Renderer) -> None:
    from generator.render.journey import merged_materials

    first, second = renderer.site.items[0], renderer.site.items[1]
    optional = first.materials[0].model_copy(update={"necessity": "非必要", "provided_at_window": True})
    required = optional.model_copy(update={"necessity": "必要", "provided_at_window": False})
    a = type(first)(first.record.model_copy(update={"materials": [optional]}), first.standard, first.region, first.department, first.file)
    b = type(second)(second.record.model_copy(update={"materials": [required]}), second.standard, second.region, second.department, second.file)
    (merged,) = merged_materials([a, b])
    assert merged.material.necessity == "必要" and merged.material.provided_at_window is False
    (alone,) = merged_materials([a])
    assert alone.material.necessity == "非必要" and alone.material.provided_at_window is True


def test_checklist_states_fee_visits_and_what_the_window_provides(renderer: Renderer) -> None:
    it = item(renderer, ID_CARD)
    rec = it.record
    assert rec.fee.charged and rec.onsite_visits == 1 and "本人到场" in (rec.onsite_reason or "")
    html = renderer.item_checklist(it)
    text = text_of(html)
    assert f"收费：{rec.fee.items[0].name} {rec.fee.items[0].standard}" in text
    assert f"需到现场 1 次：{rec.onsite_reason}" in text
    provided = [m.name for m in it.materials if m.provided_at_window]
    assert provided == ["居民身份证申领登记表"]
    to_bring = html[html.index("<tbody>") : html.index("</tbody>")]
    assert "居民身份证申领登记表" not in to_bring  # not among the things to bring
    window = html[html.index("窗口提供，不用自带") :]
    assert "居民身份证申领登记表：可现场领取、填写" in text_of(window[: window.index("</ul>")])
    for m in it.materials:
        if not m.provided_at_window:
            assert m.name in to_bring


def test_checklist_of_a_free_item_without_visits_says_so(renderer: Renderer) -> None:
    free = next(
        i for i in renderer.site.items if not i.record.fee.charged and i.record.onsite_visits == 0 and not any(m.provided_at_window for m in i.materials)
    )
    text = text_of(renderer.item_checklist(free))
    assert "不收费" in text and "不用到现场" in text
    assert "需到现场" not in text and "窗口提供，不用自带" not in text


def test_window_provided_only_where_the_source_note_says_so(renderer: Renderer) -> None:
    """The flag transcribes the directory's own words: every flagged material's note says the window (or the
    registry, the service point) provides it or it is filled in there; the data were not guessed."""
    flagged = [m for std in renderer.site.catalog.directory.values() for m in std.materials if m.provided_at_window]
    assert len(flagged) >= 20
    for m in flagged:
        assert m.source == "其他" and m.source_note and re.search(r"(窗口|网点|登记处).*(提供|填写)", m.source_note), (m.name, m.source_note)


def test_plain_words_stand_beside_the_official_terms(renderer: Renderer) -> None:
    it = item(renderer, ID_CARD)
    text = text_of(renderer.item_page(it))
    depth = it.record.online.depth
    assert f"网上办理深度：{depth}（网上能办到哪一步：{plain.ONLINE_DEPTH[depth]}）" in text
    assert f"行使层级 由哪一级办理 {it.level}级（{it.region.name}） {plain.LEVEL[it.level]}" in text
    assert f"办件类型 能不能当场办结 {it.record.case_type} {plain.CASE_TYPE[it.record.case_type]}" in text
    search = renderer.page_jobs()["search/index.md"]()
    assert "data-plain=" in search and "网上能办到哪一步" in search.replace("&#34;", '"')


def test_map_link_record_first_then_template_else_none() -> None:
    hall = Location(name="兰考县政务服务中心", address="兰考县裕禄大道 1 号", hours="工作日")
    href, words = map_link(hall, MAP) or ("", "")
    assert (
        href
        == "https://map.example.cn/search?keyword=%E5%85%B0%E8%80%83%E5%8E%BF%E6%94%BF%E5%8A%A1%E6%9C%8D%E5%8A%A1%E4%B8%AD%E5%BF%83&addr=%E5%85%B0%E8%80%83%E5%8E%BF%E8%A3%95%E7%A6%84%E5%A4%A7%E9%81%93%201%20%E5%8F%B7"
    )
    assert words == "在示例地图中打开"
    own = hall.model_copy(update={"map_url": "https://map.kaifeng.gov.cn/hall/1"})
    assert map_link(own, MAP) == ("https://map.kaifeng.gov.cn/hall/1", "查看地图")
    assert map_link(hall, None) is None


@pytest.mark.parametrize(
    "template, words",
    [
        ("http://map.example.cn/?q={place}", "https://"),
        ("https://map.example.cn/?q={name}", "只能使用占位符"),
        ("https://map.example.cn/", "只能使用占位符"),
        ("https://{place}.example.cn/", "占位符"),
        ("https://map.example.cn/?q={place", "花括号"),
    ],
)
def test_a_bad_map_template_is_refused_in_chinese(template: str, words: str) -> None:
    with pytest.raises(ApplyConfigError, match=re.escape(words)):
        MapLinks(template, "示例地图")


def test_item_page_links_each_hall_to_the_map_and_loads_nothing(renderer: Renderer) -> None:
    it = item(renderer, ID_CARD)
    html = renderer.item_page(it)
    links = re.findall(r'<a class="bs-map-link" href="([^"]+)"', html)
    assert len(links) == len(it.record.locations) + 1  # every hall, and the summary's 去哪办
    assert all(link.startswith("https://map.example.cn/search?keyword=") for link in links)
    assert "map.example.cn" not in re.sub(r'<a class="bs-map-link" href="[^"]+"', "", html)  # no script, image or frame


def test_item_summary_counts_only_what_to_bring_and_marks_the_optional(renderer: Renderer) -> None:
    it = item(renderer, ID_CARD)
    html = renderer.item_page(it)
    card = html[html.index('id="summary"') : html.index('class="bs-summary__more"')]
    bring = [m for m in it.materials if not m.exempt and not m.provided_at_window]
    optional = [m for m in bring if m.necessity != "必要"]
    assert optional, "the sample item has optional materials"
    assert f"要带的材料{len(bring)}项，其中{len(optional)}项视情况提供" in text_of(card).replace(" ", "")
    assert "项窗口提供" in text_of(card)
    for m in optional:
        assert re.search(rf"{re.escape(m.name)} <span class=\"bs-badge bs-badge--optional\">{m.necessity}</span>", card), m.name
