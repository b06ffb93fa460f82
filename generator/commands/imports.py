"""`banshi import`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.common import project_root

MAX_LISTED = 200  # lines of notes shown; the counts are always complete


@click.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["national", "xlsx"]),
    default=None,
    help="national：每表一个 CSV 的文件夹；xlsx：每表一个工作表的工作簿（默认按 PATH 判断）",
)
@click.option("--dry-run", is_flag=True, help="只报告会新增、更新、删除哪些记录，不写任何文件")
def import_cmd(path: Path, fmt: str | None, dry_run: bool) -> None:
    """从国家政务服务平台上报表（up_task_general_*、up_task_public_*、up_task_handle_*）导入事项，写入 items/。
    不会悄悄覆盖本地修改：本地改过的记录写到 items/_national/conflicts/ 供对比；目录缺少的基本目录事项写出提议到
    items/_national/proposals/。可以重复运行，结果相同。"""
    from generator.workflow.national_import import import_tables
    from generator.workflow.national_read import ReadError

    if fmt == "xlsx" and path.suffix.lower() != ".xlsx":
        raise click.UsageError(f"--format xlsx 需要 .xlsx 文件，{path} 不是")
    if fmt == "national" and not path.is_dir():
        raise click.UsageError(f"--format national 需要每表一个 CSV 的文件夹，{path} 不是文件夹")
    root = project_root()
    try:
        report = import_tables(root, path.resolve(), dry_run)
    except ReadError as exc:
        click.echo(f"错误：{exc}", err=True)
        click.echo("没有写入任何文件。", err=True)
        sys.exit(1)
    lines = [f"错误：{e}" for e in report.errors] + [f"冲突：{c}" for c in report.conflicts] + [f"提示：{n}" for n in report.notes]
    for line in lines[:MAX_LISTED]:
        click.echo(line, err=True)
    if len(lines) > MAX_LISTED:
        click.echo(f"……另有 {len(lines) - MAX_LISTED} 条未列出", err=True)
    for proposal in report.proposals:
        click.echo(f"提议：基本目录缺少的事项已写到 {proposal}，请审核后放入 items/_catalog/directory/", err=True)
    verb = "将" if dry_run else "已"
    click.echo(
        f"{verb}新增 {len(report.added)} 条、更新 {len(report.updated)} 条、删除 {len(report.deleted)} 条记录，{report.unchanged} 条不变；"
        f"{len(report.conflicts)} 个冲突，{len(report.errors)} 个错误，{len(report.notes)} 条未能对应的内容" + ("（试运行，未写入）" if dry_run else ""),
        err=True,
    )
    sys.exit(1 if report.failed else 0)
