"""The `banshi` command line: thin wrappers over library functions. Exit 0 ok, 1 findings, 64 usage, 2 internal error.

Each verb lives in its own module under generator/commands/; register new ones in COMMANDS.
"""

from __future__ import annotations

import sys
import traceback
from typing import Any

import click

from generator.commands.build import build_cmd
from generator.commands.check import check_cmd
from generator.commands.codeowners import codeowners_cmd
from generator.commands.diff import diff_cmd
from generator.commands.docs_fields import docs_fields_cmd
from generator.commands.edit import edit_cmd
from generator.commands.export import export_cmd
from generator.commands.fmt import fmt_cmd
from generator.commands.imports import import_cmd
from generator.commands.index import index_cmd
from generator.commands.merge import merge_cmd
from generator.commands.new import new_cmd
from generator.commands.run import run_cmd
from generator.commands.schema import schema_cmd
from generator.commands.search import search_cmd
from generator.commands.serve import serve_cmd
from generator.commands.usage import USAGE_EXIT, ChineseContext, usage_message
from generator.commands.validate import validate_cmd

COMMANDS: list[click.Command] = [
    validate_cmd,
    build_cmd,
    merge_cmd,
    serve_cmd,
    schema_cmd,
    check_cmd,
    diff_cmd,
    edit_cmd,
    new_cmd,
    fmt_cmd,
    codeowners_cmd,
    docs_fields_cmd,
    index_cmd,
    search_cmd,
    run_cmd,
    export_cmd,
    import_cmd,
]


class CrashSafeGroup(click.Group):
    """Turns an unexpected exception into exit code 2 with a plain message, and a wrong command line into a Chinese
    message with exit code USAGE_EXIT (click's own are English, with exit 2)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            result = super().main(*args, **kwargs)
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.ctx.get_help() if exc.ctx else "")
            sys.exit(0)
        except click.UsageError as exc:
            click.echo(usage_message(exc), err=True)
            sys.exit(USAGE_EXIT)
        except click.ClickException as exc:
            click.echo(f"错误：{exc.format_message()}", err=True)
            sys.exit(1)
        except click.Abort:
            click.echo("已取消。", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except Exception:
            traceback.print_exc()
            click.echo("banshi 内部错误（这不是数据问题）：请把上面的信息报告给维护人员。", err=True)
            sys.exit(2)


@click.group(cls=CrashSafeGroup, name="banshi")
@click.version_option(package_name="banshi")
def main() -> None:
    """Banshi（办事）：政务服务事项目录的校验与办事指南生成工具。"""


main.context_class = ChineseContext
for command in COMMANDS:
    command.context_class = ChineseContext  # Chinese headings in every command's --help
    main.add_command(command)


if __name__ == "__main__":
    main()
