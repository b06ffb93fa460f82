"""Where a record belongs: the one home of every finding about its region.

Four things say where a record belongs: its `region` line, the folder it sits in (items/<region>/<department>/),
its department's region in the catalog, and (as support) the registration region in its implementation code's
credit code and the places its addresses name. When one of region, folder and department disagrees with the other
two, that one is named first (a typo in the region line is not "move the file" nor "change the address"), and the
consequences of the wrong value (level digit, exercise level, addresses) wait until it is fixed. Advice never names
a path that cannot exist: a department is only ever suggested in a folder of its own region.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from generator.model.catalog import Catalog
from generator.model.codes import LEVELS, RECORD_KEY_PATTERN, credit_code_problem, division_tier, split_implementation_code
from generator.validate.context import RuleContext


@dataclass(frozen=True)
class Witness:
    """One thing that says which region a record belongs to, as the clerk sees it."""

    label: str  # e.g. 文件夹 items/410225/
    region: str
    strong: bool  # folder and department must match exactly; the credit code and an address may name a parent


def region_label(catalog: Catalog, code: str) -> str:
    region = catalog.regions.get(code)
    return f"{code}（{region.name}）" if region else code


def folder_parts(file: str) -> tuple[str, str] | None:
    """(region, department) of a file at items/<region>/<department>/<name>.yaml."""
    parts = file.split("/")
    return (parts[1], parts[2]) if len(parts) == 4 and parts[0] == "items" and not parts[1].startswith("_") else None


def named_region(ctx: RuleContext) -> tuple[str, str] | None:
    """(region code, text) of the first county- or township-level region a location names, most specific first."""
    cache: dict[str, list] = ctx.catalog.__dict__.setdefault("_named_regions", {})  # per catalog object
    if "regions" not in cache:
        cache["regions"] = sorted((r for c, r in ctx.catalog.regions.items() if division_tier(c) in ("县", "乡")), key=lambda r: -len(r.code))
    regions = cache["regions"]
    for loc in ctx.rec.locations:
        for text in (loc.address or "", loc.name or ""):
            for region in regions:
                if region.name in text:
                    return region.code, text
    return None


def strong_witnesses(ctx: RuleContext) -> list[Witness]:
    """The folder and the department: what must match the region line exactly."""
    out = []
    folder = folder_parts(ctx.file)
    if folder:
        out.append(Witness(f"文件夹 items/{folder[0]}/", folder[0], True))
    dep = ctx.catalog.departments.get(ctx.rec.department)
    if dep is not None:
        out.append(Witness(f"实施主体「{dep.name}」", dep.region, True))
    return out


def witnesses(ctx: RuleContext) -> list[Witness]:
    """Every witness: the strong ones, the registration region of the credit code and the region an address names."""
    cat, out = ctx.catalog, strong_witnesses(ctx)
    parts = split_implementation_code(ctx.rec.implementation_code)
    if parts and credit_code_problem(parts[0]) is None and parts[0][2:8] in cat.regions:
        out.append(Witness(f"实施编码中的登记管理机关区划 {parts[0][2:8]}", parts[0][2:8], False))
    named = named_region(ctx)
    if named:
        out.append(Witness(f"办理地址「{named[1]}」", named[0], False))
    return out


def agrees(catalog: Catalog, witness: Witness, code: str) -> bool:
    if witness.region == code:
        return True
    chain = [r.code for r in catalog.region_path(code)]
    return not witness.strong and (witness.region in chain or code in [r.code for r in catalog.region_path(witness.region)])


def odd_region(ctx: RuleContext) -> str | None:
    """The region folder and department agree on when the record's region line says otherwise."""
    strong = strong_witnesses(ctx)
    regions = {w.region for w in strong}
    if len(regions) != 1 or len(strong) != 2:
        return None
    (likely,) = regions
    return likely if likely != ctx.rec.region else None


def rule_region(ctx: RuleContext) -> None:
    rec, cat = ctx.rec, ctx.catalog
    likely = odd_region(ctx)
    if likely is not None:
        support = [w.label for w in witnesses(ctx) if agrees(cat, w, likely)]
        unknown = "（regions.yaml 中没有这个区划）" if rec.region not in cat.regions else ""
        ctx.add(
            ("region",),
            f"region 写的是 {region_label(cat, rec.region)}{unknown}，而{'、'.join(support)}都是 {region_label(cat, likely)}：很可能是 region 填错了",
            f'把这一行改为 region: "{likely}"；如果本事项确实由 {region_label(cat, rec.region)} 实施，请用该区划的部门新建记录（banshi new）',
        )
        return  # what depends on the region (level digit, path, addresses) is judged once the region is right
    region = cat.regions.get(rec.region)
    if region is None:
        ctx.add(("region",), f"区划代码 {rec.region} 不在 regions.yaml 中", "填写 items/_catalog/regions.yaml 中已有的区划代码")
    department_and_path(ctx)
    codes_for_region(ctx)
    if region is not None:
        other_region_address(ctx)


def department_and_path(ctx: RuleContext) -> None:
    rec, cat = ctx.rec, ctx.catalog
    dep = cat.departments.get(rec.department)
    folder = folder_parts(ctx.file)
    if dep is None:
        ctx.add(("department",), f"部门「{rec.department}」不在 departments.yaml 中", unknown_department_hint(ctx, folder))
        return
    if dep is not None and dep.region != rec.region:
        folder_agrees = folder is not None and folder[0] == rec.region
        ctx.add(
            ("department",),
            f"实施主体「{dep.name}」属于 {region_label(cat, dep.region)}，而 region"
            + (" 和文件夹都是 " if folder_agrees else " 是 ")
            + f"{region_label(cat, rec.region)}",
            department_hint(ctx) if folder_agrees else "实施主体必须是本区划的部门：核对 region 和 department 哪一个写错了",
        )
        return  # the right path follows from the right department (and a wrong code's finding from the code's rule)
    stem = Path(ctx.file).stem
    if rec.implementation_code is None and not re.fullmatch(RECORD_KEY_PATTERN, stem):
        hint = "办事指南未公布实施编码时，文件名只用小写英文字母、数字和短横线，以字母开头，如 jumin-shenfenzheng-shouci.yaml"
        ctx.add((), f"文件名「{stem}」不能作为本事项的网页地址", hint)
    expected = f"items/{rec.region}/{rec.department}/{rec.implementation_code or stem}.yaml"
    if ctx.file == expected or not ctx.file.startswith("items/"):
        return
    # a path is only suggested when it can exist: the department is the region's and the code is the department's
    # (a code with another body's credit code is reported by code_rules; renaming the file after it would be wrong)
    if dep is not None and dep.region == rec.region and (rec.implementation_code or "").startswith(dep.credit_code or "-"):
        ctx.add((), f"文件位置与内容不符：应为 {expected}", "文件路径必须是 items/<区划代码>/<部门标识>/<实施编码>.yaml：移动或改名文件")


def unknown_department_hint(ctx: RuleContext, folder: tuple[str, str] | None) -> str:
    """The department the folder names (when it is the region's), else the region's departments with a close id."""
    cat, rec = ctx.catalog, ctx.rec
    named = cat.departments.get(folder[1]) if folder else None
    if named is not None and named.region == rec.region:
        return f"文件所在的文件夹是「{named.id}」（{named.name}）：是不是想把 department 写成「{named.id}」"
    own = [d.id for d in cat.departments.values() if d.region == rec.region]
    close = difflib.get_close_matches(rec.department, own, n=1, cutoff=0.5)
    guess = f"是不是想写「{close[0]}」？" if close else ""
    return guess + "填写 items/_catalog/departments.yaml 中的部门标识（id）"


def department_hint(ctx: RuleContext) -> str:
    """Which department of the record's region it most likely is: the one whose credit code the implementation code
    carries, else the region's departments."""
    cat, rec = ctx.catalog, ctx.rec
    credit = (rec.implementation_code or "")[:18]
    own = [d for d in cat.departments.values() if d.region == rec.region]
    match = next((d for d in own if credit and d.credit_code == credit), None)
    if match:
        return f"实施编码中的信用代码是「{match.name}」的：把 department 改为「{match.id}」"
    names = "、".join(f"「{d.id}」（{d.name}）" for d in own[:6])
    return f"department 要填写本区划的部门：{names}" if names else "本区划在 departments.yaml 中还没有部门：先添加部门"


def codes_for_region(ctx: RuleContext) -> None:
    """The implementation code's level digit and registration region, and the directory's exercise levels."""
    rec, cat = ctx.rec, ctx.catalog
    parts = split_implementation_code(rec.implementation_code)
    if parts is None and rec.implementation_code is not None:
        return  # a malformed code is the pattern's finding
    credit, level_digit, _basic = parts or ("", "", "")
    tier = division_tier(rec.region)
    expected_digit = LEVELS.get(tier)
    if parts and level_digit != expected_digit:
        ctx.add(
            ("implementation_code",),
            f"实施编码第 19 位层级码是 {level_digit}，而区划 {rec.region} 属于{tier}级，应为 {expected_digit}",
            "层级码：3 市级，4 县级，5 乡镇/街道",
        )
    std = cat.directory.get(rec.basic_code)
    if std is not None and tier not in std.exercise_levels:
        ctx.add(("region",), f"「{std.name}」的行使层级是 {'、'.join(std.exercise_levels)}，{tier}级不能实施", "核对区划，或由基本目录调整行使层级")
    if parts and rec.region in cat.regions and credit[2:8] != rec.region[:6] and credit_code_problem(credit) is None:
        ctx.add(
            ("implementation_code",),
            f"统一社会信用代码中的登记管理机关区划 {credit[2:8]} 不在本区划 {rec.region} 内（推断规则）",
            "核实实施主体的信用代码",
            severity="warning",
        )


def _region_names(catalog: Catalog, code: str) -> tuple[set[str], list[str]]:
    """(own names, other names) for a known region: the other county-level regions (a city's record may name its own
    counties) and, for a township, the other townships of its county."""
    cache: dict[str, tuple[set[str], list[str]]] = catalog.__dict__.setdefault("_region_names", {})  # per catalog object
    if code not in cache:
        regions = catalog.regions
        own = regions[code]
        county = regions.get(own.parent) if len(own.code) == 9 and own.parent else own
        own_names = {own.name, county.name if county else own.name}
        others = [r.name for c, r in regions.items() if len(c) == 6 and division_tier(c) == "县" and r.name not in own_names and r.parent != own.code]
        if len(code) == 9:
            others += [r.name for c, r in regions.items() if len(c) == 9 and c != code and r.parent == own.parent and r.name not in own_names]
        cache[code] = (own_names, others)
    return cache[code]


def other_region_address(ctx: RuleContext) -> None:
    """A location naming another county-level region and not its own: an address kept from a copied record."""
    own_names, others = _region_names(ctx.catalog, ctx.rec.region)
    own = ctx.catalog.regions[ctx.rec.region]
    for i, loc in enumerate(ctx.rec.locations):
        for key in ("address", "name"):
            text = getattr(loc, key) or ""
            named = [name for name in others if name in text]
            if named and not any(name in text for name in own_names):
                ctx.add(
                    ("locations", i, key),
                    f"办理地点写的是{named[0]}的「{text}」，而本记录是{own.name}的事项（可能是从{named[0]}的记录复制来的）",
                    f"改为{own.name}的办理地点，并一并核对窗口、电话和办公时间",
                    "办理地址和时间",
                )
                break
