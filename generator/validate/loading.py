"""Load the project once: the catalog (read by load/catalog.py, checked by validate/catalog_rules.py) and the
implementation records, for every stage after it. It sits in the validate stage because only a checked catalog may
be used: a directory item with errors must not serve as the standard its records are compared with.

`load_project(root, paths)` is what validate, check, build, serve and index start from. `paths` says which
files the caller asks about; the cross-record check must still see every record, so by default the other records are
read too (`others=False` when only per-record rules will run, e.g. a pre-commit hook on a few files). Findings about
files nobody asked about are not reported: `Project.concerns(file)` is the one filter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.load.files import record_files, rel, yaml_files
from generator.load.parse_cache import ParseCache
from generator.load.records import LoadedRecord, iter_records
from generator.load.tree import tree_findings
from generator.model.catalog import Catalog
from generator.model.findings import Finding
from generator.parallel import freeze_survivors
from generator.validate.catalog_rules import load_catalog

FREEZE_EVERY = 2000  # records between two freezes of what the loader has made (generator/parallel.py)


@dataclass
class Project:
    root: Path
    catalog: Catalog
    records: list[LoadedRecord] = field(default_factory=list)  # every record file read, asked about or not
    asked: frozenset[str] | None = None  # repository-relative files asked about; None: the whole project
    findings: list[Finding] = field(default_factory=list)  # catalog, reading and schema findings of the asked files
    files: int = 0  # record files asked about
    complete: bool = False  # every record file was read (the caches then keep entries for these files only)

    def concerns(self, file: str) -> bool:
        return self.asked is None or file in self.asked

    @property
    def asked_records(self) -> list[LoadedRecord]:
        return [r for r in self.records if self.concerns(r.file)]


def tree_bases(root: Path, paths: list[Path]) -> list[Path]:
    """Where to look for symlinks and unpublishable attachments: all of items/, or the paths asked about plus the
    catalog (always loaded)."""
    chosen = [p if p.is_absolute() else Path.cwd() / p for p in paths]
    return [*chosen, root / "items" / "_catalog"] if chosen else [root / "items"]


def load_project(root: Path, paths: Iterable[Path] = (), *, others: bool = True) -> Project:
    paths = list(paths)
    project = Project(root=root, catalog=Catalog())
    project.findings.extend(tree_findings(root, tree_bases(root, paths)))
    project.catalog = load_catalog(root, project.findings)
    asked_files = record_files(root, paths)
    project.files = len(asked_files)
    if paths:
        project.asked = frozenset(rel(p, root) for p in yaml_files(root, paths))
    to_read = []
    for path in asked_files:
        if path.suffix == ".yml":
            name = rel(path, root)
            project.findings.append(Finding("error", name, 1, 1, "", "", "记录文件扩展名应为 .yaml", f"把文件改名为 {path.stem}.yaml"))
        else:
            to_read.append(path)
    if paths and others:
        chosen = set(to_read)
        to_read += [p for p in record_files(root) if p.suffix == ".yaml" and p not in chosen]
    complete = project.complete = not paths or others
    # the parse cache pays for a whole catalog; for a few files (a pre-commit hook) reading it costs more than parsing
    cache = ParseCache.open(root) if complete else None
    for loaded in iter_records(root, to_read, cache=cache):
        project.records.append(loaded)
        if len(project.records) % FREEZE_EVERY == 0:
            freeze_survivors()  # inside a build or a command: the records read so far live to its end
        if project.concerns(loaded.file):
            project.findings.extend(loaded.findings)
    if cache is not None:
        cache.save(complete=True)
    return project
