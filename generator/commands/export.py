"""`banshi export`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.common import project_root


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["national", "json", "csv"]), default="national", show_default=True, help="导出格式")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("export"), show_default=True, help="输出目录")
@click.option("--mapping", is_flag=True, help="只输出国家交换表的字段对照表（Markdown，供 docs/national-export.md 使用）")
def export_cmd(fmt: str, out: Path, mapping: bool) -> None:
    """导出全部实施清单事项：national 为国家政务服务事项交换表（task.csv、task_material.csv、task_fee_project.csv），
    json 为 items.json，csv 为 items.csv（UTF-8 带 BOM，可直接用 Excel 打开）。有校验错误的记录不导出。"""
    from generator.export.national import mapping_markdown

    if mapping:
        click.echo(mapping_markdown(), nl=False)
        return
    from mkdocs.config import load_config

    from generator.address.apply_link import ApplyConfigError, ApplyLinks
    from generator.export.resolved import Context
    from generator.export.writer import ItemsExport, export_items
    from generator.validate.project import validate

    root = project_root()
    config = load_config(str(root / "mkdocs.yml"))
    options = config.plugins["banshi"].config
    try:
        apply = ApplyLinks(options.apply_url_template, tuple(options.apply_allowed_hosts))
    except ApplyConfigError as exc:
        raise click.UsageError(f"mkdocs.yml 的 banshi 配置错误：{exc}") from None
    result = validate(root)
    ctx = Context(config.site_url or "http://127.0.0.1:8000/", apply, result.catalog)
    export = ItemsExport(
        out,
        json_name="items.json" if fmt == "json" else None,
        csv_name="items.csv" if fmt == "csv" else None,
        national=out if fmt == "national" else None,
    )
    export_items(result.items, ctx, export)
    click.echo(f"已导出 {export.count} 个事项到 {out}/（共 {result.records} 条记录，{len(result.errors)} 个错误，有错误的记录未导出）", err=True)
    if export.count == 0:
        sys.exit(1)
