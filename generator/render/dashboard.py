"""The 改革进展 page's charts and tables: SVG drawn at build time with pygal (no JavaScript needed, prints).

pygal: pure Python, SVG only, a few hundred KB; matplotlib would bring numpy and a raster stack for two charts.
The charts load no script (js=[]) and every chart is followed by a table of the same figures.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import pygal
from markupsafe import Markup
from pygal.style import Style

from generator.history.changes import History, MonthPoint
from generator.model.catalog import Catalog
from generator.model.codes import division_tier
from generator.model.figures import MEASURES, Breakdown, Figures

TIERS = ("市", "县", "乡")
# Colours with at least 4.5:1 contrast against white, so bars and their labels stay legible in print too.
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1f1f1f",
    foreground_strong="#1f1f1f",
    foreground_subtle="#595959",
    opacity="1",
    opacity_hover="1",
    colors=("#b3261e", "#1d4f91", "#2e6b30", "#7a4b00", "#5b2d86", "#006064"),
    font_family="system-ui, 'Noto Sans CJK SC', sans-serif",
    label_font_size=16,
    major_label_font_size=16,
    legend_font_size=16,
    title_font_size=20,
    value_font_size=14,
)
COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
CHART_ID_RE = re.compile(r"chart-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SCRIPT_RE = re.compile(r"<script.*?</script>", re.DOTALL)  # pygal's config for its tooltips: not used, no scripts


def svg(chart: pygal.graph.graph.Graph) -> Markup:
    text = chart.render(is_unicode=True)
    text = SCRIPT_RE.sub("", COMMENT_RE.sub("", text))
    # pygal names each chart by a random uuid4; a name from the content keeps builds reproducible
    stable = hashlib.sha1(CHART_ID_RE.sub("", text).encode()).hexdigest()[:12]
    text = CHART_ID_RE.sub(f"chart-{stable}", text)
    return Markup(text.replace("<svg ", '<svg role="img" aria-hidden="true" focusable="false" ', 1))


def percent(value: float) -> str:
    return f"{value * 100:.1f}%"


def base_config() -> dict[str, object]:
    return {
        "style": STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "range": (0, 1),
        "value_formatter": percent,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 3,
        "print_values": False,
        "width": 800,
        "height": 420,
        "margin": 16,
    }


def tier_chart(data: Breakdown) -> Markup:
    chart = pygal.Bar(**base_config(), title="各层级事项的改革指标", y_labels=[0, 0.25, 0.5, 0.75, 1])
    tiers = [t for t in TIERS if t in data.by_tier]
    chart.x_labels = [f"{t}级（{data.by_tier[t].items} 项）" for t in tiers]
    for name, (heading, _) in MEASURES.items():
        chart.add(heading, [data.by_tier[t].share(name) for t in tiers])
    return svg(chart)


def months_chart(points: list[MonthPoint]) -> Markup:
    config = {**base_config(), "legend_at_bottom_columns": 4}  # four series: one legend row
    chart = pygal.Line(**config, title="每月末的改革指标（全部事项）", y_labels=[0, 0.25, 0.5, 0.75, 1], dots_size=4, x_label_rotation=0)
    chart.x_labels = [p.month for p in points]
    for name in ("online", "full_online", "at_most_once", "zero_visits"):
        chart.add(MEASURES[name][0], [p.total.share(name) for p in points])
    return svg(chart)


@dataclass
class Row:
    key: str
    label: str
    link: str | None
    figures: Figures


@dataclass
class Dashboard:
    total: Figures
    tiers: list[Row]
    regions: list[Row]
    departments: list[Row]
    months: list[MonthPoint]
    history: History
    month_rows: list[Row]
    tier_svg: Markup
    months_svg: Markup | None


def now_point(data: Breakdown) -> MonthPoint:
    return MonthPoint("现在", data.total, dict(data.by_tier))


def build_dashboard(data: Breakdown, history: History, catalog: Catalog) -> Dashboard:
    """Rows in a stable order (tier, then region code; department by region and name); charts drawn now."""
    tier_order = {t: i for i, t in enumerate(TIERS)}

    def region_label(code: str) -> str:
        return " · ".join(r.name for r in catalog.region_path(code)[1:]) or catalog.regions[code].name

    regions = sorted(data.by_region, key=lambda c: (tier_order.get(division_tier(c), 9), c))
    departments = sorted(data.by_department, key=lambda d: (catalog.departments[d].region, catalog.departments[d].name))
    points = [*history.months, now_point(data)]
    return Dashboard(
        total=data.total,
        tiers=[Row(t, f"{t}级", None, data.by_tier[t]) for t in TIERS if t in data.by_tier],
        regions=[Row(c, region_label(c), f"regions/{c}.md", data.by_region[c]) for c in regions],
        departments=[Row(d, f"{catalog.departments[d].name}", f"departments/{d}.md", data.by_department[d]) for d in departments],
        months=points,
        history=history,
        month_rows=[Row(p.month, p.month, None, p.total) for p in points],
        tier_svg=tier_chart(data),
        months_svg=months_chart(points) if len(points) > 1 else None,
    )
