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
from typing import Any, ClassVar, cast

import yaml

from generator.load.syntax_errors import all_errors

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - the C extension ships with PyYAML wheels
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_BYTES = 1_000_000
TAB_INDENT_RE = re.compile(r"^[ ]*\t", re.MULTILINE)
Path_ = tuple[str | int, ...]


class SourceError(Exception):
    """A file that cannot be read as data at all; `more`: the file's further syntax errors found in the same run."""

    def __init__(self, line: int, column: int, message: str, hint: str, more: list[SourceError] | None = None) -> None:
        super().__init__(message)
        self.line, self.column, self.message, self.hint = line, column, message, hint
        self.more = more or []

    def all(self) -> list[SourceError]:
        return [self, *self.more]


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
_TAG = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL, _FLOAT, _SEQ, _MAP = (_TAG + name for name in ("str", "null", "bool", "float", "seq", "map"))
MAX_INT_DIGITS = 100  # far beyond any count in a guide; Python refuses > 4300 digits with a ValueError


class Loader(_BaseLoader):
    """The C parser with the YAML 1.2 core resolver table and only the constructors records need."""

    yaml_implicit_resolvers: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}  # noqa: RUF012 (PyYAML declares it an instance attribute; it is the class table)
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

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        """The tag of an untagged node, as PyYAML's Resolver.resolve gives it for a table without path resolvers, but
        without its per-call path bookkeeping: the C parser calls this for every node (700k times at 10k records)."""
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in Loader.yaml_implicit_resolvers.get(value[:1] or "", ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def descend_resolver(self, *args: Any) -> None:
        """Path resolvers are not used: nothing to track while descending."""

    ascend_resolver = descend_resolver


for _tag, _pattern, _first in CORE_RESOLVERS:
    Loader.add_implicit_resolver(_tag, re.compile(_pattern), [*_first, ""] if _tag.endswith(":null") else list(_first))
Loader.add_constructor("tag:yaml.org,2002:int", Loader.construct_yaml_int)

_constructor = Loader("")
_SPECIAL_FLOATS = {".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf"), ".nan": float("nan")}


def _scalar(node: yaml.ScalarNode) -> Any:
    """The value of a scalar whose tag the core resolver (or an explicit tag) gave: text, null, bool, int, float."""
    tag, value = node.tag, node.value
    if tag == _STR:
        return value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return value.lower() == "true"
    if tag == _FLOAT:
        lowered = value.lower()
        return _SPECIAL_FLOATS[lowered] if lowered in _SPECIAL_FLOATS else float(lowered)
    if tag == _TAG + "int":
        return _constructor.construct_yaml_int(node)
    raise SourceError(
        node.start_mark.line + 1,
        node.start_mark.column + 1,
        f"不支持的 YAML 标签「{tag}」",
        "删除以 ! 开头的标签，直接写值",
    )


# What both readers (the positional builder and the fast C loader) refuse, with one message and fix each.
REFUSALS: dict[str, tuple[str, str]] = {
    "alias": ("不允许使用 YAML 锚点和别名（& 和 *）", "把被引用的内容直接写出来，不要用 & 和 *"),
    "merge": ("不允许使用合并键 <<", "把要合并的字段逐个写出来"),
    "key-type": ("字段名必须是文字，不能是数字、布尔值、空值或列表", "字段名请使用英文小写，如 name"),
    "duplicate": ("字段「{key}」重复出现（第 {first} 行已有）", "同一层级每个字段只能写一次：删除或合并重复的字段"),
}


def refusal(kind: str, node: yaml.Node, **values: object) -> SourceError:
    message, hint = REFUSALS[kind]
    return SourceError(node.start_mark.line + 1, node.start_mark.column + 1, message.format(**values), hint)


def check_key(key_node: yaml.Node, first_line: int | None) -> str:
    """The key of a mapping entry, or the refusal: merge keys, non-text keys, a key already seen (on `first_line`)."""
    if key_node.tag == "tag:yaml.org,2002:merge":
        raise refusal("merge", key_node)
    if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
        raise refusal("key-type", key_node)
    if first_line is not None:
        raise refusal("duplicate", key_node, key=key_node.value, first=first_line)
    return str(key_node.value)


class _Builder:
    """Plain data from a composed node tree: the one walk both readers use, with the refusals above.

    With `positions`, it also records where every node starts (for messages); without, it is the fast path
    validation takes for every file (a direct walk is about twice as fast as PyYAML's generic constructor).
    """

    def __init__(self, positions: dict[Path_, tuple[int, int]] | None = None) -> None:
        self.positions = positions
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, path: Path_ = ()) -> Any:
        if id(node) in self.seen:
            raise refusal("alias", node)
        self.seen.add(id(node))
        if self.positions is not None:
            self.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        kind = type(node)
        if kind is yaml.ScalarNode:
            return _scalar(cast(yaml.ScalarNode, node))
        if kind is yaml.MappingNode:
            return self._mapping(cast(yaml.MappingNode, node), path)
        if self.positions is None:
            return [self.build(child) for child in node.value]
        return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_lines: dict[str, int] = {}
        positions = self.positions
        for key_node, value_node in node.value:
            value = key_node.value
            if type(key_node) is not yaml.ScalarNode or key_node.tag != _STR or value in first_lines:
                check_key(key_node, first_lines.get(value) if isinstance(value, str) else None)
            line = key_node.start_mark.line + 1
            first_lines[value] = line
            if positions is None:
                out[value] = self.build(value_node)
            else:
                key_path = (*path, value)
                positions[key_path] = (line, key_node.start_mark.column + 1)
                out[value] = self.build(value_node, key_path)
        return out


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(line, 1, "文件不是有效的 UTF-8 编码", "用编辑器把文件另存为 UTF-8 编码（不要用 GBK/GB2312）") from None


def locate_syntax_error(text: str) -> tuple[int, int, str] | None:
    """Where the parser gives up on `text` (1-based line, column, its problem), or None when it reads. An unclosed
    quote is located where the quote opens, not at the end of the file where the parser noticed."""
    try:
        yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        quoted = "quoted scalar" in (exc.context or "") and exc.context_mark is not None
        mark = exc.context_mark if quoted else exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return line, col, f"{exc.context or ''} {exc.problem or ''}"
    except yaml.YAMLError:
        return 1, 1, ""
    return None


def syntax_error(text: str) -> SourceError:
    """Every syntax error of a text that does not read, the first with the others in `more`."""
    found = [SourceError(w.line, w.column, f"YAML 格式错误：{w.message}", w.hint) for w in all_errors(text, locate_syntax_error)]
    if not found:  # the parser refused something all_errors could not place
        found = [SourceError(1, 1, "YAML 格式错误：文件格式不对，无法读取", "检查缩进、冒号和引号")]
    found[0].more = found[1:]
    return found[0]


def parse_text(text: str) -> Source:
    if text.startswith("\ufeff"):
        text = text[1:]
    if TAB_INDENT_RE.search(text):
        raise syntax_error(text)
    try:
        root = yaml.compose(text, Loader=Loader)
    except yaml.YAMLError:
        raise syntax_error(text) from None
    if root is None:
        raise SourceError(1, 1, "文件是空的", "按模板填写事项内容，或用 banshi new 生成记录")
    if not isinstance(root, yaml.MappingNode):
        raise SourceError(
            root.start_mark.line + 1,
            1,
            "文件顶层必须是「字段: 值」的映射，而不是列表或单个值",
            "参照模板，每行以字段名开头，如 name: 居民身份证申领",
        )
    builder = _Builder(positions={})
    try:
        data = builder.build(root, ())
    except (ValueError, RecursionError) as exc:  # a constructor's own error: still a finding, never a crash
        raise SourceError(1, 1, f"无法读取的值：{str(exc)[:80]}", "检查文件中的数字、日期和特殊写法") from None
    return Source(data=data, positions=builder.positions or {})


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
    return text_of(read_regular(path))


def text_of(raw: bytes) -> str:
    """A file's bytes as text: UTF-8 (else a located SourceError), without a byte order mark."""
    text = _decode(raw)
    return text[1:] if text.startswith("\ufeff") else text


def plain_data(text: str) -> Any:
    """Data from trusted YAML text (e.g. the front matter of our own templates), with the same resolver and walk as
    records, no positions and no friendly errors: a yaml.YAMLError or SourceError escapes to the caller."""
    loader = Loader(text)
    try:
        root = loader.get_single_node()
        return _Builder().build(root) if root is not None else None
    finally:
        loader.dispose()


def load_data(path: Path) -> dict[str, Any]:
    """Fast path: the data alone, with every refusal of parse_text; positions come later, only if needed."""
    return data_from_text(read_text(path))


def data_from_text(text: str) -> dict[str, Any]:
    """load_data for text already read (e.g. an old version from git): the data, or parse_text's SourceError."""
    tab = TAB_INDENT_RE.search(text)
    if tab:
        return parse_text(text).data  # raises the positional tab error
    try:
        data = plain_data(text)
    except SourceError:
        raise
    except (yaml.YAMLError, ValueError, RecursionError):
        return parse_text(text).data  # raises the positional YAML error
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
