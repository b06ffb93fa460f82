"""`banshi codeowners`."""

from __future__ import annotations

import sys

import click

from generator.commands.common import project_root


@click.command("codeowners")
@click.option("--check", is_flag=True, help="只检查 .github/CODEOWNERS 是否最新")
@click.option("--maintainers", default=None, help="维护团队（默认 @<仓库所有者>/maintainers）")
def codeowners_cmd(check: bool, maintainers: str | None) -> None:
    """根据 departments.yaml 的审核人生成 .github/CODEOWNERS。"""
    from generator.workflow.codeowners import CODEOWNERS, codeowners_current, write_codeowners

    root = project_root()
    if check:
        if not codeowners_current(root, maintainers):
            click.echo(f"{CODEOWNERS} 已过期：请运行 banshi codeowners 后提交", err=True)
            sys.exit(1)
        click.echo(f"{CODEOWNERS} 是最新的")
        return
    write_codeowners(root, maintainers)
    click.echo(f"已写入 {CODEOWNERS}")
