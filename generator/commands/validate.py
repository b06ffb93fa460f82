"""`banshi validate`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.common import FORMATS, existing_paths, project_root
from generator.model.findings import render as render_findings


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help="输出格式")
@click.option("--check", "with_check", is_flag=True, help="同时做跨层级一致性核查（与 banshi check 相同，只读一遍文件；只报告所列文件的问题）")
def validate_cmd(paths: tuple[Path, ...], fmt: str, with_check: bool) -> None:
    """校验事项记录（默认 items/ 下全部记录）。"""
    from generator.load.project import load_project

    root = project_root()
    project = load_project(root, existing_paths(paths), others=with_check)
    if with_check:
        from generator.check.verdict import judge

        verdict = judge(project)
        findings, records = verdict.findings, verdict.records
    else:
        from generator.validate.project import validate_project

        validation = validate_project(project)
        findings, records = validation.findings, validation.records
    out = render_findings(findings, records, fmt)
    if out:
        click.echo(out)
    sys.exit(1 if any(f.severity == "error" for f in findings) else 0)
