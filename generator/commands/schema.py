"""`banshi schema`."""

from __future__ import annotations

import sys

import click

from generator.commands.common import project_root


@click.command("schema")
@click.option("--check", is_flag=True, help="只检查 schema/ 是否与模型一致")
def schema_cmd(check: bool) -> None:
    """从数据模型生成 schema/*.json（编辑器自动补全和校验用）。"""
    from generator.workflow.schema_export import stale_schemas, write_schemas

    out = project_root() / "schema"
    if check:
        stale = stale_schemas(out)
        if stale:
            click.echo(f"schema/ 已过期：{', '.join(stale)}；请运行 banshi schema", err=True)
            sys.exit(1)
        click.echo("schema/ 与模型一致")
        return
    for path in write_schemas(out):
        click.echo(f"已写入 {path.relative_to(out.parent)}")
