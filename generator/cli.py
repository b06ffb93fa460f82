"""The `banshi` command line: thin wrappers over library functions. Exit 0 ok, 1 findings, 2 usage/crash.

Each verb lives in its own module under generator/commands/; register new ones in COMMANDS.
"""

from __future__ import annotations

import sys
import traceback

import click

from generator.commands.build import build_cmd
from generator.commands.check import check_cmd
from generator.commands.codeowners import codeowners_cmd
from generator.commands.diff import diff_cmd
from generator.commands.docs_fields import docs_fields_cmd
from generator.commands.edit import edit_cmd
from generator.commands.export import export_cmd
from generator.commands.fmt import fmt_cmd
from generator.commands.index import index_cmd
from generator.commands.new import new_cmd
from generator.commands.run import run_cmd
from generator.commands.schema import schema_cmd
from generator.commands.search import search_cmd
from generator.commands.serve import serve_cmd
from generator.commands.validate import validate_cmd

COMMANDS: list[click.Command] = [
    validate_cmd,
    build_cmd,
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
]


class CrashSafeGroup(click.Group):
    """Turns an unexpected exception into exit code 2 with a plain message."""

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


for command in COMMANDS:
    main.add_command(command)


if __name__ == "__main__":
    main()
