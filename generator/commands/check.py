"""`banshi check`."""

from __future__ import annotations

import sys

import click

from generator.commands.common import project_root


@click.command("check")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "markdown"]), default="text", show_default=True, help="输出格式")
def check_cmd(fmt: str) -> None:
    """跨层级一致性核查（四级四同）：标准要素、申请材料、层级码、重复编码、覆盖情况、同级承诺时限。

    只有错误使退出码为 1；警告和提示不影响合并。
    """
    from generator.check import check_project
    from generator.check.report import render_report
    from generator.load.project import load_project

    report = check_project(load_project(project_root()))
    out = render_report(report, fmt)
    if out:
        click.echo(out)
    sys.exit(1 if report.errors else 0)
