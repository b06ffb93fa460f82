"""Load one YAML file safely into plain data plus a map of source positions.

Rejects, with a line number and a Chinese fix: files over the size limit, invalid UTF-8, tab
indentation, empty files, malformed YAML, duplicate keys, anchors/aliases (alias bombs), merge keys,
non-string keys and a top level that is not a mapping. Uses the C parser where available.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml

from generator.load.syntax_errors import explain as explain_syntax_error

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - the C extension ships with PyYAML wheels
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_BYTES = 1_000_000
TAB_INDENT_RE = re.compile(r"^[ ]*\t", re.MULTILINE)
Path_ = tuple[str | int, ...]


class SourceError(Exception):
    """A file that cannot be read as data at all."""

    def __init__(self, line: int, column: int, message: str, hint: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message, self.hint = line, column, message, hint


@dataclass
class Source:
    data: dict[str, Any]
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path_) -> tuple[int, int]:
        """Line and column of the deepest known node on `path` (1-based)."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.positions:
                return self.positions[path[:end]]
        return (1, 1)


# YAML 1.2 core schema, the one resolver table both loaders below use (editors and the JSON Schema read
# records this way). PyYAML implements YAML 1.1, where `010` is octal 8, `yes`/`on`/`no` are booleans,
# `8:30` is 510 (base 60), `0x1`/`0_1` are integers and 2026-02-30 is a date that crashes the constructor.
# Here: null is ~/null/empty, booleans are true/false only, integers are decimal without a leading zero,
# floats are the core forms. Everything else - `010`, `000106003000`, `yes`, `0x1`, `0_1`, `8:30`, dates - is
# kept as the text written; the model then accepts it (a code, a quoted or unquoted date) or refuses it
# with a fix (an integer field given "010").
CORE_RESOLVERS: tuple[tuple[str, str, str], ...] = (
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", "~nN"),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:(?:0|[1-9][0-9]*)\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[-+]?(?:0|[1-9][0-9]*)[eE][-+]?[0-9]+"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
)
MAX_INT_DIGITS = 100  # far beyond any count in a guide; Python refuses > 4300 digits with a ValueError


class Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """The C parser with the YAML 1.2 core resolver table and only the constructors records need."""

    yaml_implicit_resolvers: ClassVar[dict[str | None, list[tuple[str, re.Pattern[str]]]]] = {}
    yaml_constructors: ClassVar[dict[Any, Any]] = {
        tag: build
        for tag, build in _BaseLoader.yaml_constructors.items()
        if tag in {f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "str", "seq", "map")}
    }
    yaml_constructors[None] = yaml.constructor.SafeConstructor.construct_undefined  # any other tag is refused

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        value = str(node.value)
        if not re.fullmatch(r"[-+]?(?:0|[1-9][0-9]*)", value) or len(value) > MAX_INT_DIGITS:
            raise SourceError(
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                f"「{value[:40]}」不是可用的整数",
                "整数只写十进制数字，不要以 0 开头，不要用 0x、0o、下划线或冒号",
            )
        return int(value)


for _tag, _pattern, _first in CORE_RESOLVERS:
    Loader.add_implicit_resolver(_tag, re.compile(_pattern), [*_first, ""] if _tag.endswith(":null") else list(_first))
Loader.add_constructor("tag:yaml.org,2002:int", Loader.construct_yaml_int)

_constructor = Loader("")


def _scalar(node: yaml.ScalarNode) -> Any:
    build = Loader.yaml_constructors.get(node.tag)
    if build is None:
        raise SourceError(
            node.start_mark.line + 1,
            node.start_mark.column + 1,
            f"不支持的 YAML 标签「{node.tag}」",
            "删除以 ! 开头的标签，直接写值",
        )
    return build(_constructor, node)


class _Builder:
    def __init__(self) -> None:
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, path: Path_) -> Any:
        if id(node) in self.seen:
            raise SourceError(
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                "不允许使用 YAML 锚点和别名（& 和 *）",
                "把被引用的内容直接写出来，不要用 & 和 *",
            )
        self.seen.add(id(node))
        self.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
        return _scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise SourceError(line, col, "不允许使用合并键 <<", "把要合并的字段逐个写出来")
            if not isinstance(key_node, yaml.ScalarNode):
                raise SourceError(line, col, "字段名必须是文字", "检查这一行的缩进和冒号位置")
            key = key_node.value
            if key_node.tag != "tag:yaml.org,2002:str":
                raise SourceError(line, col, f"字段名「{key}」必须是文字，不能是数字、布尔值或空值", "字段名请使用英文小写，如 name")
            if key in out:
                first = self.positions.get((*path, key), (line, col))[0]
                raise SourceError(
                    line,
                    col,
                    f"字段「{key}」重复出现（第 {first} 行已有）",
                    "同一层级每个字段只能写一次：删除或合并重复的字段",
                )
            self.positions[(*path, key)] = (line, col)
            out[key] = self.build(value_node, (*path, key))
        return out


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(line, 1, "文件不是有效的 UTF-8 编码", "用编辑器把文件另存为 UTF-8 编码（不要用 GBK/GB2312）") from None


def parse_text(text: str) -> Source:
    if text.startswith("\ufeff"):
        text = text[1:]
    tab = TAB_INDENT_RE.search(text)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        raise SourceError(line, 1, "缩进中使用了制表符（Tab）", "YAML 只能用空格缩进：把 Tab 换成 2 个空格")
    try:
        root = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        why = explain_syntax_error(text, line, col, f"{exc.context or ''} {exc.problem or ''}")
        raise SourceError(why.line, why.column, f"YAML 格式错误：{why.message}", why.hint) from None
    except yaml.YAMLError:
        why = explain_syntax_error(text, 1, 1, None)
        raise SourceError(why.line, why.column, f"YAML 格式错误：{why.message}", why.hint) from None
    if root is None:
        raise SourceError(1, 1, "文件是空的", "按模板填写事项内容，或用 banshi new 生成记录")
    if not isinstance(root, yaml.MappingNode):
        raise SourceError(
            root.start_mark.line + 1,
            1,
            "文件顶层必须是「字段: 值」的映射，而不是列表或单个值",
            "参照模板，每行以字段名开头，如 name: 居民身份证申领",
        )
    builder = _Builder()
    try:
        data = builder.build(root, ())
    except (ValueError, RecursionError) as exc:  # a constructor's own error: still a finding, never a crash
        raise SourceError(1, 1, f"无法读取的值：{str(exc)[:80]}", "检查文件中的数字、日期和特殊写法") from None
    return Source(data=data, positions=builder.positions)


class _FastLoader(Loader):  # type: ignore[misc,valid-type]
    """The C parser with the same refusals as the positional builder: aliases, duplicate and merge keys."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            raise SourceError(
                node.start_mark.line + 1, node.start_mark.column + 1, "不允许使用 YAML 锚点和别名（& 和 *）", "把被引用的内容直接写出来，不要用 & 和 *"
            )
        return super().construct_object(node, deep)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise SourceError(line, col, "不允许使用合并键 <<", "把要合并的字段逐个写出来")
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                raise SourceError(line, col, "字段名必须是文字，不能是数字、布尔值、空值或列表", "字段名请使用英文小写，如 name")
            if key_node.value in seen:
                raise SourceError(
                    line, col, f"字段「{key_node.value}」重复出现（第 {seen[key_node.value]} 行已有）", "同一层级每个字段只能写一次：删除或合并重复的字段"
                )
            seen[key_node.value] = line
        return super().construct_mapping(node, deep)


SYMLINK_MESSAGE = ("是符号链接：Banshi 不读取也不发布符号链接", "删除这个链接，把真实文件放到 items/ 下")


def read_regular(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file, never through a symlink (O_NOFOLLOW) and never blocking on a FIFO."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SourceError(1, 1, *SYMLINK_MESSAGE) from None
        raise
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(1, 1, "不是普通文件（可能是设备、管道或目录）", "记录必须是普通的 .yaml 文本文件")
        if info.st_size > limit:
            raise SourceError(1, 1, f"文件过大（{info.st_size // 1024} KB，上限 {limit // 1000} KB）", "一条记录一个文件；附件放到 items/_files/ 并用链接引用")
        return handle.read(limit + 1)


def read_text(path: Path) -> str:
    text = _decode(read_regular(path))
    return text[1:] if text.startswith("\ufeff") else text


def load_data(path: Path) -> dict[str, Any]:
    """Fast path: the data alone, with every refusal of parse_text; positions come later, only if needed."""
    text = read_text(path)
    tab = TAB_INDENT_RE.search(text)
    if tab:
        return parse_text(text).data  # raises the positional tab error
    loader = _FastLoader(text)
    try:
        data = loader.get_single_data()
    except SourceError:
        raise
    except (yaml.YAMLError, ValueError, RecursionError):
        return parse_text(text).data  # raises the positional YAML error
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        return parse_text(text).data  # raises the empty-file or top-level error
    return data


class LazySource(Source):
    """Positions computed on first use by re-reading the file: most records never need them."""

    def __init__(self, data: dict[str, Any], path: Path) -> None:
        super().__init__(data=data)
        self.path = path
        self._loaded = False

    def position(self, path: Path_) -> tuple[int, int]:
        if not self._loaded and len(path) == 1 and isinstance(path[0], str):
            line = self._top_level_line(path[0])  # a top-level key: a text scan, no second parse
            if line:
                return (line, 1)
        if not self._loaded:
            self._loaded = True
            try:
                self.positions = parse_text(read_text(self.path)).positions
            except (OSError, SourceError):
                self.positions = {}
        return super().position(path)

    def _top_level_line(self, key: str) -> int | None:
        try:
            text = read_text(self.path)
        except (OSError, SourceError):
            return None
        match = re.search(rf"^{re.escape(key)}\s*:", text, re.MULTILINE)
        return text.count("\n", 0, match.start()) + 1 if match else None
