"""Code arithmetic: unified social credit codes (GB 32100), basic and implementation codes."""

from __future__ import annotations

import re

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# Patterns, also used by the model (records.py) and so by the JSON Schema. ASCII digits ([0-9], never \d).
CREDIT_CHARS = "[0-9A-HJ-NPQRTUWXY]"  # GB 32100: digits and capitals except I, O, S, V, Z
CREDIT_PATTERN = rf"^{CREDIT_CHARS}{{18}}$"
BASIC_CODE_PATTERN = r"^[0-9]{12}$"
DIVISION_PATTERN = r"^[0-9]{6}([0-9]{3})?$"  # GB/T 2260 county and above (6 digits), township (9 digits)
IMPLEMENTATION_CODE_PATTERN = rf"^{CREDIT_CHARS}{{18}}[1-6][0-9]{{12}}$"  # credit code + level digit + basic code
#: The file name (without .yaml) of a record whose guide states no implementation code: it keys the item's page.
RECORD_KEY_PATTERN = r"^[a-z][a-z0-9-]{0,79}$"
CREDIT_RE = re.compile(CREDIT_PATTERN)
BASIC_CODE_RE = re.compile(BASIC_CODE_PATTERN)

# Item type name -> two-digit type code (digits 3-4 of a basic code).
ITEM_TYPES: dict[str, str] = {
    "行政许可": "01",
    "行政处罚": "02",
    "行政强制": "03",
    "行政征收": "04",
    "行政给付": "05",
    "行政检查": "06",
    "行政确认": "07",
    "行政奖励": "08",
    "行政裁决": "09",
    "其他行政权力": "10",
    "公共服务": "20",
}

# Exercise level name -> level digit of an implementation code.
LEVELS: dict[str, str] = {"国家": "1", "省": "2", "市": "3", "县": "4", "乡": "5", "村": "6"}
LEVEL_BY_DIGIT = {digit: name for name, digit in LEVELS.items()}
# The tiers a division code can have (division_tier), top first: the order pages, indexes and reports sort by.
TIERS = ("省", "市", "县", "乡")


def tier_rank(region_code: str) -> int:
    return TIERS.index(division_tier(region_code))


def credit_check_char(first17: str) -> str:
    """Return the GB 32100 check character for the first 17 characters of a credit code."""
    total = sum(CREDIT_ALPHABET.index(ch) * w for ch, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """Explain what is wrong with a credit code in Chinese, or None when it is valid."""
    if len(code) != 18:
        return f"统一社会信用代码应为 18 位，这里是 {len(code)} 位"
    if not CREDIT_RE.match(code):
        return "统一社会信用代码只能由数字和大写字母组成，且不含 I、O、S、V、Z"
    expected = credit_check_char(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码校验位错误：第 18 位应为「{expected}」，实际为「{code[17]}」"
    return None


def make_credit_code(first17: str) -> str:
    return first17 + credit_check_char(first17)


def basic_code_problem(code: str, item_type: str | None) -> str | None:
    """Explain what is wrong with a 12-digit basic code, or None."""
    if not BASIC_CODE_RE.fullmatch(code):
        return "基本编码应为 12 位数字"
    if item_type is not None and ITEM_TYPES.get(item_type) != code[2:4]:
        return f"基本编码第 3-4 位「{code[2:4]}」是事项类型代码，「{item_type}」应为「{ITEM_TYPES.get(item_type, '??')}」"
    return None


def split_implementation_code(code: str | None) -> tuple[str, str, str] | None:
    """Split a 31-character implementation code into (credit code, level digit, basic code); None when not stated."""
    if code is None or len(code) != 31:
        return None
    return code[:18], code[18], code[19:]


def division_tier(code: str) -> str:
    """Tier name of a GB/T 2260 division code: 省, 市, 县 or 乡."""
    if len(code) == 9:
        return "乡"
    if code.endswith("0000"):
        return "省"
    if code.endswith("00"):
        return "市"
    return "县"
