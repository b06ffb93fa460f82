"""`banshi fmt`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.common import existing_paths, project_root


@click.command("fmt")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--check", is_flag=True, help="只检查，不修改；有文件需要整理时退出码为 1")
def fmt_cmd(paths: tuple[Path, ...], check: bool) -> None:
    """把 YAML 整理为统一格式（保留注释），让修改记录保持简洁。默认整理 items/ 下全部文件。"""
    from generator.load.files import yaml_files
    from generator.workflow.fmt import FormatError, format_file

    root = project_root()
    changed, broken = [], []
    for path in yaml_files(root, existing_paths(paths), (".yaml",)):
        shown = path.resolve().relative_to(root).as_posix() if path.resolve().is_relative_to(root) else str(path)
        try:
            if format_file(path, root, write=not check):
                changed.append(shown)
        except FormatError as exc:
            broken.append(f"{shown}: {exc}")
    for line in broken:
        click.echo(f"无法整理 {line}（请先运行 banshi validate 修正格式错误）", err=True)
    if check:
        for name in changed:
            click.echo(f"需要整理：{name}")
        if changed:
            click.echo(f"{len(changed)} 个文件格式不统一：请运行 banshi fmt 后重新提交", err=True)
    else:
        for name in changed:
            click.echo(f"已整理：{name}")
    sys.exit(1 if broken or (check and changed) else 0)
