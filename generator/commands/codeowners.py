"""`banshi codeowners`."""

from __future__ import annotations

import sys

import click

from generator.commands.common import project_root


@click.command("codeowners")
@click.option("--check", is_flag=True, help="只检查 .github/CODEOWNERS 是否最新，并列出要加上或删除的行")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", help="检查结果的格式（markdown 用于拉取请求的检查摘要）")
@click.option("--maintainers", default=None, help="维护团队（默认 @<仓库所有者>/maintainers）")
def codeowners_cmd(check: bool, fmt: str, maintainers: str | None) -> None:
    """根据 departments.yaml 的审核人和记录中须审核的内容生成 .github/CODEOWNERS。"""
    from generator.workflow.codeowners import CODEOWNERS, check_report, write_codeowners

    root = project_root()
    if check:
        report = check_report(root, maintainers, markdown=fmt == "markdown")
        if report:
            click.echo(report, nl=False)
            sys.exit(1)
        if fmt == "text":
            click.echo(f"{CODEOWNERS} 是最新的")
        return
    write_codeowners(root, maintainers)
    click.echo(f"已写入 {CODEOWNERS}")
