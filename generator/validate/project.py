"""Validate the catalog and implementation records into resolved items plus findings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.load.catalog import Catalog, load_catalog, rel
from generator.load.records import LoadedRecord, iter_records
from generator.load.tree import symlinked, tree_findings
from generator.model.findings import Finding
from generator.model.item import Item
from generator.model.schedule import build_date, on_date, upcoming
from generator.validate.record_rules import RuleContext, check_record


@dataclass
class Validation:
    catalog: Catalog
    items: list[Item] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    records: int = 0
    loaded: list[LoadedRecord] = field(default_factory=list)  # schema-valid records, for the tier check

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]


def record_files(root: Path, paths: Iterable[Path] = ()) -> list[Path]:
    """Implementation record files under items/ (or the given files and folders), catalog and attachments excluded."""
    chosen = list(paths) or [root / "items"]
    out: set[Path] = set()
    for p in chosen:
        p = p if p.is_absolute() else Path.cwd() / p
        if symlinked(root, p):
            continue  # reported by tree_findings, never read
        if p.is_dir():  # rglob does not enter symlinked folders; a symlinked file is dropped in keep()
            out.update(p.rglob("*.yaml"))
            out.update(p.rglob("*.yml"))
        elif p.suffix in (".yaml", ".yml"):
            out.add(p)
    items = root / "items"
    excluded = {"_catalog", "_files"}

    def keep(path: Path) -> bool:
        try:
            top = path.relative_to(items).parts[0]
        except ValueError:
            top = path.resolve().relative_to(items.resolve()).parts[0] if path.resolve().is_relative_to(items.resolve()) else ""
        return top not in excluded and not path.is_symlink() and path.is_file()  # symlinks: reported, never read

    return sorted(x for x in out if keep(x))


def tree_bases(root: Path, paths: Iterable[Path]) -> list[Path]:
    """Where to look for symlinks and unpublishable attachments: all of items/, or the paths asked about plus the
    catalog (always loaded)."""
    chosen = [p if p.is_absolute() else Path.cwd() / p for p in paths]
    return [*chosen, root / "items" / "_catalog"] if chosen else [root / "items"]


def validate(root: Path, paths: Iterable[Path] = ()) -> Validation:
    paths = list(paths)
    findings: list[Finding] = tree_findings(root, tree_bases(root, paths))
    catalog = load_catalog(root, findings)
    result = Validation(catalog=catalog, findings=findings)
    by_code: dict[str, list[str]] = defaultdict(list)
    day = build_date()
    files = record_files(root, paths)
    result.records = len(files)
    yaml_files = []
    for path in files:
        if path.suffix == ".yml":
            findings.append(Finding("error", rel(path, root), 1, 1, "", "", "记录文件扩展名应为 .yaml", f"把文件改名为 {path.stem}.yaml"))
        else:
            yaml_files.append(path)
    for loaded in iter_records(root, yaml_files):
        findings.extend(loaded.findings)
        if loaded.record is not None:
            result.loaded.append(loaded)
        rec, src, file = loaded.record, loaded.source, loaded.file
        if rec is None or src is None:
            continue
        own = check_record(RuleContext(rec, src, file, root, catalog))
        findings.extend(own)
        by_code[rec.implementation_code].append(file)
        if any(f.severity == "error" for f in own):
            continue
        std, region, dep = catalog.directory[rec.basic_code], catalog.regions[rec.region], catalog.departments[rec.department]
        result.items.append(Item(on_date(rec, day), std, region, dep, file, tuple(upcoming(rec, day))))
    for code, files in by_code.items():
        if len(files) > 1:
            for file in files:
                others = [f for f in files if f != file]
                findings.append(
                    Finding(
                        "error",
                        file,
                        1,
                        1,
                        "implementation_code",
                        "事项编码",
                        f"实施编码 {code} 同时出现在 {len(files)} 个文件中",
                        "一个实施编码只能对应一个文件：删除或合并重复的记录",
                        related=others,
                    )
                )
    dup = {c for c, f in by_code.items() if len(f) > 1}
    result.items = [i for i in result.items if i.code not in dup]
    return result
