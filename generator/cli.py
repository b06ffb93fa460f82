"""The `banshi` command line: thin wrappers over library functions. Exit 0 ok, 1 findings, 2 usage/crash."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from generator.findings import render as render_findings

FORMATS = click.Choice(["text", "json", "github"])


def project_root() -> Path:
    """The folder holding mkdocs.yml: the current directory or one of its parents."""
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "items").is_dir():
            return folder
    raise click.UsageError("找不到 mkdocs.yml 和 items/：请在 Banshi 仓库目录中运行")


class CrashSafeGroup(click.Group):
    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except Exception:
            traceback.print_exc()
            click.echo("banshi 内部错误（这不是数据问题）：请把上面的信息报告给维护人员。", err=True)
            sys.exit(2)


@click.group(cls=CrashSafeGroup)
@click.version_option(package_name="banshi")
def main() -> None:
    """Banshi（办事）：政务服务事项目录的校验与办事指南生成工具。"""


@main.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help="输出格式")
def validate_cmd(paths: tuple[Path, ...], fmt: str) -> None:
    """校验事项记录（默认 items/ 下全部记录）。"""
    from generator.validate import validate

    root = project_root()
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise click.UsageError(f"找不到文件或目录：{', '.join(missing)}")
    result = validate(root, paths)
    out = render_findings(result.findings, result.records, fmt)
    if out:
        click.echo(out)
    sys.exit(1 if result.errors else 0)


@main.command("build")
@click.option("--site-dir", type=click.Path(path_type=Path), default=None, help="输出目录（默认 site/）")
def build_cmd(site_dir: Path | None) -> None:
    """校验并生成办事指南网站；有错误时不生成，失败时保留原网站。"""
    from generator.build import BuildRefused, build_site

    root = project_root()
    try:
        report = build_site(root / "mkdocs.yml", site_dir, progress=lambda s: click.echo(s, err=True))
    except BuildRefused as exc:
        click.echo(render_findings(exc.validation.findings, exc.validation.records, "text"), err=True)
        click.echo("有错误，未生成网站；原有网站保持不变。", err=True)
        sys.exit(1)
    total = sum(report.stages.values())
    stages = "，".join(f"{k} {v:.2f} 秒" for k, v in report.stages.items())
    click.echo(f"已生成 {report.site_dir}：{report.records} 条记录，{report.items} 个事项，{report.pages} 个页面；{stages}；合计 {total:.2f} 秒")


@main.command("serve")
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="监听地址")
def serve_cmd(dev_addr: str) -> None:
    """本地预览：修改并保存 YAML 后页面自动刷新。"""
    from mkdocs.commands.serve import serve

    root = project_root()
    serve(config_file=str(root / "mkdocs.yml"), dev_addr=dev_addr, livereload=True)


@main.command("schema")
@click.option("--check", is_flag=True, help="只检查 schema/ 是否与模型一致")
def schema_cmd(check: bool) -> None:
    """从数据模型生成 schema/*.json（编辑器自动补全和校验用）。"""
    from generator.schema import stale_schemas, write_schemas

    out = project_root() / "schema"
    if check:
        stale = stale_schemas(out)
        if stale:
            click.echo(f"schema/ 已过期：{', '.join(stale)}；请运行 banshi schema", err=True)
            sys.exit(1)
        click.echo("schema/ 与模型一致")
        return
    for path in write_schemas(out):
        click.echo(f"已写入 {path.relative_to(out.parent)}")
