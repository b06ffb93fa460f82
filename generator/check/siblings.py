"""Sibling regions (same parent) promising different time limits for the same item: a fact worth publishing."""

from __future__ import annotations

from collections import defaultdict

from generator.check.base import CheckContext, Compared, Entry
from generator.model.elements import limit_text
from generator.model.records import TimeLimit


def promised(entry: Entry) -> TimeLimit:
    """The promised limit of an entry the rule kept (only records that state one are compared)."""
    limit = entry.record.promised_time_limit
    assert limit is not None
    return limit


def rule_sibling_limits(ctx: CheckContext) -> None:
    for basic_code, entries in ctx.by_basic.items():
        groups: dict[str, list[Entry]] = defaultdict(list)
        for entry in entries:
            region = ctx.catalog.regions.get(entry.record.region)
            if region is not None and region.parent and entry.record.status == "在用" and entry.record.promised_time_limit is not None:
                groups[region.parent].append(entry)
        for parent, group in sorted(groups.items()):
            limits = {(promised(e).value, promised(e).unit) for e in group}
            if len({e.record.region for e in group}) < 2 or len(limits) < 2:
                continue
            group = sorted(group, key=lambda e: (promised(e).value, e.record.region))
            fastest, slowest = group[0], group[-1]
            std = ctx.catalog.directory.get(basic_code)
            parent_name = ctx.catalog.regions[parent].name if parent in ctx.catalog.regions else parent
            ctx.add(
                "sibling-limits",
                "info",
                slowest,
                path=("promised_time_limit",),
                field_name="promised_time_limit",
                section="办理时限",
                message=(
                    f"{parent_name}下辖 {len({e.record.region for e in group})} 个区划办理「{std.name if std else basic_code}」的承诺时限不同："
                    f"{limit_text(promised(fastest))}（{ctx.label(fastest).split(' · ')[0]}）至 "
                    f"{limit_text(promised(slowest))}（{ctx.label(slowest).split(' · ')[0]}）"
                ),
                hint="无需修改；可参考办得快的区划压缩承诺时限",
                related=[e.file for e in group if e is not slowest],
                compared=[Compared(ctx.label(e), e.file, limit_text(promised(e))) for e in group],
            )
