"""`banshi validate`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.common import FORMATS, project_root
from generator.model.findings import render as render_findings


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help="输出格式")
@click.option("--check", "with_check", is_flag=True, help="同时做跨层级一致性核查（与 banshi check 相同，只读一遍文件）")
def validate_cmd(paths: tuple[Path, ...], fmt: str, with_check: bool) -> None:
    """校验事项记录（默认 items/ 下全部记录）。"""
    from generator.validate.project import validate

    root = project_root()
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise click.UsageError(f"找不到文件或目录：{', '.join(missing)}")
    result = validate(root, paths)
    findings = list(result.findings)
    if with_check:
        from generator.check import Entry, run_checks

        entries = [Entry(x.record, x.file, x.source) for x in result.loaded if x.record is not None]
        findings += [f.finding for f in run_checks(result.catalog, entries, root).findings]
    out = render_findings(findings, result.records, fmt)
    if out:
        click.echo(out)
    sys.exit(1 if any(f.severity == "error" for f in findings) else 0)
