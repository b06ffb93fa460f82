"""`banshi check`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.common import apply_links, project_config, project_root


@click.command("check")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "markdown"]), default="text", show_default=True, help="输出格式")
@click.option("--region", "regions", multiple=True, metavar="代码", help="只看这个区划（含下辖乡镇）的记录，可重复")
@click.option("--department", "departments", multiple=True, metavar="标识", help="只看这个部门的记录，可重复")
@click.option("--changed", "base", metavar="BASE", help="只看相对 git 版本 BASE 修改过的记录（及受修改的基本目录、区划、部门影响的记录）")
@click.option("--compare/--no-compare", default=True, show_default=True, help="附各区划同一事项的对比表（收费、网办深度、跑动次数、进驻大厅、承诺时限）")
@click.option("--links", is_flag=True, help="改为检查办事指南中的外部链接（在线办理、网上预约、地图、空白表格和示例样表），按部门报告打不开和跳转到别处的链接")
@click.option(
    "--links-cache",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path(".banshi-cache/links.json"),
    show_default=True,
    metavar="文件",
    help="链接检查结果缓存",
)
@click.option("--max-age", type=click.FloatRange(0, 24 * 365), default=24.0, show_default=True, metavar="小时", help="缓存结果有效的小时数（0：全部重新访问）")
@click.option("--concurrency", type=click.IntRange(1, 16), default=4, show_default=True, metavar="个数", help="同时访问的网站数（同一网站总是逐个访问）")
@click.option("--interval", type=click.FloatRange(0, 60), default=1.0, show_default=True, metavar="秒", help="同一网站两次访问之间的间隔秒数")
@click.option("--timeout", type=click.FloatRange(0.1, 120), default=10.0, show_default=True, metavar="秒", help="每次访问等待回应的秒数")
def check_cmd(
    fmt: str,
    regions: tuple[str, ...],
    departments: tuple[str, ...],
    base: str | None,
    compare: bool,
    links: bool,
    links_cache: Path,
    max_age: float,
    concurrency: int,
    interval: float,
    timeout: float,
) -> None:
    """跨层级一致性核查（四级四同）：标准要素、申请材料、层级码、重复编码、覆盖情况、同级承诺时限。

    只有错误使退出码为 1；警告和提示不影响合并。核查总是读全部记录（跨记录比较需要），
    --region、--department、--changed 只筛选报告的内容。--links 改为检查外部链接：有打不开的链接时退出码为 1。
    """
    if links:
        _check_links(fmt, regions, departments, links_cache, max_age * 3600, concurrency, interval, timeout)
        return
    from generator.check import check_project
    from generator.check.compare import item_tables, tables_markdown, tables_text
    from generator.check.report import render_report
    from generator.parallel import collector_frozen
    from generator.validate.loading import load_project
    from generator.workflow.changes import Scope

    root = project_root()
    with collector_frozen():  # the records, out of the collector's way while the rules run (generator/parallel.py)
        report = check_project(load_project(root))
    scope: Scope | None = None
    if base is not None:
        from generator.workflow.changes import changed_scope
        from generator.workflow.git import GitError

        try:
            scope = changed_scope(root, base)
        except GitError as exc:
            raise click.UsageError(f"无法读取 git 版本：{exc}") from None
    chosen = {e.file for e in report.entries if _selected(e.record, e.file, regions, departments, scope)}
    if regions or departments or scope is not None:
        report.findings = [f for f in report.findings if f.finding.file in chosen or (scope is not None and f.finding.file in scope.files)]
    out = render_report(report, fmt)
    if compare and fmt in ("text", "markdown"):
        picked = {e.record.basic_code for e in report.entries if e.file in chosen}
        tables = [t for t in item_tables(report.catalog, report.entries) if t.basic_code in picked]
        if tables:
            out += "\n\n" + (tables_markdown(tables) if fmt == "markdown" else tables_text(tables))
    if out:
        click.echo(out)
    sys.exit(1 if report.errors else 0)


def _selected(record: object, file: str, regions: tuple[str, ...], departments: tuple[str, ...], scope: object) -> bool:
    region = getattr(record, "region", "")
    if regions and not any(region == r or (len(region) == 9 and region.startswith(r) and len(r) == 6) for r in regions):
        return False
    if departments and getattr(record, "department", "") not in departments:
        return False
    return scope is None or scope.covers(file, record)  # type: ignore[attr-defined]


def _check_links(
    fmt: str, regions: tuple[str, ...], departments: tuple[str, ...], cache: Path, max_age: float, concurrency: int, interval: float, timeout: float
) -> None:
    from generator.validate.project import validate
    from generator.workflow.links import check_links, collect_links, render_links

    root = project_root()
    apply = apply_links(project_config(root))
    items = [i for i in validate(root).items if _selected(i.record, i.file, regions, departments, None)]
    report = check_links(collect_links(items, apply), root / cache, max_age=max_age, concurrency=concurrency, interval=interval, timeout=timeout)
    click.echo(render_links(report, "text" if fmt == "github" else fmt))
    sys.exit(1 if report.bad("dead") else 0)
