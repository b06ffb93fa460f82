"""Records that overlap where they should not: two departments of one region implementing one item, and
content (phones, addresses) copied from another region's record of the same item."""

from __future__ import annotations

from collections import defaultdict

from generator.check.base import CheckContext, Compared, Entry
from generator.model.fields import field_path

HOTLINE_DIGITS = 8  # numbers shorter than this (12345, 12315, …) are shared hotlines, not copied content


def rule_two_departments(ctx: CheckContext) -> None:
    for basic_code, entries in ctx.by_basic.items():
        by_region: dict[str, list[Entry]] = defaultdict(list)
        for entry in entries:
            dep = ctx.catalog.departments.get(entry.record.department)
            if entry.record.status != "取消" and (dep is None or dep.region == entry.record.region):  # else the region is in doubt:
                by_region[entry.record.region].append(entry)  # validate/region_rules.py names the wrong line
        std = ctx.catalog.directory.get(basic_code)
        name = std.name if std else basic_code
        for region, group in sorted(by_region.items()):
            departments = sorted({e.record.department for e in group})
            if len(departments) < 2:
                continue
            names = "、".join(ctx.department_name(d) for d in departments)
            for entry in group:
                ctx.add(
                    "two-departments",
                    "error",
                    entry,
                    path=("department",),
                    field_name="department",
                    section="受理机构",
                    message=f"{ctx.region_name(region)}有 {len(departments)} 个部门都实施「{name}」：{names}",
                    hint="同一区划的同一事项只能有一个实施主体：与对方部门核实由谁实施，删除另一条记录（划转的事项由承接部门实施）",
                    related=[e.file for e in group if e is not entry],
                    compared=[Compared(ctx.label(e), e.file, ctx.department_name(e.record.department)) for e in group],
                )


def _phones(entry: Entry) -> list[tuple[tuple[str | int, ...], str]]:
    rec = entry.record
    out: list[tuple[tuple[str | int, ...], str]] = [(("locations", i, "phone"), loc.phone) for i, loc in enumerate(rec.locations) if loc.phone]
    out += [((key, "phone"), c.phone) for key, c in (("consult", rec.consult), ("complaint", rec.complaint)) if c and c.phone]
    return [(path, phone) for path, phone in out if sum(ch.isdigit() for ch in phone) >= HOTLINE_DIGITS]


def rule_copied_content(ctx: CheckContext) -> None:
    """A phone of this record that another region's record of the same item also lists."""
    for basic_code, entries in ctx.by_basic.items():
        owners: dict[str, list[Entry]] = defaultdict(list)
        for entry in entries:
            for phone in {p for _, p in _phones(entry)}:
                owners[phone].append(entry)
        std = ctx.catalog.directory.get(basic_code)
        for entry in entries:
            for path, phone in _phones(entry):
                others = [e for e in owners[phone] if ctx.county_of(e.record.region) != ctx.county_of(entry.record.region)]
                if not others:
                    continue
                other = others[0]
                item = std.name if std else basic_code
                ctx.add(
                    "copied-content",
                    "warning",
                    entry,
                    path=path,
                    field_name=field_path(path),
                    section="咨询方式" if path[0] != "locations" else "办理地址和时间",
                    message=f"电话 {phone} 与{ctx.region_name(other.record.region)}「{item}」记录中的电话相同（可能是复制别的区划的记录后没有改）",
                    hint=f"填写{ctx.region_name(entry.record.region)}本部门的电话；确实共用同一电话的，请在审核说明中写明",
                    related=[e.file for e in others],
                    compared=[Compared(ctx.label(e), e.file, phone) for e in [entry, *others]],
                )
