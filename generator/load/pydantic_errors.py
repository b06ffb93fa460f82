"""Turn pydantic validation errors into Chinese findings with positions and fixes."""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.load.yaml_source import Source, SourceError, read_text
from generator.model.characters import LOOKALIKE_SPACES, ZERO_WIDTH, describe, fullwidth_note, halfwidth
from generator.model.fields import field_path, section_of, submodel
from generator.model.findings import Finding
from generator.model.values import HAN, NATIONAL_HOTLINES

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


ROMAN = {"I": "Ⅰ", "II": "Ⅱ", "III": "Ⅲ", "IV": "Ⅳ", "1": "Ⅰ", "2": "Ⅱ", "3": "Ⅲ", "4": "Ⅳ"}
YES_NO = {"是": "true", "否": "false", "有": "true", "无": "false", "对": "true", "不是": "false"}
YES_NO.update({w: "true" for w in ("yes", "Yes", "YES", "on", "On", "ON", "y", "Y")} | {w: "false" for w in ("no", "No", "NO", "off", "Off", "OFF", "n", "N")})
QUOTES = "“”‘’「」"
BOUNDS = {"greater_than_equal": ("ge", "不能小于"), "greater_than": ("gt", "必须大于"), "less_than_equal": ("le", "不能大于"), "less_than": ("lt", "必须小于")}


def _choices(err: ErrorDetails) -> list[str]:
    """The allowed values of a literal, from pydantic's "'a', 'b' or 'c'" text."""
    return re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected", "")))


def _shown(value: Any, raw: str | None) -> str:
    """A value as the clerk wrote it: the source text when known (an octal-read code stays 000104001000)."""
    if raw:
        return raw
    if value is None:
        return "（空）"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return "「字段: 值」的映射" if isinstance(value, dict) else "列表"
    return str(value)


def _explain(err: ErrorDetails, owner: type[BaseModel] | None, key: str, raw: str | None = None) -> tuple[str, str]:
    kind = err["type"]
    desc = _description(owner, key)
    what = re.split("[，：；（]", desc)[0] if desc else key
    value = err.get("input")
    if kind == "missing":
        return f"缺少必填字段「{key}」（{desc}）", f"添加一行 {key}: …，填写{desc or '该字段'}"
    if kind == "extra_forbidden":
        known = list(owner.model_fields) if owner else []
        hidden = [ch for ch in key if not ch.isprintable() or ch in LOOKALIKE_SPACES or ch in ZERO_WIDTH]
        if hidden and (cleaned := "".join(ch for ch in key if ch not in hidden).strip()) in known:
            return f"字段名「{cleaned}」里夹着看不见的{describe(hidden[0])}", f"删除这一行的字段名，重新输入 {cleaned}"
        if HAN.search(key):
            hint = "补充说明请写在 note 等说明字段中，或写成以 # 开头的注释（注释不会显示在网站上）；可用的字段有："
            return f"「{key}」不是字段名：字段名只能用说明中列出的英文名称", hint + "、".join(known)
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
        hint = f"是不是想写「{close[0]}」？" if close else ""
        return f"未知字段「{key}」", hint + f"可用的字段有：{'、'.join(known)}"
    if value is None and kind not in ("missing",):
        return f"「{key}」冒号后面是空的：{what}必须填写", f"在 {key}: 后面填写{what}；暂时不清楚的，请先向业务科室核实，不要留空"
    if kind == "literal_error":
        choices = _choices(err)
        text = str(value).strip()
        if key == "depth" and text.upper() in ROMAN:
            return f"网上办理深度「{text}」要用罗马数字符号，不是英文字母或阿拉伯数字", f"改为 {ROMAN[text.upper()]}（可从这里复制：Ⅰ Ⅱ Ⅲ Ⅳ）"
        return f"「{text}」不是{what}的可选值", f"只能填写以下之一：{'、'.join(choices)}"
    if kind == "value_error":
        message = str(err.get("ctx", {}).get("error", err["msg"]))
        return message, "按提示修改后重新提交"
    if kind == "bool_type":
        text = str(value).strip()
        if text in YES_NO:
            return f"{what}要填写 true（是）或 false（否），不能写「{text}」", f"把「{text}」改为 {YES_NO[text]}"
        return f"{what}要填写 true（是）或 false（否），这里是「{_shown(value, raw)}」", "改为 true 或 false"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        text = _shown(value, raw)
        number = re.match(r"^\s*(-?\d+)", text)
        if isinstance(value, float) and value.is_integer():
            return f"{what}要填写整数，这里是「{text}」", f"去掉小数点，写成 {int(value)}"
        if isinstance(value, str) and re.match(r"^[+-]?(0[xXoObB0-9]|[0-9]+[_:])", value.strip()):
            return f"{what}要填写十进制整数，这里是「{text}」", "只写十进制数字，不要以 0 开头，也不要用 0x、0o、下划线或冒号"
        if number:
            return f"{what}只填数字，这里是「{text}」", f"改为 {number.group(1)}；单位写在 unit 中，说明写在 note 中"
        return f"{what}要填写整数，这里是「{text}」", "填写阿拉伯数字，如 5"
    if kind == "string_type" and isinstance(value, int | float) and not isinstance(value, bool):
        text = _shown(value, raw)
        if key == "phone" and (text in NATIONAL_HOTLINES or re.fullmatch(r"1[0-9]{10}", text)):
            return f"电话号码「{text}」被读成了数字：服务热线和手机号码要加英文引号", f'加英文引号，写成 "{text}"'
        if key == "phone":
            return f'电话号码缺少区号：写成 "区号-{text}"（本市的区号，加英文引号）', "固定电话要带区号；只有 12345 这样的服务热线可以不带区号，但要加英文引号"
        lost = "（开头的 0 会丢失）" if text.startswith("0") else ""
        return f"{what}「{text}」被读成了数字{lost}：编码和代码是文字，要加英文引号", f'加英文引号，写成 "{text}"'
    if kind == "date_type" or kind == "date_parsing" or kind == "date_from_datetime_parsing":
        return f"{what}「{_shown(value, raw)}」不是规定的日期格式", "日期写成 2026-10-12（年-月-日，用半角短横线），不要写成「2026年10月12日」或「2026/10/12」"
    if kind in TYPE_NAMES:
        return f"{what}应为{TYPE_NAMES[kind]}，这里是「{_shown(value, raw)}」", f"这里应填写{TYPE_NAMES[kind]}"
    if kind == "string_pattern_mismatch":
        text = str(value)
        note = fullwidth_note(text)
        if note:
            return f"{what}「{text}」{note}", f"改为半角，写成 {halfwidth(text).strip()}"
        invisible = next((ch for ch in text if not ch.isprintable() or ch in LOOKALIKE_SPACES or ch in ZERO_WIDTH), None)
        if invisible:
            return f"{what}「{text}」里夹着看不见的{describe(invisible)}", f"删除它，只保留{desc or '规定的字符'}"
        if any(q in text for q in QUOTES):
            fixed = text.strip(QUOTES)
            return f"「{text}」用了中文引号", f'改为英文引号，写成 "{fixed}"'
        return f"「{text}」格式不对（{desc}）", "核对位数和字符：" + desc
    if kind in ("too_short", "string_too_short"):
        return f"{what}不能为空", "至少填写一项"
    if kind == "string_too_long":
        limit, actual = err.get("ctx", {}).get("max_length"), len(value) if isinstance(value, str) else "?"
        return f"{what}过长：{actual} 个字，上限 {limit} 个字", f"删减到 {limit} 个字以内；详细内容可放到附件中"
    if kind == "too_long":
        limit = err.get("ctx", {}).get("max_length")
        actual = len(value) if isinstance(value, list) else err.get("ctx", {}).get("actual_length", "?")
        return f"{what}过多：{actual} 项，上限 {limit} 项", f"删减到 {limit} 项以内"
    if kind in BOUNDS:
        bound_key, words = BOUNDS[kind]
        bound = err.get("ctx", {}).get(bound_key)
        if bound == 0 and kind == "greater_than_equal":
            return f"{what}不能是负数，这里是 {value}", "填写 0 或正数：承诺时限写实际办结的天数，如 10"
        return f"{what}{words} {bound}，这里是 {value}", f"填写 {bound} 以内的合理数值" if "大于" in words else f"填写不小于 {bound} 的数值"
    return f"{what}的值不符合要求", "按字段说明（CONTRIBUTING.zh-CN.md 第五节）修改"


def raw_text(source: Source, loc: tuple[Any, ...]) -> str | None:
    """The scalar text after `key:` on the line of `loc`, as written in the file (None when unknown)."""
    path = getattr(source, "path", None)
    if path is None or not loc:
        return None
    try:
        line_no, _col = source.position(loc)
        line = read_text(path).splitlines()[line_no - 1]
    except (OSError, IndexError, SourceError):
        return None
    key = loc[-1]
    if isinstance(key, str):
        match = re.search(rf"(?:^|[\s{{,]){re.escape(key)}\s*:\s*([^,}}#]*)", line)
        return match.group(1).strip() or None if match else None
    item = re.match(r"^\s*-\s*(.*)$", line)
    return item.group(1).strip() or None if item else None


def _visible(key: object) -> object:
    return "".join(ch for ch in key if ch.isprintable() and ch not in LOOKALIKE_SPACES and ch not in ZERO_WIDTH).strip() if isinstance(key, str) else key


def _located(err: ErrorDetails) -> tuple[Any, ...]:
    return tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith(("function-", "json-or-python"))))


def explain_error(exc: ValidationError, model: type[BaseModel]) -> list[str]:
    """Each error as `field：message（hint）` in Chinese, for text with no file to point into (banshi import)."""
    out = []
    for err in exc.errors(include_url=False):
        loc = _located(err)
        owner = _model_at(model, loc) if loc else model
        key = str(loc[-1]) if loc and not isinstance(loc[-1], int) else ""
        message, hint = _explain(err, owner, key)
        out.append(f"{field_path(loc) or '（整个记录）'}：{message}（{hint}）")
    return out


def findings_from_error(exc: ValidationError, model: type[BaseModel], source: Source, file: str) -> list[Finding]:
    out: list[Finding] = []
    errors = exc.errors(include_url=False)
    # a key written with an invisible character is one mistake (reported on its line), not also a missing field
    hidden = {(*e["loc"][:-1], _visible(e["loc"][-1])) for e in errors if e["type"] == "extra_forbidden" and _visible(e["loc"][-1]) != e["loc"][-1]}
    for err in errors:
        if err["type"] == "missing" and tuple(err["loc"]) in hidden:
            continue
        loc = _located(err)
        owner = _model_at(model, loc) if loc else model
        key = str(loc[-1]) if loc and not isinstance(loc[-1], int) else ""
        message, hint = _explain(err, owner, key, raw_text(source, loc))
        line, column = source.position(loc)
        out.append(Finding("error", file, line, column, field_path(loc), section_of(model, loc), message, hint))
    return out
