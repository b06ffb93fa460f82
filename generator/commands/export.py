"""`banshi export`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.common import apply_links, project_config, project_root


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["national", "json", "csv"]), default="national", show_default=True, help="导出格式")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("export"), show_default=True, help="输出目录")
@click.option("--since", metavar="REV", help="national：只导出该 git 版本以来变化的事项（新增 I、修改 U、删除 D）")
@click.option("--mapping", is_flag=True, help="只输出国家交换表的字段对照表（Markdown，供 docs/national-export.md 使用）")
def export_cmd(fmt: str, out: Path, since: str | None, mapping: bool) -> None:
    """导出全部实施清单事项：national 为国家政务服务平台上报表（up_task_general_*、up_task_public_* 各表，
    列名、类型、长度与上报表结构一致），json 为 items.json，csv 为 items.csv（UTF-8 带 BOM，可直接用 Excel 打开）。
    有校验错误的记录不导出。national 导出后更新 items/_national/versions.csv（事项版本台账），请一并提交。"""
    from generator.export.national import mapping_markdown

    if mapping:
        click.echo(mapping_markdown(), nl=False)
        return
    if since and fmt != "national":
        raise click.UsageError("--since 只用于 --format national")

    from generator.export.resolved import Context
    from generator.export.streams import ItemsExport
    from generator.export.writer import export_items
    from generator.validate.project import validate

    root = project_root()
    config = project_config(root)
    apply = apply_links(config)
    result = validate(root)
    ctx = Context(config.site_url or "http://127.0.0.1:8000/", apply, result.catalog)
    if fmt == "national":
        click.echo(f"共 {result.records} 条记录，{len(result.errors)} 个错误，有错误的记录未导出", err=True)
        national(root, result.items, ctx, out, since)
        return
    export = ItemsExport(out, json_name="items.json" if fmt == "json" else None, csv_name="items.csv" if fmt == "csv" else None)
    export_items(result.items, ctx, export)
    click.echo(f"已导出 {export.count} 个事项到 {out}/（共 {result.records} 条记录，{len(result.errors)} 个错误，有错误的记录未导出）", err=True)
    if export.count == 0:
        sys.exit(1)


def national(root: Path, items: list, ctx: object, out: Path, since: str | None) -> None:
    from generator.export import national_run as run
    from generator.export.national_batch import SettingsError, new_batch

    try:
        batch = new_batch(root)
        report = run.export_since(root, since, items, ctx, out, batch) if since else run.export_full(items, ctx, out, batch)  # type: ignore[arg-type]
    except (SettingsError, run.SinceError) as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(1)
    run.finish(root, out, report, batch)
    ops = "，".join(f"{op} {n} 个" for op, n in sorted(report.operations.items())) or "没有变化"
    click.echo(f"已导出 {report.items} 个事项到 {out}/（{ops}；批次 {batch.batch}）", err=True)
    for code, n in sorted(report.skipped_types.items()):
        click.echo(f"  未导出：事项类型 {code} 的 {n} 个事项（处罚、强制、检查类的上报表有 Banshi 记录中没有的必填列，如处罚的种类和幅度，不导出）", err=True)
    if report.without_code:
        click.echo(f"  未导出：{report.without_code} 个事项的办事指南未公布实施编码（交换表以实施编码为主键）", err=True)
    unloadable = 0
    for table, t in report.tables.items():
        if t.rows:
            click.echo(f"  {table}.csv：{t.rows} 行，其中不能入库 {t.unloadable} 行", err=True)
        unloadable += t.unloadable
        for problem, n in t.problems.most_common():
            click.echo(f"    {problem}：{n} 行", err=True)
    if unloadable:
        click.echo(f"共 {unloadable} 行不能入库，原因见上。", err=True)
        click.echo("记录中没有来源的必填列请在 items/_national/settings.yaml 中写明（见 docs/national-export.md），不会自动填写。", err=True)
        sys.exit(1)
