"""Turn pydantic validation errors into Chinese findings with positions and fixes."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.load.yaml_source import Source
from generator.model.fields import field_path, section_of, submodel
from generator.model.findings import Finding

TYPE_NAMES = {
    "string_type": "文字",
    "int_type": "整数",
    "bool_type": "true 或 false",
    "list_type": "列表（每项以 - 开头）",
    "model_type": "「字段: 值」的映射",
    "dict_type": "「字段: 值」的映射",
    "date_type": "日期，如 2026-10-12",
    "int_parsing": "整数",
    "model_attributes_type": "「字段: 值」的映射",
}


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that owns the last key of `loc`."""
    current: type[BaseModel] | None = model
    for part in loc[:-1]:
        if isinstance(part, int) or current is None:
            continue
        info = current.model_fields.get(str(part))
        if info is None:
            return None
        current = submodel(info.annotation)
    return current


def _description(owner: type[BaseModel] | None, key: str) -> str:
    if owner is None or key not in owner.model_fields:
        return ""
    return owner.model_fields[key].description or ""


def _explain(err: dict[str, Any], owner: type[BaseModel] | None, key: str) -> tuple[str, str]:
    kind = err["type"]
    desc = _description(owner, key)
    value = err.get("input")
    if kind == "missing":
        return f"缺少必填字段「{key}」（{desc}）", f"添加一行 {key}: …，填写{desc or '该字段'}"
    if kind == "extra_forbidden":
        known = list(owner.model_fields) if owner else []
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
        hint = f"是不是想写「{close[0]}」？" if close else ""
        return f"未知字段「{key}」", hint + f"可用的字段有：{'、'.join(known)}"
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"「{value}」不是允许的取值", f"只能填写以下之一：{expected}"
    if kind == "value_error":
        message = str(err.get("ctx", {}).get("error", err["msg"]))
        return message, "按提示修改这个值"
    if kind in TYPE_NAMES:
        shown = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
        hint = f"这里应填写{TYPE_NAMES[kind]}"
        if kind == "string_type" and isinstance(value, (int, float)):
            hint += '；编码、区划代码等数字串请加英文引号，如 "410200"'
        if kind == "int_type" and isinstance(value, str) and value.strip("+-").replace("_", "").isascii():
            hint += f"；整数只能写十进制数字，不要以 0 开头，也不要用 0x、0o、下划线或冒号（「{value}」按文字保留）"
        return f"类型错误：{desc or key} 应为{TYPE_NAMES[kind]}，实际是 {shown}", hint
    if kind == "string_pattern_mismatch":
        return f"「{value}」格式不对（{desc}）", "核对位数和字符：" + desc
    if kind in ("too_short", "string_too_short"):
        return f"{desc or key}不能为空", "至少填写一项"
    if kind == "string_too_long":
        limit, actual = err.get("ctx", {}).get("max_length"), len(value) if isinstance(value, str) else "?"
        return f"{desc or key}过长：{actual} 个字，上限 {limit} 个字", f"删减到 {limit} 个字以内；详细内容可放到附件中"
    if kind == "too_long":
        limit = err.get("ctx", {}).get("max_length")
        actual = len(value) if isinstance(value, list) else err.get("ctx", {}).get("actual_length", "?")
        return f"{desc or key}过多：{actual} 项，上限 {limit} 项", f"删减到 {limit} 项以内"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"数值 {value} 超出范围（{err['msg']}）", "填写合理的数值"
    return f"{err['msg']}", "按字段说明修改"


def findings_from_error(exc: ValidationError, model: type[BaseModel], source: Source, file: str) -> list[Finding]:
    out: list[Finding] = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith(("function-", "json-or-python"))))
        owner = _model_at(model, loc) if loc else model
        key = str(loc[-1]) if loc and not isinstance(loc[-1], int) else ""
        message, hint = _explain(err, owner, key)
        line, column = source.position(loc)
        out.append(Finding("error", file, line, column, field_path(loc), section_of(model, loc), message, hint))
    return out
