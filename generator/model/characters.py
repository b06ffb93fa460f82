"""Characters a clerk cannot see or cannot tell apart, by name: the one table every message names them from.

Text pasted from Word, Excel, web pages or typed with a Chinese input method brings in spaces and marks that look
like nothing (U+3000, U+00A0, zero-width characters, a byte-order mark) and full-width digits and letters that look
like ordinary ones. Messages name the character ("全角空格 U+3000") and say where it is, never "a control character".
"""

from __future__ import annotations

import unicodedata

NAMES: dict[str, str] = {
    "\u3000": "全角空格",
    "\u00a0": "不换行空格",
    "\u2002": "半角宽空格",
    "\u2003": "全角宽空格",
    "\u2009": "窄空格",
    "\u202f": "窄不换行空格",
    "\u200b": "零宽空格",
    "\u200c": "零宽不连字",
    "\u200d": "零宽连字",
    "\u200e": "从左到右标记",
    "\u200f": "从右到左标记",
    "\u2060": "字连接符",
    "\ufeff": "字节顺序标记（BOM）",
    "\u00ad": "软连字符",
    "\u2028": "行分隔符",
    "\u2029": "段分隔符",
    "\u061c": "阿拉伯字母标记",
    "\t": "制表符（Tab）",
    "\r": "回车符",
    "\x7f": "删除符",
}
NAMES.update({chr(c): "文字方向控制符" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})
#: Where a pasted line usually comes from, for the hint.
ORIGIN = {"\u3000": "中文输入法的空格", "\u00a0": "从网页或 Word 复制时带进来的", "\ufeff": "从别的文件复制时带进来的"}
#: Spaces that look like a space but are not one (YAML indents only with U+0020).
LOOKALIKE_SPACES = "\u3000\u00a0\u2002\u2003\u2009\u202f"
#: Characters with no width at all.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


def describe(ch: str) -> str:
    """A character by name and code point: 全角空格 U+3000, 控制字符 U+0001, 私用区字符 U+E000."""
    code = f"U+{ord(ch):04X}"
    if ch in NAMES:
        return f"{NAMES[ch]} {code}"
    category = unicodedata.category(ch)
    if category == "Co":
        return f"私用区字符 {code}"
    if category == "Cc":
        return f"控制字符 {code}"
    if category == "Cn":
        return f"未定义字符 {code}"
    return f"不可见字符 {code}"


def is_fullwidth_ascii(ch: str) -> bool:
    """A full-width form of an ASCII digit, letter or sign (０-９, Ａ-Ｚ, ａ-ｚ, －, ．), as typed in 全角 mode."""
    return "\uff01" <= ch <= "\uff5e"


def halfwidth(text: str) -> str:
    """`text` with full-width ASCII forms and the ideographic space turned into ordinary ones."""
    return "".join(chr(ord(ch) - 0xFEE0) if is_fullwidth_ascii(ch) else " " if ch == "\u3000" else ch for ch in text)


def fullwidth_note(text: str) -> str | None:
    """ "含全角数字「０」" when `text` has full-width digits or letters (not the punctuation Chinese text uses, ，：（）);
    None when it has none."""
    chars = [ch for ch in text if is_fullwidth_ascii(ch) and ch.isalnum()]
    if not chars:
        return None
    kind = "数字" if all(ch.isdigit() for ch in chars) else "字母" if all(ch.isalpha() for ch in chars) else "字符"
    return f"含全角{kind}「{chars[0]}」（全角输入法打出的）"
