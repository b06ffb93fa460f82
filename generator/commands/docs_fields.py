"""`banshi docs-fields`."""

from __future__ import annotations

import sys

import click

from generator.commands.common import project_root


@click.command("docs-fields")
@click.option("--check", is_flag=True, help="只检查贡献指南中的字段说明是否最新")
def docs_fields_cmd(check: bool) -> None:
    """根据数据模型重新生成 CONTRIBUTING.zh-CN.md 中的字段说明。"""
    from generator.workflow.fields_doc import CONTRIBUTING, update_contributing

    stale = update_contributing(project_root(), write=not check)
    if check and stale:
        click.echo(f"{CONTRIBUTING} 的字段说明已过期：请运行 banshi docs-fields", err=True)
        sys.exit(1)
    click.echo(f"{CONTRIBUTING} 的字段说明{'已更新' if stale else '是最新的'}")
