"""`banshi fmt`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.common import project_root


@click.command("fmt")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--check", is_flag=True, help="只检查，不修改；有文件需要整理时退出码为 1")
@click.option("--changed", "base", metavar="BASE", help="只整理相对 git 版本 BASE 修改过的文件")
@click.option(
    "--suggest",
    type=click.Choice(["diff", "markdown"]),
    help="不修改文件，输出整理建议：diff 为补丁（git apply 可用），markdown 为拉取请求摘要（含整理好的全文）；退出码总是 0",
)
def fmt_cmd(paths: tuple[Path, ...], check: bool, base: str | None, suggest: str | None) -> None:
    """把 YAML 整理为统一格式（保留注释），让修改记录保持简洁。默认整理 items/ 下全部文件。"""
    from generator.workflow.fmt import FormatError, format_file, suggestion, yaml_files

    root = project_root()
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise click.UsageError(f"找不到文件或目录：{', '.join(missing)}")
    chosen = list(paths)
    if base is not None:
        from generator.workflow.git import GitError, changed_files

        try:
            chosen = [root / f for f in changed_files(root, base) if f.endswith(".yaml") and (root / f).is_file()]
        except GitError as exc:
            raise click.UsageError(f"无法读取 git 版本：{exc}") from None
        if not chosen:
            sys.exit(0)
    files = yaml_files(root, chosen)
    if suggest is not None:
        click.echo(suggestion(root, files, suggest), nl=False)
        sys.exit(0)
    changed, broken = [], []
    for path in files:
        shown = path.resolve().relative_to(root).as_posix() if path.resolve().is_relative_to(root) else str(path)
        try:
            if format_file(path, root, write=not check):
                changed.append(shown)
        except FormatError as exc:
            broken.append(f"{shown}: {exc}")
    for line in broken:
        click.echo(f"无法整理 {line}（请先按 banshi validate 的提示修正）", err=True)
    if check:
        for name in changed:
            click.echo(f"需要整理：{name}")
        if changed:
            click.echo(f"{len(changed)} 个文件格式不统一：运行 banshi fmt 即可整理（拉取请求中会自动给出整理好的文件，不影响合并）", err=True)
    else:
        for name in changed:
            click.echo(f"已整理：{name}")
    sys.exit(1 if broken or (check and changed) else 0)
