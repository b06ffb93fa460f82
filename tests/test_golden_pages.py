"""A reviewed golden copy of a few page bodies of the mini fixture (tests/golden/pages/), compared on every run: a
change to a page template, a filter or the renderer that alters what a citizen reads shows up here as a readable diff,
to be reviewed and accepted on purpose.

Refresh after a deliberate change, then review `git diff tests/golden/` before committing:
    BANSHI_GOLDEN=refresh .venv/bin/python -m pytest -q tests/test_golden_pages.py
The body is the page's content (the theme's <article>, or the standalone 材料清单's <main>), one tag per line, with
its JSON-LD indented, so the diff points at the line that changed.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from pathlib import Path

import pytest

from tests.support import REPO

GOLDEN = REPO / "tests" / "golden" / "pages"
REFRESH = os.environ.get("BANSHI_GOLDEN") == "refresh"
#: golden file -> the page of the mini site: an item of each tier's kind, a checklist, a service and a region page
PAGES = {
    "item-city-food.html": "items/410200/11410200MB0A11111W3000104001000/index.html",
    "item-township-dibao.html": "items/410225101/11410225MB0A4444155000502001000/index.html",
    "checklist-city-food.html": "items/410200/11410200MB0A11111W3000104001000/checklist/index.html",
    "service-dibao.html": "services/000502001000/index.html",
    "region-lankao.html": "regions/410225/index.html",
}
BODIES = (re.compile(r'<article class="md-content__inner md-typeset">.*?</article>', re.S), re.compile(r"<main\b.*?</main>", re.S))
JSON_LD = re.compile(r'(<script type="application/ld\+json">)(.*?)(</script>)', re.S)


def body(html: str) -> str:
    """The page's content, one tag per line, JSON-LD indented."""
    found = BODIES[0].search(html) or BODIES[1].search(html)  # the theme's article, else the standalone sheet's main
    assert found, "no <article> or <main> in the page"
    text = JSON_LD.sub(lambda m: m[1] + "\n" + json.dumps(json.loads(m[2]), ensure_ascii=False, indent=1) + "\n" + m[3], found[0])
    return re.sub(r">\s*<", ">\n<", text).strip() + "\n"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_body_matches_the_reviewed_golden_copy(mini_site: Path, name: str) -> None:
    actual = body((mini_site / PAGES[name]).read_text(encoding="utf-8"))
    golden = GOLDEN / name
    if REFRESH:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"no golden copy {golden.relative_to(REPO)}: run BANSHI_GOLDEN=refresh .venv/bin/python -m pytest -q tests/test_golden_pages.py"
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(), f"golden/{name}", f"built {PAGES[name]}", n=2, lineterm="")
        shown = "\n".join(list(diff)[:120])
        pytest.fail(
            f"{PAGES[name]} differs from tests/golden/pages/{name}:\n{shown}\n\nIf the change is intended, refresh and review:\n"
            "    BANSHI_GOLDEN=refresh .venv/bin/python -m pytest -q tests/test_golden_pages.py && git diff tests/golden/",
            pytrace=False,
        )


def test_the_golden_copies_are_the_pages_listed() -> None:
    assert sorted(p.name for p in GOLDEN.glob("*.html")) == sorted(PAGES)
