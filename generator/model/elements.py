"""Standard elements (标准要素): what every implementation of a directory item states as the directory does.

A record may leave an element out (it inherits the directory's) or state it; a stated value that differs must be a
declared variation. This module says which fields are elements, their labels and guide sections (from the model's
field metadata), how two values are compared and shown; the rule itself is in validate/variation_rules.py.
"""

from __future__ import annotations

from generator.model.fields import label, section_of
from generator.model.records import DirectoryItem, ImplementationRecord, LegalBasis, Material, TimeLimit

STANDARD_ELEMENTS = ("name", "item_type", "legal_basis", "legal_time_limit", "conditions", "materials")
MATERIAL_ATTRIBUTES = ("necessity", "kind", "form", "copies", "paper_size", "source")  # compared material by material


def element_label(key: str) -> str:
    return label(DirectoryItem, key)


def element_section(key: str) -> str:
    return section_of(ImplementationRecord, (key,))


INSTANT = "即办"  # a time limit of 0: done on the spot


def duration_text(value: int, unit: str) -> str:
    """THE wording of a time limit, for pages, search, reports and sums: 即办 for 0, else 「N 个工作日」."""
    return INSTANT if value == 0 else f"{value} 个{unit}"


def limit_text(limit: TimeLimit) -> str:
    """A time limit as the guide writes it: 即办, or 「N 个工作日」."""
    return duration_text(limit.value, limit.unit)


def basis_text(items: list[LegalBasis]) -> str:
    return "；".join(b.law + (b.article or "") for b in items)


def materials_text(items: list[Material]) -> str:
    return "、".join(m.name for m in items) or "（无）"


def value_text(key: str, value: object) -> str:
    """A standard element's value as short text for a side-by-side comparison."""
    if value is None:
        return "（沿用基本目录）"
    if key == "legal_basis":
        return basis_text(value)  # type: ignore[arg-type]
    if key == "legal_time_limit":
        return limit_text(value)  # type: ignore[arg-type]
    if key == "conditions":
        return "；".join(value)  # type: ignore[arg-type]
    if key == "materials":
        return materials_text(value)  # type: ignore[arg-type]
    return str(value)


def differs(key: str, stated: object, std: DirectoryItem) -> bool:
    """Whether a stated element differs from the directory (materials: see material_diff)."""
    if stated is None:
        return False
    expected = getattr(std, key)
    if key == "name" and isinstance(stated, str) and stated.startswith(expected + "（") and stated.endswith("）"):
        return False  # a handling item may add a qualifier: 食品经营许可（新办）
    return stated != expected


def material_diff(std: list[Material], mine: list[Material]) -> tuple[list[str], list[tuple[int, str]], list[tuple[int, str, list[str]]]]:
    """Dropped names, added (index, name), changed (index, name, changed attribute labels)."""
    std_by_name = {m.name: m for m in std}
    mine_names = {m.name for m in mine}
    dropped = [m.name for m in std if m.name not in mine_names]
    added = [(i, m.name) for i, m in enumerate(mine) if m.name not in std_by_name]
    changed = []
    for i, m in enumerate(mine):
        base = std_by_name.get(m.name)
        if base is not None:
            # an attribute the guide does not state (None: 未公布) is not a difference
            attrs = [label(Material, key) for key in MATERIAL_ATTRIBUTES if getattr(m, key) is not None and getattr(m, key) != getattr(base, key)]
            if attrs:
                changed.append((i, m.name, attrs))
    return dropped, added, changed
