"""Relevance measurement: the suites in tests/relevance/*.yaml against a search function, top-3 per kind.

A search function takes (query, region code or None) and returns hits with at least `basic_code` and `county`
(the county-level area, as in the search documents). Used by tests/test_relevance_suite.py and
`python -m bench.relevance` for both backends; it reads the suites of the repository, so it lives beside the
benchmarks, not in the package.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.search.backends import SearchFn

SUITE_DIR = Path(__file__).resolve().parents[1] / "tests" / "relevance"
KINDS = [
    "official", "partial", "colloquial", "question", "intent", "life-event", "typo", "homophone", "pinyin", "initials", "traditional", "English",
    "region", "code", "absent",
]  # fmt: skip

def load_suite(name: str, suite_dir: Path = SUITE_DIR) -> list[dict[str, Any]]:
    data = yaml.safe_load((suite_dir / f"{name}.yaml").read_text(encoding="utf-8"))
    return list(data["queries"])


def is_right(hit: Mapping[str, Any], case: Mapping[str, Any]) -> bool:
    """A right service (basic code, in the case's county when it names one), or a right 一件事 ("bundle:<id>")."""
    if hit.get("kind") == "bundle":  # its page address names it on both backends: bundles/<id>/
        return any(e.startswith("bundle:") and f"bundles/{e.removeprefix('bundle:')}/" in str(hit.get("url", "")) for e in case["expect"])
    return hit.get("basic_code") in case["expect"] and (not case.get("county") or hit.get("county") == case["county"])


@dataclass
class Outcome:
    case: dict[str, Any]
    top1: bool
    top3: bool
    shown: list[str]


def evaluate(cases: Iterable[dict[str, Any]], search: SearchFn) -> list[Outcome]:
    out = []
    for case in cases:
        answer = search(case["q"], case.get("region"))
        hits = list(answer)[:3]
        shown = [f"{h.get('name')}（{h.get('county')}）" for h in hits]
        if case["kind"] == "absent":  # no right service: right when the search does not call its results an answer
            honest = getattr(answer, "match", "exact") != "exact"
            out.append(Outcome(case, honest, honest, [getattr(answer, "match", "?"), *shown]))
            continue
        marks = [is_right(h, case) for h in hits]
        out.append(Outcome(case, bool(marks and marks[0]), any(marks), shown))
    return out


def by_kind(outcomes: Sequence[Outcome]) -> dict[str, tuple[int, int]]:
    """kind -> (top-3 right, queries), in KINDS order, plus 'all'."""
    table: dict[str, tuple[int, int]] = {}
    for kind in [*KINDS, *sorted({o.case["kind"] for o in outcomes} - set(KINDS))]:
        rows = [o for o in outcomes if o.case["kind"] == kind]
        if rows:
            table[kind] = (sum(o.top3 for o in rows), len(rows))
    table["all"] = (sum(o.top3 for o in outcomes), len(outcomes))
    return table


def rate(pair: tuple[int, int]) -> float:
    return pair[0] / pair[1] if pair[1] else 0.0


def markdown_table(columns: Mapping[str, Sequence[Outcome]]) -> str:
    """One row per kind, one column per backend/suite: 'right/total (pct)'."""
    tables = {name: by_kind(rows) for name, rows in columns.items()}
    kinds = list(dict.fromkeys(k for t in tables.values() for k in t))
    lines = ["| kind | " + " | ".join(columns) + " |", "|---|" + "---|" * len(columns)]
    for kind in kinds:
        cells = []
        for name in columns:
            pair = tables[name].get(kind)
            cells.append(f"{pair[0]}/{pair[1]} ({rate(pair):.0%})" if pair else "")
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def failures(outcomes: Sequence[Outcome]) -> list[str]:
    return [f"{o.case['kind']:<11} {o.case['q']}: {o.shown}" for o in outcomes if not o.top3]
