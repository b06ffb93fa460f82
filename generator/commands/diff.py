"""`banshi diff`."""

from __future__ import annotations

import json

import click

from generator.commands.common import project_root


@click.command("diff")
@click.argument("base", required=False)
@click.argument("head", required=False)
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True, help="输出格式")
def diff_cmd(base: str | None, head: str | None, fmt: str) -> None:
    """按事项比较两个版本（默认：与 main 的合并基点 对比 工作区），用于拉取请求摘要。

    BASE、HEAD 是 git 版本（分支、标签或提交）；省略 HEAD 时与工作区比较。
    """
    from generator.workflow.diff import GitError, as_json, render_markdown
    from generator.workflow.future import compute_diff

    try:
        result = compute_diff(project_root(), base, head)
    except GitError as exc:
        raise click.UsageError(f"无法读取 git 版本：{exc}") from None
    click.echo(json.dumps(as_json(result), ensure_ascii=False, indent=2) if fmt == "json" else render_markdown(result))
