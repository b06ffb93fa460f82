"""`banshi fmt`: one canonical YAML style for records and catalog files, comments kept (ruamel.yaml round trip).

Canonical: 2-space indentation, sequences indented under their key, keys in the model's field order, quotes
and flow collections ({value: 5, unit: 工作日}) as written, Unicode as is, no line wrapping, one final newline.
"""

from __future__ import annotations

import io
from pathlib import Path

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from generator.load.syntax_errors import explain as explain_syntax_error
from generator.load.yaml_source import SourceError, read_regular
from generator.model.records import DepartmentsFile, DirectoryItem, ImplementationRecord, LocalBasisFile, RegionsFile, SynonymsFile, ThemesFile
from generator.workflow.labels import field_order

CATALOG_MODELS: dict[str, type[BaseModel]] = {
    "regions.yaml": RegionsFile,
    "departments.yaml": DepartmentsFile,
    "themes.yaml": ThemesFile,
    "synonyms.yaml": SynonymsFile,
    "local_basis.yaml": LocalBasisFile,
}


class FormatError(Exception):
    pass


def make_yaml() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 100_000
    y.allow_unicode = True
    y.representer.add_representer(type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null"))  # keep `null`, not an empty value
    return y


def model_for(rel_path: str) -> type[BaseModel] | None:
    """The model a file under items/ follows; None for files fmt leaves alone."""
    parts = rel_path.split("/")
    if not rel_path.endswith(".yaml") or "_files" in parts:
        return None
    if "_catalog" in parts:
        if "directory" in parts:
            return DirectoryItem
        return CATALOG_MODELS.get(parts[-1])
    return ImplementationRecord


def reorder(node: object, model: type[BaseModel] | None) -> None:
    """Put mapping keys in the model's field order (unknown keys last, as written); recurse."""
    if isinstance(node, CommentedMap):
        names, nested = field_order(model) if model is not None else ((), {})
        keys = list(node.keys())
        order = [k for k in names if k in node] + [k for k in keys if k not in names]
        if order != keys:
            for key in order:
                node.move_to_end(key)
        for key in node:
            reorder(node[key], nested.get(key))
    elif isinstance(node, CommentedSeq):
        for value in node:
            reorder(value, model)


def format_text(text: str, model: type[BaseModel] | None) -> str:
    y = make_yaml()
    try:
        data = y.load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        why = explain_syntax_error(text, line, column, f"{getattr(exc, 'context', '') or ''} {getattr(exc, 'problem', '') or ''}")
        raise FormatError(f"第 {why.line} 行：YAML 格式错误，无法整理：{why.message}") from None
    except (ValueError, RecursionError):  # e.g. an impossible date 2026-02-30 in ruamel's constructor
        raise FormatError("文件中有无法读取的值（如不存在的日期），无法整理：请先按 banshi validate 的提示修改") from None
    if not isinstance(data, CommentedMap):
        raise FormatError("文件顶层不是「字段: 值」的映射，无法整理")
    reorder(data, model)
    out = io.StringIO()
    y.dump(data, out)
    return out.getvalue().rstrip("\n") + "\n"


def format_file(path: Path, root: Path, write: bool) -> bool:
    """Format one file; True when it is (or was) not in canonical style."""
    try:
        rel = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        rel = path.as_posix()
    model = model_for(rel)
    try:
        raw = read_regular(path)
        text = raw.decode("utf-8")
    except SourceError as exc:
        raise FormatError(exc.message) from None
    except UnicodeDecodeError:
        raise FormatError("文件不是有效的 UTF-8 编码（请另存为 UTF-8，不要用 GBK/GB2312）") from None
    formatted = format_text(text, model)
    if formatted == text:
        return False
    if write:
        path.write_text(formatted, encoding="utf-8")
    return True


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def proposals(root: Path, files: list[Path]) -> list[tuple[str, str, str]]:
    """(repository path, current text, formatted text) of the files fmt would change; unreadable files are skipped."""
    out = []
    for path in files:
        rel = _rel(path, root)
        try:
            text = read_regular(path).decode("utf-8")
            formatted = format_text(text, model_for(rel))
        except (SourceError, UnicodeDecodeError, FormatError):
            continue  # validate reports why the file cannot be read
        if formatted != text:
            out.append((rel, text, formatted))
    return out


def suggestion(root: Path, files: list[Path], kind: str) -> str:
    """What fmt would change, offered instead of failing: a patch (`git apply`) or a step-summary section."""
    import difflib

    changes = proposals(root, files)
    if kind == "diff":
        return "".join("".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"a/{rel}", f"b/{rel}")) for rel, old, new in changes)
    import html
    import re

    if not changes:
        return ""
    out = ["## 格式整理建议（不影响合并）", ""]
    out.append(f"{len(changes)} 个文件的格式与统一格式不同（字段顺序、缩进或行尾空格）。同一仓库的分支会由机器人自动提交整理结果；")
    out.append("从其他仓库提交的，可在网页编辑器中用下面整理好的全文替换原文件，或在本机运行 `banshi fmt`。")
    out.append("")
    for rel, old, new in changes:
        patch = "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"a/{rel}", f"b/{rel}"))
        fence = "`" * max(3, max((len(m) for m in re.findall(r"`+", new + patch)), default=0) + 1)
        out += [f"<details><summary><code>{html.escape(rel)}</code></summary>", "", "改动：", "", f"{fence}diff", patch.rstrip("\n"), fence, ""]
        out += ["整理好的全文：", ""]
        out += [f"{fence}yaml", new.rstrip("\n"), fence, "", "</details>", ""]
    return "\n".join(out)
