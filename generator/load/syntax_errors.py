"""YAML syntax errors in plain Chinese: the usual cause named, on the line that has it, every one in one run.

libyaml reports where the parser gave up, often the line after the real mistake, in English, and stops at the first.
The mistakes clerks make in a web editor or by pasting from Word and Excel are few and recognisable in the text
itself, so the lines up to the parser's position are scanned for them first; otherwise the parser's problem is
translated. A recognised mistake comes with its repair (the line as it was meant): `all_errors` repairs it in
memory and reads the text again, so one run lists every recognised mistake of a file. An error that is not
recognised has no safe repair (what follows it cannot be read as meant), so it is the last one reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from generator.model.characters import LOOKALIKE_SPACES, ORIGIN, ZERO_WIDTH, describe
from generator.model.values import HAN

KEY = r"[A-Za-z_][A-Za-z0-9_]*"
FULLWIDTH_COLON_RE = re.compile(rf"^\s*(-\s+)?{KEY}\s*：")
ODD_INDENT_RE = re.compile(f"^[ ]*([{LOOKALIKE_SPACES}{ZERO_WIDTH}])")
TAB_INDENT_RE = re.compile(r"^[ ]*\t")
UNCLOSED_QUOTE_RE = re.compile(rf"^\s*(-\s+)?{KEY}\s*:\s+([\"'])")
NO_SPACE_RE = re.compile(rf"^\s*(-\s+)?{KEY}:(?![\s/]|$)")
KEY_LINE_RE = re.compile(rf"^\s*(-\s+)?({KEY}|\"[^\"]*\"|'[^']*')\s*:(\s|$)")
ITEM_LINE_RE = re.compile(r"^\s*-(\s|$)")
CHINESE_KEY_RE = re.compile(rf"^\s*(-\s+)?{HAN.pattern}[^:：]*[:：]")

# libyaml's problem texts -> what they usually mean for a record file.
PROBLEMS: tuple[tuple[str, str, str], ...] = (
    (
        "could not find expected ':'",
        "这一行不是「字段: 值」的格式：缺少英文冒号，或上一行的内容断开到了这一行",
        "字段名后写英文冒号和一个空格，如 window: 综合窗口；一段文字不要换行",
    ),
    (
        "mapping values are not allowed",
        "这一行出现了多余的冒号，或缩进与上一行不一致",
        '含英文冒号的文字请整段加英文引号，如 hours: "8:30-12:00"；同一层的字段要左对齐',
    ),
    ("did not find expected key", "缩进不一致：这一行与同一层的其他字段没有对齐", "同一层的字段左边空格数要相同（每一层 2 个空格）"),
    ("did not find expected '-' indicator", "列表的缩进不一致：这一项与上面的列表项没有对齐", "同一个列表的每一项都以同样缩进的「- 」开头"),
    ("did not find expected ',' or '}'", "花括号 { } 里的内容不完整：缺少逗号或右花括号", "写成 {value: 5, unit: 工作日} 的样子：逗号用英文「,」，最后有「}」"),
    ("did not find expected ',' or ']'", "方括号 [ ] 里的内容不完整：缺少逗号或右方括号", "写成 [企业法人, 自然人] 的样子：逗号用英文「,」，最后有「]」"),
    ("found unexpected end of stream", "引号没有成对：文件到结尾也没有找到右引号", '检查这一行的引号：左右引号都要是英文引号 "'),
    ("while scanning a quoted scalar", "引号没有成对：这一行的左引号之后没有右引号", '在这段文字末尾补上同样的英文引号 "，或删除左引号'),
    ("found unknown escape character", "双引号里有反斜杠「\\」", "删除反斜杠，或把双引号改成单引号"),
    ("cannot start any token", "这一行的值以特殊符号开头（如 @、`、%）", "给整段文字加英文引号"),
    ("expected <block end>", "缩进不一致：这一行比上面同一层的内容缩进得多或少", "同一层的字段或列表项左边空格数要相同（每一层 2 个空格）"),
    ("found a tab character", "缩进或值中使用了制表符（Tab）", "把 Tab 换成空格"),
    ("found character that cannot start", "这一行的值以特殊符号开头（如 @、`、%）", "给整段文字加英文引号"),
    ("found undefined alias", "这一行的值以 * 开头，被当作了引用", "给整段文字加英文引号"),
    ("expected alphabetic or numeric character", "这一行的值以 & 或 * 开头，被当作了锚点或引用", "给整段文字加英文引号"),
    ("found unexpected ':'", "这一行出现了多余的冒号", "含英文冒号的文字请整段加英文引号"),
    ("expected a comment or a line break", "引号后面还有多余的文字", "把整段文字都放在引号里面"),
)
FALLBACK = ("文件格式不对，无法读取", "检查这一行和上一行：缩进用空格、字段名后是英文冒号加一个空格、引号成对")


@dataclass(frozen=True)
class SyntaxExplanation:
    line: int
    column: int
    message: str
    hint: str
    repair: str | None = None  # the line as it was meant, when the mistake is recognised


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def unclosed_quote(line: str) -> int | None:
    """The column (0-based) of a value's opening quote that is never closed on its line."""
    match = UNCLOSED_QUOTE_RE.match(line)
    if not match:
        return None
    quote, start = match.group(2), match.end(2)
    rest = line[start:]
    closed = "'" in rest.replace("''", "") if quote == "'" else re.search(r'(?<!\\)"', rest) is not None
    return None if closed else start - 1


def _closed_below(lines: list[str], number: int, quote: str) -> bool:
    """Whether a quote opened on line `number` (1-based) closes on a following, deeper-indented line: a quoted value
    may go on over several lines."""
    indent = _indent(lines[number - 1])
    for line in lines[number:]:
        if line.strip() and _indent(line) <= indent:
            return False
        if quote in line:
            return True
    return False


def _odd_indent(number: int, line: str) -> SyntaxExplanation | None:
    """A line indented with a tab or a character that only looks like a space (or is not there at all)."""
    tab = TAB_INDENT_RE.match(line)
    if tab:
        fixed = re.sub(r"^[ \t]+", lambda m: m.group(0).replace("\t", "  "), line)
        return SyntaxExplanation(number, tab.end(), "缩进中使用了制表符（Tab）", "YAML 只能用空格缩进：把 Tab 换成 2 个空格", fixed)
    odd = ODD_INDENT_RE.match(line)
    if not odd:
        return None
    ch = odd.group(1)
    head = re.match(f"^[ {LOOKALIKE_SPACES}{ZERO_WIDTH}]*", line).group(0)  # type: ignore[union-attr]
    fixed = "".join(" " if c in LOOKALIKE_SPACES else "" if c in ZERO_WIDTH else c for c in head) + line[len(head) :]
    origin = f"（{ORIGIN[ch]}）" if ch in ORIGIN else ""
    where = "缩进" if ch in LOOKALIKE_SPACES else "开头"
    return SyntaxExplanation(
        number, odd.start(1) + 1, f"这一行{where}里有{describe(ch)}{origin}", "删除这一行开头的空白，重新用英文半角空格缩进（每一层 2 个）", fixed
    )


def _scan(lines: list[str], last: int) -> SyntaxExplanation | None:
    """The first recognisable clerk's mistake on lines 1..last (1-based), with its repair."""
    previous_key: tuple[int, int] | None = None  # (column of the key, line number) of the last "key: value" line
    for number, line in enumerate(lines[:last], 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        odd = _odd_indent(number, line)
        if odd:
            return odd
        if FULLWIDTH_COLON_RE.match(line):
            column = line.index("：") + 1
            key = line[: column - 1].strip().lstrip("- ").strip()
            fixed = line[: column - 1].rstrip() + ": " + line[column:].lstrip()
            return SyntaxExplanation(number, column, f"字段「{key}」后面用了中文全角冒号「：」", f"把「：」改为英文冒号加一个空格，如 {key}: …", fixed)
        if NO_SPACE_RE.match(line):
            column = line.index(":") + 1
            key = line[: column - 1].strip().lstrip("- ").strip()
            fixed = line[:column] + " " + line[column:]
            return SyntaxExplanation(number, column, f"字段「{key}」的冒号后面缺少空格", f"在冒号后加一个空格，如 {key}: {line[column:].strip()[:10]}", fixed)
        quote = unclosed_quote(line)
        if quote is not None and not _closed_below(lines, number, line[quote]):
            mark = line[quote]
            message = f"引号没有成对：这一行的左引号 {mark} 之后没有右引号"
            return SyntaxExplanation(number, quote + 1, message, f"在这段文字末尾补上英文引号 {mark}，或删除左引号", line.rstrip() + mark)
        key_match = KEY_LINE_RE.match(line)
        if CHINESE_KEY_RE.match(line) and not key_match:
            head = re.split("[:：]", stripped.lstrip("- "), maxsplit=1)[0]
            message = f"「{head}」不是字段名：字段名要用说明中列出的英文名称"
            return SyntaxExplanation(number, _indent(line) + 1, message, "改用英文字段名；给审核人的说明可写成以 # 开头的注释", "")
        if not key_match and not ITEM_LINE_RE.match(line) and previous_key is not None:
            key_column, key_line = previous_key
            if key_line == number - 1 and _indent(line) <= key_column:
                return SyntaxExplanation(
                    number,
                    _indent(line) + 1,
                    f"这一行像是第 {key_line} 行内容的后半段：从 Excel 或 Word 粘贴时带进了换行",
                    f"把这一行接到第 {key_line} 行的末尾（同一个值中间不能换行）",
                    "",
                )
        previous_key = (key_match.start(2), number) if key_match else None
    return None


def explain(text: str, line: int, column: int, problem: str | None) -> SyntaxExplanation:
    """Chinese message and fix for a YAML syntax error the parser located at (line, column), 1-based."""
    lines = text.splitlines()
    found = _scan(lines, min(line, len(lines)))
    if found is not None:
        return found
    for fragment, message, hint in PROBLEMS:
        if problem and fragment in problem:
            return SyntaxExplanation(line, column, message, hint)
    return SyntaxExplanation(line, column, *FALLBACK)


MAX_ERRORS = 50  # per file: far more than a clerk's edit makes; bounds the re-reading


def all_errors(text: str, locate: Callable[[str], tuple[int, int, str] | None]) -> list[SyntaxExplanation]:
    """Every syntax error of `text` that can be found in one run, in file order of discovery.

    `locate(text)` reads the text and returns the parser's (line, column, problem) of its first error, or None when
    it reads. A recognised mistake is repaired in memory and the text read again; the first unrecognised error ends
    the search (nothing after it can be read as the clerk meant)."""
    lines = text.split("\n")
    found: list[SyntaxExplanation] = []
    for _ in range(MAX_ERRORS):
        first_tab = next((i for i, line in enumerate(lines) if TAB_INDENT_RE.match(line)), None)
        why: SyntaxExplanation | None
        if first_tab is not None:  # libyaml reports a tab only where it breaks the structure: find every one
            why = _odd_indent(first_tab + 1, lines[first_tab])
            if why is None:  # never: a line TAB_INDENT_RE matches always has an explanation
                break
        else:
            where = locate("\n".join(lines))
            if where is None:
                break
            why = explain("\n".join(lines), *where)
        found.append(why)
        if why.repair is None or why.line > len(lines):
            break
        lines[why.line - 1] = why.repair
    return found
