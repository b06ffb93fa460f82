"""Value checks shared by model fields: no markup or invisible characters in text, safe links, phones, dates.

Each raises ValueError with a Chinese message; pydantic turns it into a finding. Length limits are set on the
field types in records.py (pydantic's max_length), far above anything a real guide needs (docs/security.md).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from urllib.parse import urlsplit

from generator.model.characters import describe, fullwidth_note, halfwidth

MARKUP_RE = re.compile(r"<\s*/?\s*[A-Za-z!?]|&#?[A-Za-z0-9]+;|\{\{|\{%")
SCHEME_RE = re.compile(r"(?i)\b(javascript|data|vbscript)\s*:")
# Invisible or direction-changing characters a reader cannot see but that change what the text says or how it
# is shown: C0/C1 controls (U+0085 NEL included), soft hyphen, Arabic letter mark, zero-width and direction
# marks (U+200B-200F), line/paragraph separators, bidi embeddings and isolates, word joiner and invisible
# operators, a byte-order mark (a leading one is removed when the file is read), private-use characters
# (Meilisearch's highlight markers are U+E000/U+E001), tag characters and noncharacters.
CONTROL_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb"
    "\ue000-\uf8ff\U000e0000-\U000e007f\U000f0000-\U0010ffff\ufdd0-\ufdef\ufffe\uffff]"
)
LINE_BREAK_RE = re.compile(r"[\r\n]")
#: National service and supervision hotlines a guide may give instead of a local number (one home for the list):
#: 12345 政务服务便民热线, 12389 公安机关和队伍建设监督, 12366 纳税服务, 12319 城市建设服务, 12315 市场监管投诉举报,
#: 12333 人社服务, 12348 法律服务, 12329 住房公积金, 12320 卫生健康, 12336 自然资源违法举报, 12388 纪检监察举报,
#: 12358 价格举报, 12369 生态环境举报, 12328 交通运输服务监督, 12350 安全生产举报, 12351 职工维权, 12355 青少年服务,
#: 12338 妇女维权, 12393 医疗保障服务, 110 报警.
NATIONAL_HOTLINES = (
    "12345", "12389", "12366", "12319", "12315", "12333", "12348", "12329", "12320", "12336",
    "12388", "12358", "12369", "12328", "12350", "12351", "12355", "12338", "12393", "110",
)  # fmt: skip
PHONE_RE = re.compile(r"0[0-9]{2,3}-[0-9]{7,8}(-[0-9]{1,6})?|" + "|".join(NATIONAL_HOTLINES) + r"|1[0-9]{10}")
DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
FILES_PREFIX = "items/_files/"
#: THE Han (CJK ideograph) character class, the one home of it for Python and the browser (search/browser_rules.py
#: writes it into the site's rules.mjs): the unified ideographs (U+4E00-9FFF), extension A (U+3400-4DBF) and the
#: compatibility ideographs (U+F900-FAFF). Only the Basic Multilingual Plane: the browser's regular expressions run
#: on UTF-16 code units, so an extension B+ character (𠀀, two units) is not Han on either side.
HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN = re.compile(f"[{HAN_CLASS}]")
HAN_RUN = re.compile(f"[{HAN_CLASS}]+")
#: The national government service hotline (12345 政务服务便民热线), the default of a city's `hotline` option (one home
#: for the number): the search page offers it when nothing is found.
HOTLINE = "12345"


def check_text(value: str) -> str:
    if MARKUP_RE.search(value):
        raise ValueError("文本中不能含有 HTML 标记、字符实体或模板语法（如 <img>、&amp;、{{ }}）；请改为纯文字")
    if SCHEME_RE.search(value):
        raise ValueError("文本中不能含有 javascript:、data: 等脚本链接；请删除")
    invisible = CONTROL_RE.search(value)
    if invisible:
        at = invisible.start()
        where = f"第 {at + 1} 个字" + (f"，「{value[max(0, at - 6) : at]}」之后" if at else "，在最前面")
        raise ValueError(f"文本中含有看不见的{describe(invisible.group())}（{where}）；请删除它（可把这段文字删掉后重新输入）")
    return value


def check_line(value: str) -> str:
    """A single-line text (names, keywords): the text rules, and no line break."""
    check_text(value)
    if LINE_BREAK_RE.search(value):
        raise ValueError("这一项只能写一行：请删除其中的换行")
    return value


def check_link(value: str) -> str:
    """A link is an https URL, or a repository path under items/_files/."""
    if CONTROL_RE.search(value) or any(ch.isspace() for ch in value):
        raise ValueError("链接中不能含有空格或控制字符")
    parts = urlsplit(value)
    if parts.scheme:
        if parts.scheme.lower() != "https":
            raise ValueError(f"链接只允许 https://，不允许「{parts.scheme}:」；请改为 https 地址")
        if not parts.netloc or "@" in parts.netloc:
            raise ValueError("https 链接缺少主机名或含有用户名；请填写完整地址，如 https://www.kaifeng.gov.cn/")
        return value
    if value.startswith("//"):
        raise ValueError("链接不能以 // 开头；请写完整的 https:// 地址")
    normalized = posixpath.normpath(value)
    if value.startswith("/") or "\\" in value or not normalized.startswith(FILES_PREFIX) or ".." in value.split("/"):
        raise ValueError(f"附件路径必须位于仓库的 {FILES_PREFIX} 目录内，不能用 ..、/ 开头或反斜杠；如 {FILES_PREFIX}表格/申请表.pdf")
    return value


def check_https(value: str) -> str:
    """A web address the reader is sent to: https only (the site's host allow-list is applied when rendering)."""
    check_link(value)
    if not urlsplit(value).scheme:
        raise ValueError("这里只能填写 https:// 网址，如 https://www.hnzwfw.gov.cn/kaifeng/yuyue")
    return value


DASHES = "—–－‐‑―─"
LOCAL_NUMBER_RE = re.compile(r"^[0-9]{7,8}$")


def phone_problem(value: str) -> str | None:
    """What is wrong with a phone number, in words a clerk can act on; None when it is fine."""
    # fullmatch: `$` would accept a trailing newline; [0-9]: `\d` would accept full-width and other digits.
    if PHONE_RE.fullmatch(value):
        return None
    note = fullwidth_note(value)
    if note and PHONE_RE.fullmatch(halfwidth(value)):
        return f"电话号码{note}：改为半角，写成 {halfwidth(value)}"
    if any(dash in value for dash in DASHES):
        fixed = "".join("-" if ch in DASHES else ch for ch in value)
        return f"电话号码中用了破折号或全角横线：区号和号码之间用半角短横线「-」，写成 {fixed}"
    if "转" in value:
        number, _, extension = value.partition("转")
        return f"分机号不要写「转」：写成 {number.strip()}-{extension.strip()}（号码和分机号之间用半角短横线）"
    digits = re.sub(r"[\s()（）]", "", value)
    if LOCAL_NUMBER_RE.fullmatch(digits):
        return f"电话号码缺少区号：在号码前加上本市的区号和半角短横线「-」，写成「区号-{digits}」"
    if re.fullmatch(r"0[0-9]{2,3}[0-9]{7,8}", digits):
        return f"区号和号码之间要加半角短横线「-」，如 {digits[:4]}-{digits[4:]}"
    return "电话号码写成「区号-号码」（如 0371-23456789），或 12345 等服务热线；只写一行半角数字和 -"


def check_phone(value: str) -> str:
    problem = phone_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def parse_date(value: object) -> object:
    """A date written as 2026-09-30, quoted or not (records are read with YAML 1.2 rules: no implicit dates).

    An impossible date (2026-02-30, 2026-13-45) is a finding on its line, never a crash.
    """
    if not isinstance(value, str):
        return value  # a date object (from Python callers), or a wrong type pydantic reports itself
    if not DATE_RE.fullmatch(value):
        raise ValueError(f"日期「{value}」格式不对：应写成 年-月-日，如 2026-09-30")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"日期「{value}」不存在（月份应为 01-12，日期不能超过当月天数）：请核对后填写，如 2026-09-30") from None
