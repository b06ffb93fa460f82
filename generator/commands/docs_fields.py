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

    try:
        stale = update_contributing(project_root(), write=not check)
    except FileNotFoundError:
        click.echo(f"错误：找不到 {CONTRIBUTING}：字段说明要写进这份贡献指南，请先恢复它（可从 main 分支取回）", err=True)
        sys.exit(1)
    except ValueError as exc:  # the file lost its markers
        click.echo(f"错误：{exc}：请把这两行标记放回字段说明所在的位置", err=True)
        sys.exit(1)
    if check and stale:
        click.echo(f"{CONTRIBUTING} 的字段说明已过期：请运行 banshi docs-fields", err=True)
        sys.exit(1)
    click.echo(f"{CONTRIBUTING} 的字段说明{'已更新' if stale else '是最新的'}")
