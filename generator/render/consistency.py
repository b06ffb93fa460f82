"""The "一致性核查" page's context: the check report made upstream (generator/check), a summary by tier and region,
a coverage matrix, and the list of items whose regions differ. Each of those items' regions side by side (its
ItemTable) is on its service page, not here: that part grows with the records (20 MB of this page at 100k), the
rest with the regions and the directory. Pure: it reads the site and the report; pages.py renders it like any
other page."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.check import KINDS, CheckFinding, CheckReport, Entry, coverage_of
from generator.check.compare import COLUMNS
from generator.model.codes import TIERS, division_tier
from generator.model.findings import SEVERITY_LABEL

if TYPE_CHECKING:
    from generator.render.pages import Site

MAX_PER_KIND = 100  # findings listed per kind; the rest are counted (banshi check lists all)


@dataclass(frozen=True)
class Cell:
    text: str
    title: str
    css: str


def summary_rows(findings: list[CheckFinding], regions: list[str], records: Counter[str]) -> list[dict[str, object]]:
    by_region: dict[str | None, Counter[str]] = defaultdict(Counter)
    for f in findings:
        by_region[f.region][f.severity] += 1
    return [{"code": code, "records": records[code], **by_region[code]} for code in regions]


def matrix(site: Site, entries: list[Entry]) -> tuple[list[str], list[dict[str, object]]]:
    """Columns: city- and county-level regions; townships are counted in their county's cell."""
    cat = site.catalog
    cov = coverage_of(cat, entries)
    columns = [c for c in sorted(cat.regions) if division_tier(c) in ("省", "市", "县")]
    towns: dict[str, list[str]] = defaultdict(list)
    for code, region in cat.regions.items():
        if division_tier(code) == "乡" and region.parent:
            towns[region.parent].append(code)
    rows = []
    for basic_code, std in sorted(cat.directory.items()):
        done = cov.implemented.get(basic_code, set())
        cells = []
        for col in columns:
            tier = division_tier(col)
            applies = tier in std.exercise_levels
            text, title, css = ("✓", "已实施", "ok") if col in done else (("—", "应实施未实施", "gap") if applies else ("", "不在行使层级", "na"))
            if "乡" in std.exercise_levels and towns.get(col):
                n = sum(t in done for t in towns[col])
                text = f"{text} 乡{n}/{len(towns[col])}".strip()
                title += f"；下辖乡镇 {n}/{len(towns[col])} 个实施"
                if n < len(towns[col]) and css == "na":
                    css = "gap" if n == 0 else "part"
            cells.append(Cell(text, title, css))
        rows.append({"code": basic_code, "std": std, "cells": cells, "records": cov.records.get(basic_code, 0)})
    return columns, rows


def consistency_context(site: Site, report: CheckReport) -> dict[str, object]:
    cat = site.catalog
    entries = report.entries
    record_counts: Counter[str] = Counter(e.record.region for e in entries)
    regions = sorted(cat.regions, key=lambda c: (TIERS.index(division_tier(c)), c))
    region_rows = summary_rows(report.findings, regions, record_counts)
    tier_rows = []
    for tier in TIERS:
        rows = [r for r in region_rows if division_tier(str(r["code"])) == tier]
        if rows:
            tier_rows.append({"tier": tier, "regions": len(rows), **{k: sum(int(r.get(k, 0)) for r in rows) for k in ("records", "error", "warning", "info")}})  # type: ignore[call-overload]
    directory_wide = Counter(f.severity for f in report.findings if f.region is None)
    by_kind: dict[str, list[CheckFinding]] = defaultdict(list)
    for f in report.findings:
        by_kind[f.kind].append(f)
    columns, rows = matrix(site, entries)
    return {
        "kinds": KINDS,
        "severity_label": SEVERITY_LABEL,
        "by_kind": by_kind,
        "max_per_kind": MAX_PER_KIND,
        "total": len(report.findings),
        "severity_counts": Counter(f.severity for f in report.findings),
        "region_rows": region_rows,
        "tier_rows": tier_rows,
        "directory_wide": directory_wide,
        "columns": columns,
        "matrix_rows": rows,
        "records": len(entries),
        "compare_columns": COLUMNS,
        "compare_tables": [site.compare[code] for code in sorted(site.compare)],  # each in full on its service page
    }
