"""`banshi edit`."""

from __future__ import annotations

import sys

import click

from generator.commands.common import project_root


@click.command("edit")
@click.option("--region", "regions", multiple=True, metavar="代码", help="只改这个区划（含下辖乡镇）的记录，可重复")
@click.option("--department", "departments", multiple=True, metavar="标识", help="只改这个部门的记录，可重复")
@click.option("--basic-code", "basic_codes", multiple=True, metavar="编码", help="只改这个基本编码的记录，可重复")
@click.option("--set", "assignment", required=True, metavar="字段=值", help="要改的字段和新值，如 locations[*].address=兰考县裕禄大道 99 号")
@click.option("--from", "only_if", metavar="旧值", help="只改当前值等于旧值的地方（如只改旧的政务服务中心地址）")
@click.option("--dry-run", is_flag=True, help="只显示会怎样修改（差异），不写文件")
def edit_cmd(regions: tuple[str, ...], departments: tuple[str, ...], basic_codes: tuple[str, ...], assignment: str, only_if: str | None, dry_run: bool) -> None:
    """批量修改多条记录中的同一字段（保留注释和格式），如兰考县全部事项的政务服务中心新地址。"""
    from generator.workflow.edit import EditError, edit_records, selected, write

    if not (regions or departments or basic_codes):
        raise click.UsageError("请用 --region、--department 或 --basic-code 选出要修改的记录")
    path_text, sep, value_text = assignment.partition("=")
    if not sep:
        raise click.UsageError("--set 写成 字段=值，如 locations[*].address=兰考县裕禄大道 99 号")
    root = project_root()
    files = selected(root, regions, departments, basic_codes)
    try:
        result = edit_records(root, files, path_text.strip(), value_text.strip(), only_if)
    except EditError as exc:
        raise click.UsageError(str(exc)) from None
    if dry_run:
        click.echo(result.diff(), nl=False)
    else:
        write(root, result)
    verb = "将修改" if dry_run else "已修改"
    click.echo(f"选中 {len(files)} 条记录：{verb} {len(result.changed)} 条，无需修改 {len(result.unchanged)} 条，未修改 {len(result.refused)} 条。", err=True)
    for rel, why in result.refused:
        click.echo(f"未修改 {rel}：{why}", err=True)
    sys.exit(1 if result.refused else 0)
