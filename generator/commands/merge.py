"""`banshi merge`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.common import existing_paths, project_config, project_root
from generator.commands.usage import USAGE_EXIT


@click.command("merge")
@click.argument("shards", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--site-dir", type=click.Path(path_type=Path), default=None, help="合并后的网站目录（默认 site/）")
def merge_cmd(shards: tuple[Path, ...], site_dir: Path | None) -> None:
    """把分片构建（banshi build --shard K/N）的各个输出目录合并成一个网站；不一致时不合并，原网站保持不变。"""
    from generator.site.merge import MergeRefused, merge_shards
    from generator.site.swap import SiteDirRefused

    root = project_root()
    config = project_config(root)
    protected = [Path(config.docs_dir)] + ([Path(config.theme.custom_dir)] if config.theme.custom_dir else [])
    try:
        merged = merge_shards([p.resolve() for p in existing_paths(shards)], site_dir or root / "site", root, protected)
    except SiteDirRefused as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(USAGE_EXIT)
    except MergeRefused as exc:
        click.echo(f"错误：{exc}；原有网站保持不变。", err=True)
        sys.exit(1)
    click.echo(f"已合并 {merged.shards} 个分片到 {merged.site_dir}：{merged.files} 个文件（其中 {merged.shared} 个各分片共有的文件内容一致）")
