"""The page types of a built guide and an axe-core runner, shared by the accessibility tests and bench/axe_counts.py.

axe-core is the npm package pinned in tests/package-lock.json (installed by scripts/test.sh with `npm ci`);
Playwright injects its file into the page, so nothing is fetched from a network.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
AXE_JS = REPO / "tests" / "node_modules" / "axe-core" / "axe.min.js"
WCAG21_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]  # best practice: landmark-unique and the like
CARE_EXTRA_RULES = ["color-contrast-enhanced"]  # WCAG AAA 7:1, what the MIIT rules ask of care mode
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SEARCH_QUERY = "驾照"
OPTIONAL_PAGES = [("progress", "progress/"), ("open data", "data/")]  # pages other work adds; checked when built


@dataclass(frozen=True)
class PageType:
    name: str
    path: str  # relative to the site root
    ready: str | None = None  # a selector that shows the page has finished its own scripts


def first_dir(site: Path, folder: str) -> str:
    names = sorted(p.name for p in (site / folder).iterdir() if p.is_dir())
    assert names, f"no pages under {folder}/"
    return names[0]


def records_with_status(items_dir: Path) -> dict[str, list[tuple[str, str]]]:
    """status -> [(region code, implementation code)] of the catalog's records."""
    found: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(items_dir.glob("[0-9]*/*/*.yaml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        found.setdefault(record.get("status", "在用"), []).append((str(record["region"]), path.stem))
    return found


def page_with(site: Path, pages: list[str], text: str) -> str:
    """The first of `pages` (paths under the site) whose HTML contains `text`: a page that shows a feature."""
    found = next((p for p in pages if text in (site / p / "index.html").read_text(encoding="utf-8")), None)
    assert found, f"no page among {len(pages)} shows {text!r}"
    return found


def page_types(site: Path, items_dir: Path) -> list[PageType]:
    """Every page type of the guide, one real page each (the 404 page is asked for by a path that does not exist).

    Items differ in what they show: one plain item, one with 免提交 (muted rows) and one suspended; bundles and the
    printable checklists are their own page types."""
    by_status = records_with_status(items_dir)
    suspended = by_status["暂停"][0]
    in_use = [f"items/{r[0]}/{r[1]}/" for r in by_status["在用"] if (site / "items" / r[0] / r[1] / "index.html").is_file()]
    bundles = [f"bundles/{first_dir(site, 'bundles')}/"] if (site / "bundles").is_dir() else []  # a catalog may have none
    services = sorted(f"services/{p.name}/" for p in (site / "services").iterdir() if p.is_dir())
    compared = [p for p in services if 'class="bs-compare"' in (site / p / "index.html").read_text(encoding="utf-8")]  # may be none
    return [
        PageType("home", ""),
        PageType("search", f"search/?q={SEARCH_QUERY}", ready=".bs-result"),
        PageType("item", in_use[0]),
        PageType("item with exemptions", page_with(site, in_use, 'class="bs-exempt"')),
        PageType("suspended item", f"items/{suspended[0]}/{suspended[1]}/"),
        PageType("checklist", in_use[0] + "checklist/"),
        *[PageType("bundle", bundle) for bundle in bundles],
        *[PageType("bundle checklist", bundle + "checklist/") for bundle in bundles],
        PageType("service", f"services/{first_dir(site, 'services')}/"),
        *[PageType("service with comparison", path) for path in compared[:1]],
        PageType("department", f"departments/{first_dir(site, 'departments')}/"),
        PageType("region", f"regions/{first_dir(site, 'regions')}/"),
        PageType("theme", f"themes/{first_dir(site, 'themes')}/"),
        PageType("indexes", "services/"),
        PageType("consistency", "consistency/"),
        PageType("about", "about/"),
        PageType("404", "no-such-page/"),
        *[PageType(name, path) for name, path in OPTIONAL_PAGES if (site / path / "index.html").is_file()],
    ]


def with_care(path: str) -> str:
    return path + ("&" if "?" in path else "?") + "care=1"


def run_axe(page: Any, care: bool) -> list[dict[str, Any]]:
    """axe-core's violations of WCAG 2.1 A/AA on the loaded page (and, in care mode, of the AAA contrast rule)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))  # not add_script_tag: an inline <script> that the site's CSP blocks
    options: dict[str, Any] = {"runOnly": {"type": "tag", "values": WCAG21_AA_TAGS}, "resultTypes": ["violations"]}
    if care:
        options["rules"] = {rule: {"enabled": True} for rule in CARE_EXTRA_RULES}
    result = page.evaluate("options => axe.run(document, options)", options)
    violations: list[dict[str, Any]] = result["violations"]
    if care:  # runOnly by tag does not run rules outside the tags: run the AAA rule by name
        extra = page.evaluate("rules => axe.run(document, {runOnly: {type: 'rule', values: rules}, resultTypes: ['violations']})", CARE_EXTRA_RULES)
        violations += [v for v in extra["violations"] if v["id"] not in {x["id"] for x in violations}]
    return violations


def summary(violations: list[dict[str, Any]]) -> str:
    """One line per rule: id, node count and the first node's selector, for readable assertion messages."""
    rows = [
        {"rule": v["id"], "nodes": len(v["nodes"]), "first": v["nodes"][0]["target"], "why": v["nodes"][0].get("failureSummary", "")[:200]} for v in violations
    ]
    return json.dumps(
        rows,
        ensure_ascii=False,
        indent=1,
    )
