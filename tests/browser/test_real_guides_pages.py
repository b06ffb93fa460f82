"""The pages of three published guides written as records (tests/fixtures/guides) in real Chromium: axe-core finds no
WCAG 2.1 A/AA violation on their item pages and checklists, where 未公布, a class of places, refusal grounds, stage
limits and conditional materials appear; and the printed checklist names the situation of a conditional material."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.browser.a11y_pages import DESKTOP, PHONE, run_axe, summary, with_care
from tests.conftest import build_project_site
from tests.support import make_guides_project

pytestmark = pytest.mark.browser

PAGES = [
    "items/411202/jumin-shenfenzheng-shouci/",
    "items/411202/jumin-shenfenzheng-shouci/checklist/",
    "items/530114/getihu-zhuce-dengji/",
    "items/630224/chengshi-dibao/",
]


@pytest.fixture(scope="module")
def guides_url(tmp_path_factory: pytest.TempPathFactory, serve: Callable[[Path], str]) -> str:
    project = make_guides_project(tmp_path_factory.mktemp("guides") / "p")
    return serve(build_project_site(project, tmp_path_factory.mktemp("guides-site") / "site"))


@pytest.mark.parametrize("care", [False, True], ids=["normal", "care"])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_axe_finds_no_violation_on_the_guides_pages(open_tab: Callable[..., Any], guides_url: str, viewport: str, care: bool) -> None:
    options = {"viewport": PHONE, "is_mobile": True, "has_touch": True} if viewport == "phone" else {"viewport": DESKTOP}
    page = open_tab(**options)
    failures = {}
    for path in PAGES:
        page.goto(guides_url + (with_care(path) if care else path))
        violations = run_axe(page, care)
        if violations:
            failures[path] = summary(violations)
    assert not failures, "\n".join(f"{p}: {s}" for p, s in failures.items())


def test_the_id_card_page_reads_as_the_guide_does(open_tab: Callable[..., Any], guides_url: str) -> None:
    page = open_tab(viewport=DESKTOP)
    page.goto(guides_url + PAGES[0])
    facts = page.locator("#summary .bs-summary__facts").inner_text()
    assert "承诺 30 个自然日" in facts and "到现场次数未公布" in facts
    assert page.locator("#summary .bs-summary__list li").nth(1).inner_text() == "监护人居民身份证 视情形"
    bodies = page.locator("#bodies + table").inner_text()
    assert "受理机构\t户籍所在地派出所" in bodies and "统一社会信用代码\t未公布" in bodies
    page.goto(guides_url + PAGES[1])
    row = page.locator(".bs-checklist__materials tbody tr").nth(1).inner_text()
    assert "监护人居民身份证" in row and "仅限：未满十六周岁的居民由监护人代为申领的" in row and "未公布" in row
