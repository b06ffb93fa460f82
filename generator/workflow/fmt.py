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

from generator.load.yaml_source import SourceError, read_regular
from generator.model.records import DepartmentsFile, DirectoryItem, ImplementationRecord, RegionsFile, SynonymsFile, ThemesFile
from generator.workflow.labels import field_order

CATALOG_MODELS: dict[str, type[BaseModel]] = {
    "regions.yaml": RegionsFile,
    "departments.yaml": DepartmentsFile,
    "themes.yaml": ThemesFile,
    "synonyms.yaml": SynonymsFile,
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
        raise FormatError(f"YAML 格式错误，无法整理：{str(exc).splitlines()[0]}") from None
    except (ValueError, RecursionError) as exc:  # e.g. an impossible date 2026-02-30 in ruamel's constructor
        raise FormatError(f"文件中有无法读取的值，无法整理：{str(exc)[:80]}") from None
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
