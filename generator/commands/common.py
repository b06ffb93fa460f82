"""What every command shares: locating the project and the output formats."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


def project_config(root: Path) -> Any:
    """mkdocs.yml with the banshi plugin's typed options (`.plugins["banshi"].config`); a broken file is a usage error."""
    from mkdocs.exceptions import MkDocsException

    from generator.site.city_project import load_city_config

    try:
        return load_city_config(root / "mkdocs.yml")
    except (MkDocsException, OSError) as exc:
        raise click.UsageError(f"mkdocs.yml 无法读取：{exc}") from None


def apply_links(config: Any) -> Any:
    """The 在线办理 deep links of the configured template (ApplyLinks), or a usage error naming what is wrong."""
    from generator.address.apply_link import ApplyConfigError, ApplyLinks

    options = config.plugins["banshi"].config
    try:
        return ApplyLinks(options.apply_url_template, tuple(options.apply_allowed_hosts))
    except ApplyConfigError as exc:
        raise click.UsageError(f"mkdocs.yml 的 banshi 配置错误：{exc}") from None
