"""Load and validate items/_catalog: regions, departments, directory, themes, synonyms."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from generator.load.attachments import attachment_findings, material_links
from generator.load.files import rel
from generator.load.pydantic_errors import findings_from_error
from generator.load.tree import symlinked
from generator.load.yaml_source import LazySource, Source, SourceError, load_data
from generator.model.codes import ITEM_TYPES, basic_code_problem, credit_code_problem, division_tier
from generator.model.findings import Finding
from generator.model.records import (
    Bundle,
    BundlesFile,
    Department,
    DepartmentsFile,
    DirectoryItem,
    Region,
    RegionsFile,
    Synonym,
    SynonymsFile,
    Theme,
    ThemesFile,
)

M = TypeVar("M", bound=BaseModel)


@dataclass
class Catalog:
    regions: dict[str, Region] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)
    directory: dict[str, DirectoryItem] = field(default_factory=dict)
    directory_files: dict[str, str] = field(default_factory=dict)
    broken_directory: dict[str, str] = field(default_factory=dict)  # file stem -> file, for files with errors
    themes: dict[str, Theme] = field(default_factory=dict)
    popular: list[str] = field(default_factory=list)
    synonyms: list[Synonym] = field(default_factory=list)
    bundles: list[Bundle] = field(default_factory=list)  # 一件事一次办, as written; checked in generator/validate/bundles.py
    bundles_source: Source | None = None

    def theme_by_name(self, name: str) -> Theme | None:
        return next((t for t in self.themes.values() if t.name == name), None)

    def region_path(self, code: str) -> list[Region]:
        """The region and its ancestors, top first."""
        chain: list[Region] = []
        current = self.regions.get(code)
        while current is not None and current not in chain:
            chain.insert(0, current)
            current = self.regions.get(current.parent) if current.parent else None
        return chain


def read_model(path: Path, model: type[M], root: Path, findings: list[Finding]) -> tuple[M, Source] | None:
    """Parse and validate one file; append findings and return None on any error."""
    name = rel(path, root)
    if symlinked(root, path):
        return None  # never read; tree_findings reports the symlink
    try:
        source: Source = LazySource(load_data(path), path)
    except SourceError as exc:
        findings.extend(Finding("error", name, e.line, e.column, "", "", e.message, e.hint) for e in exc.all())
        return None
    except OSError as exc:
        findings.append(Finding("error", name, 1, 1, "", "", f"无法读取文件：{exc.strerror}", "检查文件是否存在、是否有读取权限"))
        return None
    try:
        return model.model_validate(source.data), source
    except ValidationError as exc:
        findings.extend(findings_from_error(exc, model, source, name))
        return None


def _err(file: str, source: Source, path: tuple, field_name: str, message: str, hint: str, section: str = "") -> Finding:
    line, col = source.position(path)
    return Finding("error", file, line, col, field_name, section, message, hint)


def load_catalog(root: Path, findings: list[Finding]) -> Catalog:
    cat = Catalog()
    base = root / "items" / "_catalog"
    loaded = read_model(base / "regions.yaml", RegionsFile, root, findings)
    if loaded:
        regions, src = loaded
        for i, region in enumerate(regions.regions):
            if region.code in cat.regions:
                findings.append(
                    _err("items/_catalog/regions.yaml", src, ("regions", i, "code"), f"regions[{i}].code", f"区划代码 {region.code} 重复", "每个区划只写一次")
                )
            cat.regions[region.code] = region
        for i, region in enumerate(regions.regions):
            if region.parent and region.parent not in cat.regions and division_tier(region.code) != "市":
                findings.append(
                    _err(
                        "items/_catalog/regions.yaml",
                        src,
                        ("regions", i, "parent"),
                        f"regions[{i}].parent",
                        f"上级区划 {region.parent} 不存在",
                        "先在 regions.yaml 中添加上级区划",
                    )
                )
    loaded_d = read_model(base / "departments.yaml", DepartmentsFile, root, findings)
    if loaded_d:
        deps, src = loaded_d
        seen_codes: dict[str, str] = {}
        for i, dep in enumerate(deps.departments):
            where = ("departments", i)
            problem = credit_code_problem(dep.credit_code) if dep.credit_code is not None else None  # 未公布: left out
            if problem:
                findings.append(
                    _err(
                        "items/_catalog/departments.yaml",
                        src,
                        (*where, "credit_code"),
                        f"departments[{i}].credit_code",
                        problem,
                        "向机构编制部门核实统一社会信用代码",
                        "受理机构",
                    )
                )
            if dep.region not in cat.regions:
                findings.append(
                    _err(
                        "items/_catalog/departments.yaml",
                        src,
                        (*where, "region"),
                        f"departments[{i}].region",
                        f"区划 {dep.region} 不在 regions.yaml 中",
                        "填写 regions.yaml 中已有的区划代码",
                    )
                )
            if dep.id in cat.departments:
                findings.append(
                    _err("items/_catalog/departments.yaml", src, (*where, "id"), f"departments[{i}].id", f"部门标识 {dep.id} 重复", "每个部门标识只能用一次")
                )
            if dep.credit_code is not None and dep.credit_code in seen_codes:
                findings.append(
                    _err(
                        "items/_catalog/departments.yaml",
                        src,
                        (*where, "credit_code"),
                        f"departments[{i}].credit_code",
                        f"统一社会信用代码与部门 {seen_codes[dep.credit_code]} 重复",
                        "核实信用代码",
                    )
                )
            if dep.credit_code is not None:
                seen_codes[dep.credit_code] = dep.id
            cat.departments[dep.id] = dep
    loaded_t = read_model(base / "themes.yaml", ThemesFile, root, findings)
    if loaded_t:
        cat.themes = {t.id: t for t in loaded_t[0].themes}
        cat.popular = list(loaded_t[0].popular)
    loaded_s = read_model(base / "synonyms.yaml", SynonymsFile, root, findings)
    if loaded_s:
        cat.synonyms = list(loaded_s[0].synonyms)
    if (base / "bundles.yaml").is_file():
        loaded_b = read_model(base / "bundles.yaml", BundlesFile, root, findings)
        if loaded_b:
            cat.bundles = list(loaded_b[0].bundles)
            cat.bundles_source = loaded_b[1]
    for path in sorted((base / "directory").glob("*.yaml")):
        if not symlinked(root, path):  # symlinks are reported by tree_findings, never read
            _load_directory_item(path, root, cat, findings)
    if loaded_t:
        for i, code in enumerate(cat.popular):
            if code not in cat.directory:
                findings.append(
                    _err(
                        "items/_catalog/themes.yaml",
                        loaded_t[1],
                        ("popular", i),
                        f"popular[{i}]",
                        f"热门服务 {code} 不在基本目录中",
                        "填写 directory/ 中已有的基本编码",
                    )
                )
    return cat


def _load_directory_item(path: Path, root: Path, cat: Catalog, findings: list[Finding]) -> None:
    name = rel(path, root)
    loaded = read_model(path, DirectoryItem, root, findings)
    if not loaded:
        cat.broken_directory[path.stem] = name
        return
    item, src = loaded
    before = len(findings)
    problem = basic_code_problem(item.basic_code, item.item_type)
    if problem:
        findings.append(_err(name, src, ("basic_code",), "basic_code", problem, f"{item.item_type} 的类型代码是 {ITEM_TYPES[item.item_type]}", "事项编码"))
    if path.stem != item.basic_code:
        findings.append(
            _err(
                name,
                src,
                ("basic_code",),
                "basic_code",
                f"文件名 {path.name} 与基本编码 {item.basic_code} 不一致",
                f"把文件改名为 {item.basic_code}.yaml",
                "事项编码",
            )
        )
    for i, theme in enumerate(item.themes):
        if cat.theme_by_name(theme) is None and cat.themes:
            findings.append(
                _err(name, src, ("themes", i), f"themes[{i}]", f"主题「{theme}」不在 themes.yaml 中", "使用 themes.yaml 中已有的主题名称，或先添加主题", "主题")
            )
    findings.extend(result_type_findings(name, src, item.result.name, item.result.type, ("result",)))
    links = list(material_links(("materials",), item.materials))
    if item.result.sample:
        links.append((("result", "sample"), item.result.sample))
    findings.extend(attachment_findings(root, name, src, links))
    if len(findings) == before:
        cat.directory[item.basic_code] = item
        cat.directory_files[item.basic_code] = name
    else:
        cat.broken_directory[path.stem] = name


def result_type_findings(file: str, src: Source, result_name: str, result_type: str, path: tuple) -> list[Finding]:
    expected = None
    if result_name.endswith(("证", "照")):
        expected = "证照"
    elif result_name.endswith(("批复", "决定", "文")):
        expected = "批文"
    if expected and expected != result_type:
        return [
            _err(
                file,
                src,
                (*path, "type"),
                "result.type",
                f"结果名称「{result_name}」应属于「{expected}」，这里写的是「{result_type}」",
                f"把 result.type 改为 {expected}",
                "结果送达",
            )
        ]
    return []
