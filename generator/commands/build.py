"""`banshi build`."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.commands.common import project_root
from generator.commands.usage import USAGE_EXIT
from generator.model.findings import render as render_findings

if TYPE_CHECKING:
    from generator.site.build import BuildReport


@click.command("build")
@click.option("--site-dir", type=click.Path(path_type=Path), default=None, help="输出目录（默认 site/）")
@click.option(
    "--pages-only", "pages_dir", type=click.Path(path_type=Path), default=None, metavar="DIR",
    help="只把生成的页面写成普通文件（正文 HTML 加 YAML 头信息，另有 banshi-pages.json 清单），不套主题、不运行 MkDocs，供其他静态网站生成器使用",
)  # fmt: skip
@click.option("--full", is_flag=True, help="全部重新生成（默认：输出目录中有上次构建的清单且代码、模板、配置和目录未变时，只重写变化的页面和文件）")
@click.option("--shard", "shard_spec", default=None, metavar="K/N", help="分片构建：只生成第 K 份（共 N 份，按县区划分）的页面，之后用 banshi merge 合并")
def build_cmd(site_dir: Path | None, pages_dir: Path | None, full: bool, shard_spec: str | None) -> None:
    """校验并生成办事指南网站；有错误时不生成，失败时保留原网站。"""
    from generator.search.site_config import from_env
    from generator.site.build import build_site
    from generator.site.shards import ShardSpecError, parse_shard

    try:
        shard = parse_shard(shard_spec) if shard_spec is not None else None
    except ShardSpecError as exc:
        raise click.UsageError(str(exc)) from None
    root = project_root()
    if pages_dir is not None:
        if site_dir is not None:
            raise click.UsageError("--pages-only 与 --site-dir 不能同时使用")
        build_pages_only(root, pages_dir)
        return
    with refusals("网站", "原有网站"):
        report = build_site(root / "mkdocs.yml", site_dir, search=from_env(os.environ), progress=lambda s: click.echo(s, err=True), full=full, shard=shard)
    click.echo(summary(report))


def summary(report: BuildReport) -> str:
    """One line saying what a build made (and, when incremental, what it kept and replaced) and how long it took."""
    total = sum(report.stages.values())
    stages = "，".join(f"{k} {v:.2f} 秒" for k, v in report.stages.items())
    done = report.incremental
    how = (
        f"增量更新：沿用 {report.kept} 个未变的页面和 {report.copied} 个未变事项的开放数据，"
        f"新增 {done.added} 个、替换 {done.replaced} 个、删除 {done.removed} 个文件"
        if done is not None
        else "完整生成"
    )
    return f"已生成 {report.site_dir}（{how}）：{report.records} 条记录，{report.items} 个事项，{report.pages} 个页面；{stages}；合计 {total:.2f} 秒"


@contextmanager
def refusals(what: str, kept: str) -> Iterator[None]:
    """The refusals the site and the plain pages share: a folder Banshi may not replace (exit 64), mkdocs.yml, the
    records or the search key in error (exit 1); `what` is the output's name, `kept` what stays as it was."""
    from generator.site.build import BuildRefused, ConfigRefused, SiteCheckFailed, SiteDirRefused

    try:
        yield
    except SiteDirRefused as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(USAGE_EXIT)
    except ConfigRefused as exc:  # a configuration error in mkdocs.yml (e.g. the banshi plugin's URLs)
        click.echo(f"错误：{exc}", err=True)
        click.echo(f"mkdocs.yml 配置有误，未生成{what}；{kept}保持不变。", err=True)
        sys.exit(1)
    except BuildRefused as exc:
        click.echo(render_findings(exc.verdict.findings, exc.verdict.records, "text"), err=True)
        click.echo(f"有错误，未生成{what}；{kept}保持不变。", err=True)
        sys.exit(1)
    except SiteCheckFailed as exc:
        for problem in exc.problems:
            click.echo(f"错误：{problem}", err=True)
        click.echo(f"搜索密钥未通过发布检查，未生成{what}；{kept}保持不变。请使用 banshi index 给出的公开搜索密钥（MEILI_SEARCH_KEY）。", err=True)
        sys.exit(1)


def build_pages_only(root: Path, pages_dir: Path) -> None:
    """`banshi build --pages-only DIR`: the generated pages as plain files (generator/site/pages_only.py)."""
    from generator.site.pages_only import write_pages_only

    with refusals("页面", "原有目录"):
        pages = write_pages_only(root / "mkdocs.yml", pages_dir, progress=lambda s: click.echo(s, err=True))
    click.echo(f"已生成 {pages_dir}：{pages} 个页面（正文 HTML 加 YAML 头信息，清单 banshi-pages.json；不含主题）")
