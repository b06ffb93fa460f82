"""Roles resolved per record: the directory item as this record publishes it (docs/roles.md), with the project's
own legal bases (items/_catalog/local_basis.yaml) after the directory's.

Runs where a record is merged with its directory item (validate/project.py). The names a role takes depend only on
the record's region, its department and the project's channels, so each distinct set of names is substituted once
and shared by every record with the same set: the cost is a few dictionary look-ups per record.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.load.yaml_source import Source
from generator.model.catalog import Catalog
from generator.model.codes import division_tier
from generator.model.findings import Finding
from generator.model.records import Department, DirectoryItem, ImplementationRecord, LegalBasis, Region
from generator.model.roles import CHANNELS, ROLES, replaced, roles_in, substitute, texts

APPENDED = frozenset({"faq", "keywords", "themes", "aliases"})  # the directory's are always shown, the record's added


def government(region: Region) -> str:
    """本级人民政府 of a region: a 街道 has a 办事处, every other level a 人民政府."""
    return region.name + ("办事处" if region.name.endswith("街道") else "人民政府")


def named(std: DirectoryItem, names: dict[str, str], local: tuple[LegalBasis, ...]) -> DirectoryItem:
    """A directory item with its roles named and the project's own legal bases after its own (each once)."""
    out = replaced(std, lambda text: substitute(text, names))
    extra = [basis for basis in local if basis not in out.legal_basis]
    return out.model_copy(update={"legal_basis": [*out.legal_basis, *extra]}) if extra else out


def inherits(rec: ImplementationRecord, top: str) -> bool:
    """Whether the record shows the directory's text of this top-level field."""
    if top in APPENDED or top not in ImplementationRecord.model_fields:
        return True
    return not getattr(rec, top)


@dataclass
class Resolver:
    catalog: Catalog

    def standard_for(self, rec: ImplementationRecord) -> DirectoryItem | None:
        """The directory item as this record shows it (roles it cannot name stay as written), for rules that compare
        a record with its directory item; None when the basic code is unknown."""
        cat = self.catalog
        if rec.basic_code not in cat.directory:
            return None
        if rec.region not in cat.regions or rec.department not in cat.departments:
            return cat.directory[rec.basic_code]
        return self.at(rec.basic_code, rec.region, rec.department)

    def at(self, basic_code: str, region: str, department: str) -> DirectoryItem:
        """The directory item named for a record of this region and department (known codes); one object per
        distinct set of names, shared."""
        cat = self.catalog
        std = cat.directory[basic_code]
        uses = cat.directory_roles.get(basic_code, ())
        local = cat.local_basis.get(basic_code, ())
        if not uses and not local:
            return std
        names = self.names(region, department, frozenset(u.role for u in uses))[0]
        key = ("item", basic_code, tuple(sorted(names.items())))
        if key not in cat.resolved:
            cat.resolved[key] = named(std, names, local)
        return cat.resolved[key]

    def names(self, region: str, department: str, roles: frozenset[str]) -> tuple[dict[str, str], dict[str, tuple[str, str, str]]]:
        """(role → name, role → (field, problem, fix)) for the roles the directory item uses; worked out once per
        region, department and set of roles."""
        key = ("names", region, department, roles)
        if key not in self.catalog.resolved:
            self.catalog.resolved[key] = self.work_out(region, department, roles)
        return self.catalog.resolved[key]

    def work_out(self, region_code: str, dep_id: str, roles: frozenset[str]) -> tuple[dict[str, str], dict[str, tuple[str, str, str]]]:
        cat = self.catalog
        region, dep = cat.regions[region_code], cat.departments[dep_id]
        parent = cat.regions.get(region.parent) if region.parent else None
        names: dict[str, str] = {}
        problems: dict[str, tuple[str, str, str]] = {}
        for role in roles:
            if role in CHANNELS:
                names[role] = cat.channels.get(role, CHANNELS[role])
            elif role == "本级人民政府":
                names[role] = government(region)
            elif role == "实施机关":
                names[role] = dep.name
            elif role == "所在市":
                city = next((r for r in cat.region_path(region.code) if division_tier(r.code) == "市"), None)
                if city is None:
                    problems[role] = ("region", f"区划 {region.code}（{region.name}）不在任何市级区划之下", "在 regions.yaml 中写出它所属的市（parent）")
                else:
                    names[role] = city.name
            elif parent is None:
                problems[role] = (
                    "region",
                    f"区划 {region.code}（{region.name}）在 regions.yaml 中没有上一级区划",
                    "在 regions.yaml 中为它写出 parent 和上一级区划",
                )
            elif role == "上一级人民政府":
                names[role] = government(parent)
            else:  # 上一级主管部门
                found = self.parent_department(dep, parent)
                if isinstance(found, str):
                    problems[role] = ("department", found, f"在 departments.yaml 中为「{dep.name}」和{parent.name}的同类部门写出相同的 kind")
                else:
                    names[role] = found.name
        for role in problems:  # shown in the directory's own words (上一级主管部门), the national text, never a guess
            names[role] = role
        return names, problems

    def parent_department(self, dep: Department, parent: Region) -> Department | str:
        """The department of the same kind in the parent region, or why there is none."""
        if dep.kind is None:
            return f"实施主体「{dep.name}」没有填写部门类别（kind），无法确定它的上一级主管部门"
        key = ("kinds",)
        if key not in self.catalog.resolved:  # departments by (region, kind), indexed once
            index: dict[tuple[str, str | None], list[Department]] = {}
            for d in self.catalog.departments.values():
                index.setdefault((d.region, d.kind), []).append(d)
            self.catalog.resolved[key] = index
        same = self.catalog.resolved[key].get((parent.code, dep.kind), [])
        if len(same) != 1:
            count = "没有" if not same else f"有 {len(same)} 个"
            return f"上一级区划 {parent.code}（{parent.name}）{count}部门类别为「{dep.kind}」的部门"
        return same[0]

    def resolve(self, rec: ImplementationRecord, file: str, src: Source | None = None) -> tuple[DirectoryItem, list[Finding]]:
        """The directory item with this record's names, and a warning for each role it shows but cannot name: the page
        then says the role in the directory's own words (上一级主管部门), as a guide that names no office does, and the
        record is published with what it states."""
        cat = self.catalog
        uses = cat.directory_roles.get(rec.basic_code, ())
        problems = dict(self.names(rec.region, rec.department, frozenset(u.role for u in uses))[1]) if uses else {}
        findings = []
        for use in uses if problems else ():
            if use.role in problems and inherits(rec, str(use.path[0])):
                where, problem, fix = problems.pop(use.role)
                line, col = src.position((where,)) if src is not None else (1, 1)
                std_line = cat.directory_sources[rec.basic_code].position(use.path)[0]
                findings.append(
                    Finding(
                        "warning",
                        file,
                        line,
                        col,
                        where,
                        "基本信息",
                        f"基本目录 {cat.directory_files[rec.basic_code]} 第 {std_line} 行（{use.field}）写的「{{{use.role}}}」"
                        f"对本记录无法确定（{problem}），页面照基本目录写作「{use.role}」",
                        f"{fix}，页面即显示具体名称；或在本记录中写出 {use.path[0]}，照本级办事指南的文字",
                    )
                )
        return self.at(rec.basic_code, rec.region, rec.department), findings

    def version_for(self, std: DirectoryItem, rec: ImplementationRecord) -> DirectoryItem:
        """Any version of a directory item (history compares old ones) as this record shows it; roles it cannot name
        stay as written."""
        if rec.region not in self.catalog.regions or rec.department not in self.catalog.departments:
            return std
        roles = frozenset(role for _, text in texts(std) for role in roles_in(text) if role in ROLES)
        return named(std, self.names(rec.region, rec.department, roles)[0], self.catalog.local_basis.get(std.basic_code, ()))
