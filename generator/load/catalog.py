"""Read items/_catalog: regions, departments, directory, the local legal bases, themes, synonyms and bundles, each
file through its model; and the channel names of mkdocs.yml (load/roles.py).

Reading only: what the files say against each other (duplicate codes, unknown parents, a directory item's file name
and type code) is checked in validate/catalog_rules.py, which assembles the `Catalog` every later stage uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from generator.load.files import rel
from generator.load.pydantic_errors import findings_from_error
from generator.load.roles import load_channels
from generator.load.tree import symlinked
from generator.load.yaml_source import LazySource, Source, SourceError, load_data
from generator.model.findings import Finding
from generator.model.records import BundlesFile, DepartmentsFile, DirectoryItem, LocalBasisFile, RegionsFile, SynonymsFile, ThemesFile

M = TypeVar("M", bound=BaseModel)


@dataclass
class DirectoryFile:
    """One file of items/_catalog/directory/: its item and source, or None for both when it did not read."""

    file: str
    stem: str
    item: DirectoryItem | None
    source: Source | None


@dataclass
class CatalogFiles:
    """items/_catalog as read: each file's model and source (None: missing or with reading or schema errors)."""

    regions: tuple[RegionsFile, Source] | None = None
    departments: tuple[DepartmentsFile, Source] | None = None
    themes: tuple[ThemesFile, Source] | None = None
    synonyms: tuple[SynonymsFile, Source] | None = None
    bundles: tuple[BundlesFile, Source] | None = None
    directory: list[DirectoryFile] = field(default_factory=list)  # in file name order; symlinks are never read
    local_basis: tuple[LocalBasisFile, Source] | None = None  # local_basis.yaml, where the project has one
    channels: dict[str, str] = field(default_factory=dict)  # mkdocs.yml `channels` (docs/roles.md)


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


def read_catalog(root: Path, findings: list[Finding]) -> CatalogFiles:
    """Every catalog file through its model; reading and schema findings go to `findings`."""
    base = root / "items" / "_catalog"
    files = CatalogFiles(
        channels=load_channels(root, findings),
        regions=read_model(base / "regions.yaml", RegionsFile, root, findings),
        departments=read_model(base / "departments.yaml", DepartmentsFile, root, findings),
        themes=read_model(base / "themes.yaml", ThemesFile, root, findings),
        synonyms=read_model(base / "synonyms.yaml", SynonymsFile, root, findings),
    )
    if (base / "bundles.yaml").is_file():
        files.bundles = read_model(base / "bundles.yaml", BundlesFile, root, findings)
    for path in sorted((base / "directory").glob("*.yaml")):
        if not symlinked(root, path):  # symlinks are reported by tree_findings, never read
            loaded = read_model(path, DirectoryItem, root, findings)
            item, source = loaded if loaded else (None, None)
            files.directory.append(DirectoryFile(rel(path, root), path.stem, item, source))
    if (base / "local_basis.yaml").is_file():
        files.local_basis = read_model(base / "local_basis.yaml", LocalBasisFile, root, findings)
    return files
