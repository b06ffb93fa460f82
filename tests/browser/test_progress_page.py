"""The 改革进展 page in Chromium: charts without JavaScript and in print, tables that sort when scripts run."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

pytestmark = pytest.mark.browser


def column(page: Any, table: str, index: int) -> list[str]:
    return page.locator(f"#{table} tbody tr").evaluate_all(f"rows => rows.map(r => r.cells[{index}].dataset.sort ?? r.cells[{index}].textContent.trim())")


def test_tables_sort_by_any_column(page: Any, mini_url: str) -> None:
    page.goto(mini_url + "progress/")
    header = page.locator("#table-regions thead th").nth(1)
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    counts = [float(v) for v in column(page, "table-regions", 1)]
    assert counts == sorted(counts, reverse=True) and len(counts) > 1
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert [float(v) for v in column(page, "table-regions", 1)] == sorted(counts)


def test_charts_and_tables_work_without_javascript_and_in_print(open_tab: Callable[..., Any], mini_url: str) -> None:
    page = open_tab(java_script_enabled=False)
    page.goto(mini_url + "progress/")
    chart = page.locator(".bs-chart svg").first
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box and box["width"] > 400, box
    assert page.locator("#table-tiers tbody tr").count() >= 2
    assert page.locator(".bs-sort").count() == 0  # no script: plain headers, full tables
    page.emulate_media(media="print")
    assert chart.is_visible()
    assert page.locator("text=变更历史暂不可用").count() == 1  # the mini site is built outside git
