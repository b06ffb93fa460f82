"""What the JSON Schema adds to pydantic's, so an editor refuses what `banshi validate` refuses.

pydantic's generated schema knows types, enums, lengths and code patterns; the value checks (values.py) and the
per-record rules (validate/record_rules.py) are Python. The ones JSON Schema can express are restated here from
the same regular expressions, with a Chinese `errorMessage` (the ajv-errors convention; editors that do not
know the keyword show the description). tests/test_schema_agreement.py runs a corpus through both and fails
on any disagreement. Not expressible, so checked by validate only: catalog look-ups, code arithmetic, values
compared across fields (two phones equal, prose days vs the number), duplicates in lists, comments left by
`banshi new`, and `1.0` for an integer (JSON has one number type).
"""

from __future__ import annotations

import re
from typing import Any

from pydantic.json_schema import JsonValue

from generator.model.values import CONTROL_RE, DATE_RE, MARKUP_RE, PHONE_RE, SCHEME_RE


def _bmp(pattern: str) -> str:
    """The character class without its astral ranges (editors' regular expressions run without the u flag)."""
    without_ranges = re.sub("[\U00010000-\U0010ffff]-[\U00010000-\U0010ffff]", "", pattern)
    return "".join(ch for ch in without_ranges if ord(ch) <= 0xFFFF)


def _ci(pattern: str) -> str:
    """A (?i) pattern without the flag: each letter outside escapes as [xX]."""
    out, escaped = [], False
    for ch in pattern.replace("(?i)", ""):
        out.append(f"[{ch.lower()}{ch.upper()}]" if ch.isalpha() and ch.isascii() and not escaped else ch)
        escaped = ch == "\\" and not escaped
    return "".join(out)


END = r"(?![\s\S])"  # end of text in both ECMA and Python regular expressions (`$` also matches before a final newline in Python)

TEXT: dict[str, Any] = {
    "not": {"anyOf": [{"pattern": MARKUP_RE.pattern}, {"pattern": _ci(SCHEME_RE.pattern)}, {"pattern": _bmp(CONTROL_RE.pattern)}]},
    "errorMessage": "纯文字：不能含 HTML 标记、字符实体、模板语法、脚本链接或不可见字符",
}
LINE: dict[str, Any] = {**TEXT, "pattern": f"^[^\\r\\n]*{END}", "errorMessage": "只能写一行纯文字"}
PHONE: dict[str, Any] = {
    "pattern": f"^(?:{PHONE_RE.pattern}){END}",
    "errorMessage": "电话带区号，如 0371-23456789（分机 0371-23456789-8001），或 12345 等服务热线",
}
DATE: dict[str, Any] = {"pattern": f"^{DATE_RE.pattern}{END}", "errorMessage": "日期写成 2026-10-12"}
LINK: dict[str, Any] = {
    "pattern": r"^(?:[Hh][Tt][Tt][Pp][Ss]://[^\s/@?#]+(?:[/?#]\S*)?|items/_files/(?!(?:.*/)?\.\.(?:/|$))[^\s\\]+)" + END,
    "errorMessage": "https:// 链接，或 items/_files/ 下的文件路径",
}


PLACE_OR_ADDRESS_MESSAGE = "办理地点要写地址（address）、场所名称（name），或办事指南所写的一类场所（place_class，如 户籍所在地派出所）"
#: A location states an address, a named place or a class of places (the model's Location._place_or_address).
PLACE_OR_ADDRESS: list[JsonValue] = [
    {"required": [key], "properties": {key: {"type": "string"}}, "errorMessage": PLACE_OR_ADDRESS_MESSAGE} for key in ("address", "name", "place_class")
]


def _when(condition: dict[str, Any], then: dict[str, Any], message: str) -> dict[str, Any]:
    return {"if": condition, "then": then, "errorMessage": message}


# The per-record rules of validate/record_rules.py that only look at the record's own fields.
RECORD_RULES: list[JsonValue] = [
    _when(
        {"properties": {"onsite_visits": {"minimum": 1}}, "required": ["onsite_visits"]},
        {"required": ["onsite_reason"]},
        "到现场 1 次以上要写 onsite_reason（必须到现场的理由）",
    ),
    _when(
        # `properties` holds for a value that is no object: the condition names the type so that an online service
        # left out (未公布, null in the resolved record) is not taken for 全程网办
        {"properties": {"online": {"type": "object", "properties": {"depth": {"const": "Ⅳ"}}, "required": ["depth"]}}, "required": ["online"]},
        {"properties": {"onsite_visits": {"const": 0}}},
        "全程网办（深度Ⅳ）的事项到现场次数必须为 0",
    ),
    _when(
        {"properties": {"onsite_visits": {"const": 0}, "online": {"properties": {"depth": {"enum": ["Ⅰ", "Ⅱ", "Ⅲ"]}}}}, "required": ["onsite_visits"]},
        {"properties": {"online": {"properties": {"express_delivery": {"const": True}}, "required": ["express_delivery"]}}},
        "到现场 0 次、又非全程网办，必须提供物流快递",
    ),
    _when(
        {"properties": {"onsite_visits": {"const": 0}}, "required": ["onsite_visits"]},
        {"properties": {"online": {"properties": {"apply": {"const": True}, "depth": {"enum": ["Ⅲ", "Ⅳ"]}}}}},
        "到现场 0 次的事项必须能网上申报（apply: true，深度 Ⅲ 或 Ⅳ）",
    ),
    _when(
        {"properties": {"case_type": {"const": "即办件"}}, "required": ["case_type"]},
        {"properties": {"promised_time_limit": {"properties": {"value": {"const": 0}}}}},
        "即办件的承诺时限为 0",
    ),
    _when(
        {"properties": {"case_type": {"const": "承诺件"}}, "required": ["case_type"]},
        {"properties": {"promised_time_limit": {"properties": {"value": {"minimum": 1}}}}},
        "承诺件的承诺时限大于 0",
    ),
    _when(
        {"properties": {"fee": {"properties": {"charged": {"const": True}}, "required": ["charged"]}}},
        {"properties": {"fee": {"required": ["items"], "properties": {"items": {"minItems": 1}}}}},
        "收费事项要列出收费项目（fee.items）",
    ),
    _when(
        {"properties": {"fee": {"properties": {"charged": {"const": False}}, "required": ["charged"]}}},
        {"properties": {"fee": {"properties": {"items": {"maxItems": 0}}}, "online": {"properties": {"payment": {"const": False}}}}},
        "不收费的事项不列收费项目，也不开通网上缴费",
    ),
]
