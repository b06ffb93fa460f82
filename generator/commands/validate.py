"""`banshi validate`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.common import existing_paths, project_root
from generator.model.findings import Finding
from generator.model.findings import render as render_findings


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "markdown"]), default="text", show_default=True, help="输出格式")
@click.option("--check", "with_check", is_flag=True, help="同时做跨层级一致性核查（与 banshi check 相同，只读一遍文件；只报告所列文件的问题）")
@click.option("--changed", "base", metavar="BASE", help="只报告相对 git 版本 BASE 修改过的文件（及受修改的基本目录、区划、部门影响的记录）")
def validate_cmd(paths: tuple[Path, ...], fmt: str, with_check: bool, base: str | None) -> None:
    """校验事项记录（默认 items/ 下全部记录）。"""
    from generator.parallel import collector_frozen

    root = project_root()
    with collector_frozen():  # what is loaded lives to the end of the command (generator/parallel.py)
        findings, records = _changed(root, base, with_check) if base is not None else _findings(root, paths, with_check)
    if fmt == "markdown":
        from generator.workflow.summary import findings_markdown

        out = findings_markdown(findings, records)
    else:
        out = render_findings(findings, records, fmt)
    if out:
        click.echo(out)
    sys.exit(1 if any(f.severity == "error" for f in findings) else 0)


def _findings(root: Path, paths: tuple[Path, ...], with_check: bool) -> tuple[list[Finding], int]:
    from generator.validate.loading import load_project

    project = load_project(root, existing_paths(paths), others=with_check)
    if with_check:
        from generator.check.verdict import judge

        verdict = judge(project)
        return verdict.findings, verdict.records
    from generator.validate.project import validate_project

    validation = validate_project(project)
    return validation.findings, validation.records


def _changed(root: Path, base: str, with_check: bool) -> tuple[list[Finding], int]:
    """Findings of the files a pull request changed (and the records its catalog changes affect)."""
    from generator.validate.project import validate
    from generator.workflow.changes import changed_scope
    from generator.workflow.git import GitError

    try:
        scope = changed_scope(root, base)
    except GitError as exc:
        raise click.UsageError(f"无法读取 git 版本：{exc}") from None
    paths = scope.record_paths(root)
    result = validate(root, paths) if paths else None
    if result is None:
        from generator.validate.catalog_rules import load_catalog

        catalog_findings: list[Finding] = []
        load_catalog(root, catalog_findings)
        findings = catalog_findings
    else:
        findings = result.findings
    files = {p.relative_to(root).as_posix() for p in paths} | scope.files
    kept = [f for f in findings if f.file in files]
    if with_check:
        from generator.check import check_project
        from generator.validate.loading import load_project

        kept += [f.finding for f in check_project(load_project(root)).findings if f.finding.file in files]
    return kept, len(files)
