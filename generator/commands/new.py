"""`banshi new`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.common import project_config, project_root


@click.command("new")
@click.option("--region", required=True, help="行政区划代码，如 410202")
@click.option("--department", required=True, help="部门标识（departments.yaml 中的 id），如 lt-scjgj")
@click.option("--basic-code", required=True, help="基本目录中的 12 位基本编码")
def new_cmd(region: str, department: str, basic_code: str) -> None:
    """从基本目录生成一条新的实施清单记录（不会覆盖已有文件）。"""
    from generator.model.findings import render as render_findings
    from generator.validate.placeholder_rules import is_placeholder
    from generator.validate.project import validate
    from generator.workflow.scaffold import ScaffoldError, create_record

    root = project_root()
    try:
        path = create_record(root, region, department, basic_code, area_code=configured_area_code(root))
    except ScaffoldError as exc:
        raise click.UsageError(str(exc)) from None
    rel = path.relative_to(root).as_posix()
    click.echo(f"已生成 {rel}：请修改标有「请核实」的字段，标准要素（名称、依据、条件、材料）沿用基本目录，无需填写。")
    result = validate(root, [path])
    if result.findings:
        click.echo(render_findings(result.findings, result.records, "text"))
    sys.exit(1 if any(not is_placeholder(f) for f in result.errors) else 0)  # the 请核实 marks are expected here


def configured_area_code(root: Path) -> str | None:
    """The city's area code in mkdocs.yml (the banshi plugin's `area_code`), for the placeholder phone; None when
    unset or the configuration cannot be read (validate and build report that)."""
    try:
        code = project_config(root).plugins["banshi"].config.area_code
    except (click.UsageError, KeyError):
        return None
    return code if isinstance(code, str) and code.isdigit() else None
