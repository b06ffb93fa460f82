"""What every command shares: locating the project and the output formats."""

from __future__ import annotations

from pathlib import Path

import click

FORMATS = click.Choice(["text", "json", "github"])


def project_root() -> Path:
    """The folder holding mkdocs.yml and items/: the current directory or one of its parents."""
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "items").is_dir():
            return folder
    raise click.UsageError("找不到 mkdocs.yml 和 items/：请在 Banshi 仓库目录中运行")


def existing_paths(paths: tuple[Path, ...]) -> tuple[Path, ...]:
    """The PATHS arguments, or a usage error naming the ones that do not exist."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise click.UsageError(f"找不到文件或目录：{', '.join(missing)}")
    return paths
