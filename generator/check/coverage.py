"""Coverage: directory items that a tier should implement (exercise levels) but no region of that tier does."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from generator.check.base import CheckContext, Compared, Entry
from generator.model.catalog import Catalog
from generator.model.codes import division_tier

MAX_LISTED = 10


@dataclass
class Coverage:
    """Which regions implement which directory items (records not 取消)."""

    regions_by_tier: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    implemented: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # basic code -> region codes
    records: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # basic code -> records


def coverage_of(catalog: Catalog, entries: list[Entry]) -> Coverage:
    cov = Coverage()
    for code in sorted(catalog.regions):
        cov.regions_by_tier[division_tier(code)].append(code)
    for entry in entries:
        if entry.record.status != "取消":
            cov.implemented[entry.record.basic_code].add(entry.record.region)
            cov.records[entry.record.basic_code] += 1
    return cov


def rule_coverage(ctx: CheckContext) -> None:
    cov = coverage_of(ctx.catalog, ctx.entries)
    regions = ctx.catalog.regions
    for basic_code, std in sorted(ctx.catalog.directory.items()):
        std_file = ctx.directory_file(basic_code)
        line = ctx.directory_line(basic_code, "exercise_levels")
        for level in std.exercise_levels:
            tier_regions = cov.regions_by_tier.get(level, [])
            if not tier_regions:
                continue  # the catalog has no region of this tier (e.g. 省, 国家 in a city catalog)
            done = [r for r in tier_regions if r in cov.implemented[basic_code]]
            missing = [r for r in tier_regions if r not in cov.implemented[basic_code]]
            names = "、".join(regions[r].name for r in missing[:MAX_LISTED]) + ("等" if len(missing) > MAX_LISTED else "")
            compared = [Compared(f"{level}级区划", std_file, f"{len(done)}/{len(tier_regions)} 个实施")]
            if not done:
                ctx.add(
                    "coverage",
                    "warning",
                    None,
                    file=std_file,
                    line=line,
                    field_name="exercise_levels",
                    section="基本信息",
                    message=f"「{std.name}」的行使层级包括{level}级，但 {len(tier_regions)} 个{level}级区划都没有实施记录",
                    hint=f"由{level}级部门补充实施清单（banshi new --region … --department … --basic-code {basic_code}），或由基本目录调整行使层级",
                    compared=compared,
                    basic_code=basic_code,
                )
            elif missing:
                ctx.add(
                    "coverage-gap",
                    "info",
                    None,
                    file=std_file,
                    line=line,
                    field_name="exercise_levels",
                    section="基本信息",
                    message=f"「{std.name}」：{len(tier_regions)} 个{level}级区划中 {len(done)} 个有实施记录；未实施：{names}",
                    hint="如这些区划也办理该事项，请补充实施清单",
                    compared=compared,
                    basic_code=basic_code,
                )
