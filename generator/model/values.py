"""Value checks shared by model fields: no markup in text, safe links, phones with area codes.

Each raises ValueError with a Chinese message; pydantic turns it into a finding.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import urlsplit

MARKUP_RE = re.compile(r"<\s*/?\s*[A-Za-z!?]|&#?[A-Za-z0-9]+;|\{\{|\{%")
SCHEME_RE = re.compile(r"(?i)\b(javascript|data|vbscript)\s*:")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
PHONE_RE = re.compile(r"^0\d{2,3}-\d{7,8}(-\d{1,6})?$|^(12345|12348|110|12315|12333|12329|12320|12336)$|^1\d{10}$")
FILES_PREFIX = "items/_files/"


def check_text(value: str) -> str:
    if MARKUP_RE.search(value):
        raise ValueError("文本中不能含有 HTML 标记、字符实体或模板语法（如 <img>、&amp;、{{ }}）；请改为纯文字")
    if SCHEME_RE.search(value):
        raise ValueError("文本中不能含有 javascript:、data: 等脚本链接；请删除")
    if CONTROL_RE.search(value):
        raise ValueError("文本中含有不可见的控制字符；请删除后重新输入")
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


def check_phone(value: str) -> str:
    if not PHONE_RE.match(value):
        raise ValueError("电话号码应带区号，如 0371-23456789，或 12345 等服务热线")
    return value
