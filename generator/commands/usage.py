"""A command called the wrong way: one Chinese message that says what to change, and its own exit code.

Exit codes of every `banshi` command: 0 done, 1 findings in the data (or a refusal the message explains),
USAGE_EXIT when the command line itself is wrong, 2 only for an internal error (a bug: cli.CrashSafeGroup).
click's own messages are English; they are turned into Chinese here from the exception's fields, never its text
(except for the two click raises as plain UsageError, matched below).
"""

from __future__ import annotations

import re
from typing import Any

import click

from generator.model.values import HAN

#: EX_USAGE of BSD's sysexits.h: "the command was used incorrectly".
USAGE_EXIT = 64

NO_SUCH_COMMAND = re.compile(r"No such command '(.*)'")
EXTRA_ARGUMENTS = re.compile(r"unexpected extra arguments? \((.+)\)")


def usage_message(exc: click.UsageError) -> str:
    """The Chinese message for a usage error, ending with where to read the command's help."""
    path = exc.ctx.command_path if exc.ctx else "banshi"
    return f"用法错误：{_what(exc)}\n运行 {path} --help 查看这个命令的用法。"


def _what(exc: click.UsageError) -> str:
    if isinstance(exc, click.NoSuchOption):
        hint = f"，是不是想用 {'、'.join(exc.possibilities[:3])}？" if exc.possibilities else "。"
        return f"没有 {exc.option_name} 这个选项{hint}"
    if isinstance(exc, click.BadOptionUsage):
        if "does not take a value" in exc.message:
            return f"{exc.option_name} 后面不能写值。"
        return f"{exc.option_name} 后面要写一个值。"
    if isinstance(exc, click.MissingParameter):
        kind = {"argument": "参数", "option": "选项"}.get(exc.param_type or "", "参数")
        hint = _param_hint(exc) or (exc.param.get_error_hint(exc.ctx) if exc.param and exc.ctx else "")
        return f"缺少{kind} {hint}。".replace("'", "")
    if isinstance(exc, click.BadParameter):
        return _bad_value(exc)
    if found := NO_SUCH_COMMAND.search(exc.message):
        commands = exc.ctx.command.list_commands(exc.ctx) if exc.ctx and isinstance(exc.ctx.command, click.Group) else []
        return f"没有「{found[1]}」这个命令。可用的命令：{'、'.join(commands)}。"
    if found := EXTRA_ARGUMENTS.search(exc.message):
        return f"多余的参数：{found[1]}。"
    if HAN.search(exc.message):  # Banshi's own usage errors are written in Chinese already
        return exc.message
    return f"命令行写法不对（{exc.message}）。"


def _param_hint(exc: click.BadParameter) -> str:
    """The parameter's name as the error gives it: click allows several names, which it joins with " / "."""
    given = exc.param_hint
    return given if isinstance(given, str) else " / ".join(given or ())


def _bad_value(exc: click.BadParameter) -> str:
    param = exc.param
    hint = (_param_hint(exc) or (param.get_error_hint(exc.ctx) if param and exc.ctx else "这个值")).replace("'", "")
    kind = param.type if param else None
    if isinstance(kind, click.Choice):
        return f"{hint} 只能是 {'、'.join(str(c) for c in kind.choices)} 之一。"
    if isinstance(kind, click.Path):
        return f"{hint}：找不到这个文件或目录，或者不能使用它。"
    if isinstance(kind, click.IntRange | click.FloatRange):
        return f"{hint} 要写 {kind.min if kind.min is not None else '…'} 到 {kind.max if kind.max is not None else '…'} 之间的数字。"
    if kind in (click.INT, click.FLOAT):
        return f"{hint} 要写一个数字。"
    if HAN.search(exc.message):
        return f"{hint}：{exc.message}"
    return f"{hint} 的值不对（{exc.message}）。"


#: click's English help text, as a clerk reads it in `banshi … --help`.
HELP_WORDS = {
    "Options": "选项",
    "Commands": "命令",
    "Arguments": "参数",
    "Show this message and exit.": "显示本说明并退出。",
    "Show the version and exit.": "显示版本号并退出。",
}
HELP_PATTERNS = [(re.compile(r"\[default: (.*?)\]"), r"[默认：\1]"), (re.compile(r"\[required\]"), "[必填]")]


def _help_text(text: str) -> str:
    text = HELP_WORDS.get(text, text)
    for pattern, replacement in HELP_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class ChineseHelpFormatter(click.HelpFormatter):
    """The help page with Chinese headings: 用法, 选项, 命令."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = args.replace("[OPTIONS]", "[选项]").replace("COMMAND [ARGS]...", "命令 [参数]...")
        super().write_usage(prog, args, "用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{HELP_WORDS.get(heading, heading)}：\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, _help_text(text)) for term, text in rows], col_max, col_spacing)


class ChineseContext(click.Context):
    formatter_class = ChineseHelpFormatter
