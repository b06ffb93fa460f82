"""`banshi edit`: set one field across many records (by region, department or basic code), keeping each file's
comments, quotes and layout (ruamel round trip, as fmt does), with a dry-run diff.

A path is written as in messages: `locations[0].address`, `consult.phone`; `[*]` sets the field in every item
of a list. The value is YAML (`"0371-26760177"`, `{value: 5, unit: 工作日}`, `true`). A file is only written if
the edited record still passes the schema; the others are reported and left alone.
"""

from __future__ import annotations

import difflib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from generator.load.pydantic_errors import findings_from_error
from generator.load.yaml_source import SourceError, parse_text, read_regular
from generator.model.records import ImplementationRecord
from generator.workflow.fmt import make_yaml

STEP_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+|\*)\]|\.")


class EditError(Exception):
    pass


@dataclass
class EditResult:
    changed: list[tuple[str, str, str]] = field(default_factory=list)  # (path, old text, new text)
    unchanged: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (path, why)

    def diff(self) -> str:
        return "".join("".join(difflib.unified_diff(a.splitlines(True), b.splitlines(True), f"a/{p}", f"b/{p}")) for p, a, b in self.changed)


def parse_path(text: str) -> list[str | int]:
    steps: list[str | int] = []
    pos = 0
    for match in STEP_RE.finditer(text):
        if match.start() != pos:
            break
        pos = match.end()
        if match.group(1):
            steps.append(match.group(1))
        elif match.group(2):
            steps.append(-1 if match.group(2) == "*" else int(match.group(2)))
    if pos != len(text) or not steps or not isinstance(steps[0], str) or ".." in text or text.endswith(".") or ".[" in text:
        raise EditError(f"字段路径「{text}」看不懂：写成 locations[0].address 或 consult.phone（[*] 表示列表中的每一项）")
    return steps


def parse_value(text: str) -> Any:
    try:
        return make_yaml().load(f"v: {text}\n")["v"]
    except (YAMLError, ValueError, TypeError) as exc:
        raise EditError(f"值「{text}」不是有效的 YAML：含冒号或以特殊符号开头的文字请加引号") from exc


NO_CONDITION = object()


def _set(node: Any, steps: list[str | int], value: Any, only_if: Any = NO_CONDITION) -> int:
    """Set value at steps under node (where the current value equals only_if, when given); how many places were set."""
    step, rest = steps[0], steps[1:]
    if isinstance(step, str):
        if not isinstance(node, CommentedMap):
            return 0
        if not rest:
            if only_if is not NO_CONDITION and node.get(step) != only_if:
                return 0
            node[step] = value
            return 1
        if step not in node:
            return 0
        return _set(node[step], rest, value, only_if)
    if not isinstance(node, CommentedSeq):
        return 0
    indexes = range(len(node)) if step == -1 else [step] if step < len(node) else []
    if not rest:
        chosen = [i for i in indexes if only_if is NO_CONDITION or node[i] == only_if]
        for i in chosen:
            node[i] = value
        return len(chosen)
    return sum(_set(node[i], rest, value, only_if) for i in indexes)


def selected(root: Path, regions: tuple[str, ...], departments: tuple[str, ...], basic_codes: tuple[str, ...]) -> list[Path]:
    """Record files chosen by their path: items/<region>/<department>/<implementation code ending in the basic code>.yaml."""
    out = []
    for path in sorted((root / "items").glob("*/*/*.yaml")):
        region, department = path.parent.parent.name, path.parent.name
        if region.startswith("_") or path.is_symlink():
            continue
        if regions and not any(region == r or (len(r) == 6 and len(region) == 9 and region.startswith(r)) for r in regions):
            continue
        if departments and department not in departments:
            continue
        if basic_codes and path.stem[-12:] not in basic_codes:
            continue
        out.append(path)
    return out


def edit_records(root: Path, files: list[Path], path_text: str, value_text: str, only_if_text: str | None = None) -> EditResult:
    steps, value = parse_path(path_text), parse_value(value_text)
    only_if = NO_CONDITION if only_if_text is None else parse_value(only_if_text)
    result = EditResult()
    y = make_yaml()
    for path in files:
        rel = path.relative_to(root).as_posix()
        try:
            text = read_regular(path).decode("utf-8")
            data = y.load(text)
        except (SourceError, UnicodeDecodeError, YAMLError, ValueError):
            result.refused.append((rel, "文件无法读取或有格式错误：先按 banshi validate 的提示修改"))
            continue
        if not isinstance(data, CommentedMap) or _set(data, steps, value, only_if) == 0:
            if only_if is NO_CONDITION:
                result.refused.append((rel, f"没有字段 {path_text} 可改（上一级字段不存在或列表项不够）"))
            else:
                result.unchanged.append(rel)  # the field does not hold the old value here
            continue
        out = io.StringIO()
        y.dump(data, out)
        new = out.getvalue()
        if new == text:
            result.unchanged.append(rel)
            continue
        problems = schema_problems(new, rel)
        if problems:
            result.refused.append((rel, f"改后的记录不符合格式要求，未修改：{problems}"))
            continue
        result.changed.append((rel, text, new))
    return result


def schema_problems(text: str, rel: str) -> str:
    """What the record model says about an edited text, in validate's words (line, field, message, fix); "" when none."""
    try:
        source = parse_text(text)
        ImplementationRecord.model_validate(source.data)
    except SourceError as exc:
        return f"第 {exc.line} 行：{exc.message}（{exc.hint}）"
    except ValidationError as exc:
        findings = findings_from_error(exc, ImplementationRecord, source, rel)
        return "；".join(f"第 {f.line} 行 {f.field}：{f.message}（{f.hint}）" for f in findings)
    return ""


def write(root: Path, result: EditResult) -> None:
    for rel, _old, new in result.changed:
        (root / rel).write_text(new, encoding="utf-8")
