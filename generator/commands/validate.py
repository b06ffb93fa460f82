"""`banshi validate`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.common import FORMATS, project_root
from generator.findings import render as render_findings


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help="输出格式")
def validate_cmd(paths: tuple[Path, ...], fmt: str) -> None:
    """校验事项记录（默认 items/ 下全部记录）。"""
    from generator.validate import validate

    root = project_root()
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise click.UsageError(f"找不到文件或目录：{', '.join(missing)}")
    result = validate(root, paths)
    out = render_findings(result.findings, result.records, fmt)
    if out:
        click.echo(out)
    sys.exit(1 if result.errors else 0)
