"""`banshi build`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from generator.commands.common import project_root
from generator.commands.usage import USAGE_EXIT
from generator.model.findings import render as render_findings


@click.command("build")
@click.option("--site-dir", type=click.Path(path_type=Path), default=None, help="输出目录（默认 site/）")
def build_cmd(site_dir: Path | None) -> None:
    """校验并生成办事指南网站；有错误时不生成，失败时保留原网站。"""
    from generator.search.site_config import from_env
    from generator.site.build import BuildRefused, ConfigRefused, SiteCheckFailed, SiteDirRefused, build_site

    root = project_root()
    try:
        report = build_site(root / "mkdocs.yml", site_dir, search=from_env(os.environ), progress=lambda s: click.echo(s, err=True))
    except SiteDirRefused as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(USAGE_EXIT)
    except ConfigRefused as exc:  # a configuration error in mkdocs.yml (e.g. the banshi plugin's URLs)
        click.echo(f"错误：{exc}", err=True)
        click.echo("mkdocs.yml 配置有误，未生成网站；原有网站保持不变。", err=True)
        sys.exit(1)
    except BuildRefused as exc:
        click.echo(render_findings(exc.verdict.findings, exc.verdict.records, "text"), err=True)
        click.echo("有错误，未生成网站；原有网站保持不变。", err=True)
        sys.exit(1)
    except SiteCheckFailed as exc:
        for problem in exc.problems:
            click.echo(f"错误：{problem}", err=True)
        click.echo("搜索密钥未通过发布检查，未发布；原有网站保持不变。请使用 banshi index 给出的公开搜索密钥（MEILI_SEARCH_KEY）。", err=True)
        sys.exit(1)
    total = sum(report.stages.values())
    stages = "，".join(f"{k} {v:.2f} 秒" for k, v in report.stages.items())
    click.echo(f"已生成 {report.site_dir}：{report.records} 条记录，{report.items} 个事项，{report.pages} 个页面；{stages}；合计 {total:.2f} 秒")
