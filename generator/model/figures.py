"""The reform figures (改革进展) of a set of items: per department, region and tier, and in total.

One home for each rule: what counts as applicable online, 全程网办, 最多跑一次, 零跑腿, time-limit compression.
Only items in force (状态 在用) count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.model.codes import division_tier
from generator.model.item import Item

IN_FORCE = "在用"


@dataclass(frozen=True)
class Facts:
    """What the dashboard needs of one item."""

    department: str
    region: str
    tier: str
    online: bool  # 可网上申报: the guide offers the 在线办理 entry
    full_online: bool  # 全程网办: depth Ⅳ
    at_most_once: bool  # 最多跑一次: at most one visit
    zero_visits: bool  # 零跑腿
    instant: bool  # 即办件
    in_hall: bool  # 进驻政务服务大厅
    compression: float | None  # 1 - promised / legal, when both are in the same unit and the legal limit is > 0
    materials: int
    exempt: int  # 免提交 materials


def facts(item: Item) -> Facts | None:
    rec = item.record
    if rec.status != IN_FORCE:
        return None
    legal, promised = item.legal_time_limit, rec.promised_time_limit
    stated = promised is not None and legal.unit == promised.unit and legal.value > 0
    compression = 1 - promised.value / legal.value if stated else None  # type: ignore[union-attr]
    online, visits = rec.online, rec.onsite_visits  # not stated (未公布): the measure is not met
    materials = item.materials
    return Facts(
        department=item.department.id,
        region=item.region.code,
        tier=division_tier(item.region.code),
        online=bool(online and online.apply),
        full_online=bool(online and online.depth == "Ⅳ"),
        at_most_once=visits is not None and visits <= 1,
        zero_visits=visits == 0,
        instant=rec.case_type == "即办件",
        in_hall=bool(rec.in_service_hall),
        compression=compression,
        materials=len(materials),
        exempt=sum(1 for m in materials if m.exempt is not None),
    )


# name -> (heading, what it measures); the order of the dashboard's columns
MEASURES: dict[str, tuple[str, str]] = {
    "online": ("可网上申报", "提供在线申报入口的事项占比"),
    "full_online": ("全程网办", "网上办理深度为Ⅳ（全程网办）的事项占比"),
    "at_most_once": ("最多跑一次", "到办事现场不超过 1 次的事项占比"),
    "zero_visits": ("零跑腿", "无需到办事现场的事项占比"),
    "instant": ("即办件", "当场办结的即办件占比"),
    "in_hall": ("进驻大厅", "进驻政务服务大厅的事项占比"),
}


@dataclass
class Figures:
    items: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MEASURES, 0))
    compression_sum: float = 0.0
    compression_items: int = 0
    materials: int = 0
    exempt: int = 0

    def add(self, f: Facts) -> None:
        self.items += 1
        for name in MEASURES:
            if getattr(f, name):
                self.counts[name] += 1
        if f.compression is not None:
            self.compression_sum += f.compression
            self.compression_items += 1
        self.materials += f.materials
        self.exempt += f.exempt

    def share(self, name: str) -> float:
        return self.counts[name] / self.items if self.items else 0.0

    @property
    def compression(self) -> float | None:
        """Average compression of promised against legal limits (0.4 = promised is 40 % shorter)."""
        return self.compression_sum / self.compression_items if self.compression_items else None

    def as_json(self) -> dict[str, object]:
        return {
            "items": self.items,
            **{name: self.counts[name] for name in MEASURES},
            **{f"{name}_share": round(self.share(name), 4) for name in MEASURES},
            "compression_average": None if self.compression is None else round(self.compression, 4),
            "compression_items": self.compression_items,
            "materials": self.materials,
            "exempt_materials": self.exempt,
        }


@dataclass
class Breakdown:
    total: Figures = field(default_factory=Figures)
    by_tier: dict[str, Figures] = field(default_factory=lambda: defaultdict(Figures))
    by_region: dict[str, Figures] = field(default_factory=lambda: defaultdict(Figures))
    by_department: dict[str, Figures] = field(default_factory=lambda: defaultdict(Figures))

    def add(self, f: Facts) -> None:
        self.total.add(f)
        self.by_tier[f.tier].add(f)
        self.by_region[f.region].add(f)
        self.by_department[f.department].add(f)


def breakdown(all_facts: Iterable[Facts | None]) -> Breakdown:
    out = Breakdown()
    for f in all_facts:
        if f is not None:
            out.add(f)
    return out


def totals(all_facts: Iterable[Facts | None]) -> tuple[Figures, dict[str, Figures]]:
    """Total and per-tier figures only (for each month of the history)."""
    total, tiers = Figures(), defaultdict[str, Figures](Figures)
    for f in all_facts:
        if f is not None:
            total.add(f)
            tiers[f.tier].add(f)
    return total, dict(tiers)
