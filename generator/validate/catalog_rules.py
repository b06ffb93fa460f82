"""The catalog's own rules, and the `Catalog` assembled from what passed them: region codes once and with a known
parent, department ids and credit codes once and valid, a directory item's file name, type code, themes, result type
and attachments and roles (docs/roles.md), popular services in the directory, the local legal bases' basic codes. A directory item with any finding stays out of
`Catalog.directory` (it is listed in `broken_directory`), so the records that implement it say so instead of being
checked against it."""

from __future__ import annotations

from pathlib import Path

from generator.load.attachments import attachment_findings, material_links
from generator.load.catalog import CatalogFiles, DirectoryFile, read_catalog
from generator.load.roles import role_uses
from generator.load.yaml_source import Source
from generator.model.catalog import Catalog
from generator.model.codes import ITEM_TYPES, basic_code_problem, credit_code_problem, division_tier
from generator.model.findings import Finding
from generator.model.records import LocalBasisFile
from generator.validate.result_rules import result_type_findings


def load_catalog(root: Path, findings: list[Finding]) -> Catalog:
    """items/_catalog read and checked; every finding goes to `findings`."""
    return build_catalog(read_catalog(root, findings), root, findings)


def _err(file: str, source: Source, path: tuple, field_name: str, message: str, hint: str, section: str = "") -> Finding:
    line, col = source.position(path)
    return Finding("error", file, line, col, field_name, section, message, hint)


def build_catalog(files: CatalogFiles, root: Path, findings: list[Finding]) -> Catalog:
    cat = Catalog(channels=files.channels)
    if files.regions:
        regions, src = files.regions
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
    if files.departments:
        deps, src = files.departments

        def dep_err(i: int, key: str, message: str, hint: str, section: str = "") -> Finding:
            return _err("items/_catalog/departments.yaml", src, ("departments", i, key), f"departments[{i}].{key}", message, hint, section)

        seen_codes: dict[str, str] = {}
        for i, dep in enumerate(deps.departments):
            problem = credit_code_problem(dep.credit_code) if dep.credit_code is not None else None  # 未公布: left out
            if problem:
                findings.append(dep_err(i, "credit_code", problem, "向机构编制部门核实统一社会信用代码", "受理机构"))
            if dep.region not in cat.regions:
                findings.append(dep_err(i, "region", f"区划 {dep.region} 不在 regions.yaml 中", "填写 regions.yaml 中已有的区划代码"))
            if dep.id in cat.departments:
                findings.append(dep_err(i, "id", f"部门标识 {dep.id} 重复", "每个部门标识只能用一次"))
            if dep.credit_code is not None and dep.credit_code in seen_codes:
                findings.append(dep_err(i, "credit_code", f"统一社会信用代码与部门 {seen_codes[dep.credit_code]} 重复", "核实信用代码"))
            if dep.credit_code is not None:
                seen_codes[dep.credit_code] = dep.id
            cat.departments[dep.id] = dep
    if files.themes:
        cat.themes = {t.id: t for t in files.themes[0].themes}
        cat.popular = list(files.themes[0].popular)
    if files.synonyms:
        cat.synonyms = list(files.synonyms[0].synonyms)
    if files.bundles:
        cat.bundles = list(files.bundles[0].bundles)
        cat.bundles_source = files.bundles[1]
    for directory_file in files.directory:
        _add_directory_item(directory_file, root, cat, findings)
    if files.local_basis:
        _add_local_basis(*files.local_basis, cat, findings)
    if files.themes:
        for i, code in enumerate(cat.popular):
            if code not in cat.directory:
                findings.append(
                    _err(
                        "items/_catalog/themes.yaml",
                        files.themes[1],
                        ("popular", i),
                        f"popular[{i}]",
                        f"热门服务 {code} 不在基本目录中",
                        "填写 directory/ 中已有的基本编码",
                    )
                )
    return cat


def _add_directory_item(read: DirectoryFile, root: Path, cat: Catalog, findings: list[Finding]) -> None:
    name, item, src = read.file, read.item, read.source
    if item is None or src is None:
        cat.broken_directory[read.stem] = name
        return
    before = len(findings)
    problem = basic_code_problem(item.basic_code, item.item_type)
    if problem:
        findings.append(_err(name, src, ("basic_code",), "basic_code", problem, f"{item.item_type} 的类型代码是 {ITEM_TYPES[item.item_type]}", "事项编码"))
    if read.stem != item.basic_code:
        findings.append(
            _err(
                name,
                src,
                ("basic_code",),
                "basic_code",
                f"文件名 {Path(name).name} 与基本编码 {item.basic_code} 不一致",
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
    uses = role_uses(item, src, name, findings)
    if len(findings) == before:
        if uses:
            cat.directory_roles[item.basic_code] = uses
            cat.directory_sources[item.basic_code] = src
        cat.directory[item.basic_code] = item
        cat.directory_files[item.basic_code] = name
    else:
        cat.broken_directory[read.stem] = name


def _add_local_basis(basis: LocalBasisFile, src: Source, cat: Catalog, findings: list[Finding]) -> None:
    """items/_catalog/local_basis.yaml: the province's or city's own legal bases, by basic code (docs/roles.md)."""
    name = "items/_catalog/local_basis.yaml"
    for i, entry in enumerate(basis.local_basis):
        problem = None
        if entry.basic_code not in cat.directory and entry.basic_code not in cat.broken_directory:
            problem = (f"基本编码 {entry.basic_code} 不在基本目录中", "填写 directory/ 中已有的基本编码")
        elif entry.basic_code in cat.local_basis:
            problem = (f"基本编码 {entry.basic_code} 写了两次", "把它的依据合并到一处")
        if problem:
            findings.append(_err(name, src, ("local_basis", i, "basic_code"), f"local_basis[{i}].basic_code", *problem, "设定依据"))
        else:
            cat.local_basis[entry.basic_code] = tuple(entry.legal_basis)
