"""Which files a command reads: the one walk over items/ (or the paths given), and repository-relative names."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from generator.load.tree import symlinked, walk

YAML_SUFFIXES = (".yaml", ".yml")
NOT_RECORDS = ("_catalog", "_files", "_national")  # folders of items/ holding the catalog, attachments and the national exchange ledgers, not records


def rel(path: Path, root: Path) -> str:
    """The path as findings and pages name it: relative to the project root, with forward slashes."""
    text, base = str(path), str(root)
    if text.startswith(base + os.sep) and os.path.isabs(text):  # the common case, without pathlib's parsing
        return text[len(base) + 1 :].replace(os.sep, "/")
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def yaml_files(root: Path, paths: Iterable[Path] = (), suffixes: tuple[str, ...] = YAML_SUFFIXES) -> list[Path]:
    """YAML files under the given files and folders (default: items/), relative paths taken from the cwd. Never a
    symlink, nor a file reached through one (load/tree.py reports them; nothing reads or writes them)."""
    out: set[str] = set()
    for p in list(paths) or [root / "items"]:
        p = p if p.is_absolute() else Path.cwd() / p
        if symlinked(root, p):
            continue
        if p.is_dir():
            out.update(name for name, entry in walk(p) if entry is not None and name.endswith(suffixes) and entry.is_file(follow_symlinks=False))
        elif p.suffix in suffixes and p.is_file():
            out.add(str(p))
    return [Path(name) for name in sorted(out, key=lambda name: name.split(os.sep))]  # the order Path sorts in


def is_record_file(path: Path, root: Path) -> bool:
    """Anything but the catalog and attachments is read as an implementation record (a file named outside items/
    too: the clerk asked for it)."""
    parts = rel(path, root).split("/")
    return not (len(parts) > 2 and parts[0] == "items" and parts[1] in NOT_RECORDS)


def record_files(root: Path, paths: Iterable[Path] = ()) -> list[Path]:
    """Implementation record files under items/ (or the given files and folders)."""
    return [p for p in yaml_files(root, paths) if is_record_file(p, root)]
