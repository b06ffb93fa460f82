"""`banshi new`: a valid implementation record scaffolded from the directory item, ready to edit."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString as Q

from generator.load.catalog import read_model
from generator.model.catalog import Catalog
from generator.model.codes import LEVELS, division_tier
from generator.model.findings import Finding
from generator.model.records import ImplementationRecord
from generator.validate.catalog_rules import load_catalog
from generator.workflow.fmt import format_text, make_yaml

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../../schema/item.schema.json"
HOURS = "周一至周五 8:30-12:00，14:30-17:30"
CHECK = "请核实"


class ScaffoldError(Exception):
    pass


def implementation_code(catalog: Catalog, region: str, department: str, basic_code: str) -> str:
    """Credit code of the implementing body + level digit of the region's tier + basic code, after checking all three."""
    if region not in catalog.regions:
        raise ScaffoldError(f"区划 {region} 不在 items/_catalog/regions.yaml 中")
    dep = catalog.departments.get(department)
    if dep is None:
        raise ScaffoldError(f"部门「{department}」不在 items/_catalog/departments.yaml 中")
    if dep.region != region:
        raise ScaffoldError(f"部门「{dep.name}」属于区划 {dep.region}，不是 {region}")
    std = catalog.directory.get(basic_code)
    if std is None:
        raise ScaffoldError(f"基本编码 {basic_code} 不在基本目录（items/_catalog/directory/）中")
    if dep.remit and not any(basic_code.startswith(prefix) for prefix in dep.remit):
        raise ScaffoldError(f"「{std.name}」不在「{dep.name}」的职责范围内（该部门只实施基本编码以 {'、'.join(dep.remit)} 开头的事项）")
    tier = division_tier(region)
    if tier not in std.exercise_levels:
        raise ScaffoldError(f"「{std.name}」的行使层级是 {'、'.join(std.exercise_levels)}，{tier}级区划不能实施")
    if dep.credit_code is None:
        raise ScaffoldError(
            f"部门「{dep.name}」的统一社会信用代码未公布，无法生成实施编码：请按办事指南新建记录，不写 implementation_code，"
            "文件名只用小写英文字母、数字和短横线（如 jumin-shenfenzheng-shouci.yaml）"
        )
    return dep.credit_code + LEVELS[tier] + basic_code


def _flow(**values: object) -> CommentedMap:
    m = CommentedMap(values)
    m.fa.set_flow_style()
    return m


def _sibling(root: Path, region: str, department: str) -> ImplementationRecord | None:
    """Another record of the same department: its address, hours and phones are a better start than placeholders."""
    for path in sorted((root / "items" / region / department).glob("*.yaml")):
        loaded = read_model(path, ImplementationRecord, root, [])
        if loaded is not None:
            return loaded[0]
    return None


def scaffold_text(
    root: Path, catalog: Catalog, region: str, department: str, basic_code: str, today: dt.date | None = None, area_code: str | None = None
) -> tuple[str, str]:
    """(repository-relative path, YAML text) of a new record; area_code (mkdocs.yml) starts the placeholder phone."""
    code = implementation_code(catalog, region, department, basic_code)
    std = catalog.directory[basic_code]
    dep = catalog.departments[department]
    legal = std.legal_time_limit
    sibling = _sibling(root, region, department)
    rec = CommentedMap()
    rec["implementation_code"] = code
    rec["basic_code"] = Q(basic_code)
    rec["region"] = Q(region)
    rec["department"] = department
    rec["updated"] = today or dt.date.today()
    rec["case_type"] = "即办件" if legal.value == 0 else "承诺件"
    rec["promised_time_limit"] = _flow(value=legal.value, unit=legal.unit)
    rec.yaml_add_eol_comment(f"{CHECK}：承诺时限不能超过法定时限 {legal.value} 个{legal.unit}", "promised_time_limit")
    rec["onsite_visits"] = 1
    rec["onsite_reason"] = "需现场核验原件"
    rec.yaml_add_eol_comment(f"{CHECK}：无需到现场时改为 0 并删除本行", "onsite_reason")
    rec["online"] = CommentedMap(depth="Ⅱ", apply=False, express_delivery=True)
    rec.yaml_add_eol_comment(f"{CHECK}：网上办理深度 Ⅰ-Ⅳ", "online")
    rec["in_service_hall"] = True
    rec["fee"] = CommentedMap(charged=False)
    # a placeholder validation flags, unless a sibling record of the department states the real ones
    location = CommentedMap(name=f"{catalog.regions[region].name}政务服务中心", address=f"{catalog.regions[region].name}政务服务中心", hours=HOURS)
    consult, complaint = f"{area_code or '0000'}-00000000", "12345"
    if sibling is not None and sibling.locations:
        location = CommentedMap((k, v) for k, v in sibling.locations[0].model_dump(exclude_none=True, exclude_defaults=True).items())
    if sibling is not None:
        consult = sibling.consult.phone if sibling.consult and sibling.consult.phone else consult
        complaint = sibling.complaint.phone if sibling.complaint and sibling.complaint.phone else complaint
    rec["locations"] = CommentedSeq([location])
    rec.yaml_add_eol_comment(f"{CHECK}：办理地点、窗口、办公时间", "locations")
    rec["consult"] = CommentedMap(phone=Q(consult))
    rec.yaml_add_eol_comment(f"{CHECK}：{dep.name}的咨询电话（带区号）", "consult")
    rec["complaint"] = CommentedMap(phone=Q(complaint))
    out = io.StringIO()
    make_yaml().dump(rec, out)
    text = format_text(SCHEMA_COMMENT + "\n" + out.getvalue(), ImplementationRecord)
    return f"items/{region}/{department}/{code}.yaml", text


def create_record(root: Path, region: str, department: str, basic_code: str, area_code: str | None = None) -> Path:
    findings: list[Finding] = []
    catalog = load_catalog(root, findings)
    rel, text = scaffold_text(root, catalog, region, department, basic_code, area_code=area_code)
    path = root / rel
    if path.exists():
        raise ScaffoldError(f"{rel} 已存在，不会覆盖；请直接编辑该文件")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as fh:
        fh.write(text)
    return path
