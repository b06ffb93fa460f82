"""情形引导 in real Chromium, on the published guide for 居民身份证首次申领 (tests/fixtures/guides), where the 监护人居民身份证
is required only when a guardian applies for a resident under 16: answering 否 leaves it out of the summary, the
materials table and the printed checklist; 是 brings it back; the checklist opened from the page starts with the same
answer; the summary's counts (要带的材料 N 项，其中 K 项视情况提供) follow the answers and come back when they are cleared;
without scripts the questions stay hidden and every material is listed with its situation written out."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.browser.a11y_pages import DESKTOP, run_axe, summary
from tests.conftest import build_project_site
from tests.support import make_guides_project

pytestmark = pytest.mark.browser

ITEM = "items/411202/jumin-shenfenzheng-shouci/"
CONDITION = "未满十六周岁的居民由监护人代为申领的"
MATERIAL = "监护人居民身份证"


@pytest.fixture(scope="module")
def guides_site(tmp_path_factory: pytest.TempPathFactory, serve: Callable[[Path], str]) -> str:
    project = make_guides_project(tmp_path_factory.mktemp("situations") / "p")
    return serve(build_project_site(project, tmp_path_factory.mktemp("situations-site") / "site"))


def shown(page: Any, selector: str) -> list[str]:
    """The visible entries of a list or table, by their first words."""
    return page.eval_on_selector_all(selector, "els => els.filter(e => e.offsetParent !== null).map(e => e.innerText.trim())")


def answer(page: Any, value: str) -> None:
    page.locator(f'[data-situations] input[data-situation-answer="{CONDITION}"][value="{value}"]').first.check()


def test_answering_no_leaves_the_material_out_and_yes_brings_it_back(open_tab: Callable[..., Any], guides_site: str) -> None:
    page = open_tab(viewport=DESKTOP)
    page.goto(guides_site + ITEM)
    form = page.locator("#summary [data-situations]")
    assert form.is_visible() and CONDITION in form.inner_text()
    assert any(MATERIAL in text for text in shown(page, "#summary .bs-summary__list li"))
    answer(page, "no")
    assert not any(MATERIAL in text for text in shown(page, "#summary .bs-summary__list li"))
    assert not any(MATERIAL in text for text in shown(page, "table.bs-materials tbody tr"))
    assert any("居民户口簿" in text for text in shown(page, "table.bs-materials tbody tr")), "an unconditional material was hidden"
    assert f"不用带：{MATERIAL}" in page.locator("#summary .bs-situations__status").inner_text()
    violations = run_axe(page, False)
    assert not violations, summary(violations)
    answer(page, "yes")
    assert any(MATERIAL in text for text in shown(page, "table.bs-materials tbody tr"))
    assert page.locator("#summary .bs-situations__status").inner_text() == ""


def counts(page: Any) -> tuple[int, int]:
    """The summary's figures as the reader sees them: materials to bring, and of those 视情况提供 (0 when not shown)."""
    label = page.locator("#summary .bs-summary__label").first
    figures = re.fullmatch(r"要带的材料 (\d+) 项(?:，其中 (\d+) 项视情况提供)?(?:（.*）)?", label.inner_text().strip())
    assert figures, label.inner_text()
    return int(figures[1]), int(figures[2] or 0)


BROUGHT = "#summary .bs-summary__list li:not(.bs-summary__exempt)"  # 免提交 and 窗口提供 are listed, not counted
OPTIONAL = ":has(.bs-badge--optional)"  # 非必要, 容缺后补, or 视情形


def test_the_summary_counts_follow_the_answers_and_come_back_when_cleared(open_tab: Callable[..., Any], guides_site: str) -> None:
    page = open_tab(viewport=DESKTOP)
    page.goto(guides_site + ITEM)
    # From the page's own data: the rows the reader brings, those 视情况提供, and those of the situation asked about.
    brought, optional = len(shown(page, BROUGHT)), len(shown(page, BROUGHT + OPTIONAL))
    situational = page.locator(f'{BROUGHT}{OPTIONAL}[data-situation="{CONDITION}"]').count()
    assert situational >= 1 and counts(page) == (brought, optional), "the page's figures before any answer"
    answer(page, "no")
    hidden = brought - len(shown(page, BROUGHT))
    assert hidden == situational and counts(page) == (brought - hidden, optional - hidden)
    answer(page, "yes")
    assert counts(page) == (brought, optional - situational), "a situation answered 是 is no longer 视情况"
    page.locator("#summary [data-situations] button[type=reset]").click()
    assert counts(page) == (brought, optional)
    assert not page.locator(f'#summary [data-situations] input[data-situation-answer="{CONDITION}"]:checked').count()
    page.reload()
    page.locator("#summary [data-situations]").wait_for(state="visible")
    assert counts(page) == (brought, optional), "clearing forgets the answers for the session"
    assert any(MATERIAL in text for text in shown(page, "table.bs-materials tbody tr"))


def test_the_checklist_starts_with_the_pages_answer_and_prints_without_the_material(open_tab: Callable[..., Any], guides_site: str) -> None:
    page = open_tab(viewport=DESKTOP)
    page.goto(guides_site + ITEM)
    answer(page, "no")
    page.locator("#summary a[href='checklist/']").click()
    page.wait_for_url("**/checklist/")
    page.wait_for_function("() => { const form = document.querySelector('[data-situations]'); return form !== null && !form.hidden; }")
    checked = page.locator(f'[data-situations] input[data-situation-answer="{CONDITION}"][value="no"]')
    assert checked.is_checked()
    rows = shown(page, ".bs-checklist__materials tbody tr")
    assert rows and not any(MATERIAL in text for text in rows)
    page.emulate_media(media="print")
    assert not page.locator(".bs-situations__question").first.is_visible()
    assert not any(MATERIAL in text for text in shown(page, ".bs-checklist__materials tbody tr"))
    assert f"不用带：{MATERIAL}" in page.locator(".bs-situations__status").inner_text()


def test_without_scripts_every_material_is_listed_with_its_situation(open_tab: Callable[..., Any], guides_site: str) -> None:
    page = open_tab(viewport=DESKTOP, java_script_enabled=False)
    page.goto(guides_site + ITEM)
    assert not page.locator("[data-situations]").first.is_visible()
    assert counts(page) == (len(shown(page, BROUGHT)), len(shown(page, BROUGHT + OPTIONAL)))
    row = next(text for text in shown(page, "table.bs-materials tbody tr") if MATERIAL in text)
    assert f"提交情形：{CONDITION}" in row
    page.goto(guides_site + ITEM + "checklist/")
    row = next(text for text in shown(page, ".bs-checklist__materials tbody tr") if MATERIAL in text)
    assert f"仅限：{CONDITION}" in row
