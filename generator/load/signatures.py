"""Does an attachment's content match its extension? Magic bytes for each type items/_files/ may publish.

An HTML page renamed to .pdf or .txt would be published and served as a PDF or as text; a browser that sniffs it,
or a reader who saves and opens it, runs a web page we never meant to publish. So the first bytes must be those of
the format the extension names (the table below), an Office Open XML or OFD file must be a ZIP package holding that
format's main part, and a .txt file must be text (no NUL bytes, unless UTF-16 with a byte-order mark) without any
HTML, SVG or XML markup a browser would render.

A small table rather than a library: the question is yes or no for twelve extensions, two of them (.ofd, .wps/.et)
formats the general detection libraries do not name, and each row here is checkable against the format's
specification: PDF `%PDF-` (ISO 32000), PNG's 8-byte signature, JPEG's SOI marker `FF D8 FF`, the OLE2 compound
file header (doc, xls and WPS Office's wps/et), and ZIP's local file header `PK\\x03\\x04` (docx, xlsx, OFD).
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
# extension -> (format name in the message, magic bytes at offset 0)
MAGIC: dict[str, tuple[str, bytes]] = {
    ".pdf": ("PDF 文件", b"%PDF-"),
    ".png": ("PNG 图片", b"\x89PNG\r\n\x1a\n"),
    ".jpg": ("JPEG 图片", b"\xff\xd8\xff"),
    ".jpeg": ("JPEG 图片", b"\xff\xd8\xff"),
    ".doc": ("Word 97-2003 文档", OLE2),
    ".xls": ("Excel 97-2003 表格", OLE2),
    ".wps": ("WPS 文字文档", OLE2),
    ".et": ("WPS 表格", OLE2),
    ".docx": ("Word 文档", ZIP),
    ".xlsx": ("Excel 表格", ZIP),
    ".ofd": ("OFD 版式文件", ZIP),
}
# a ZIP package's main part: what makes it that format and not any ZIP archive
PACKAGE_PART = {".docx": "word/", ".xlsx": "xl/", ".ofd": "OFD.xml"}
MARKUP = re.compile(rb"<\s*(?:!doctype|html|head|body|script|iframe|frame|svg|object|embed|style|meta|link|img|form|\?xml)\b", re.IGNORECASE)
HEAD_BYTES = 1024
TEXT_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _read(path: Path, size: int) -> bytes:
    """Up to size bytes of a regular file, never through a symlink."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        return handle.read(size)


def what_it_is(head: bytes) -> str:
    """A Chinese name for what the first bytes show, for the message."""
    if MARKUP.search(head.lstrip()[:HEAD_BYTES]):
        return "HTML 网页或其他标记文本"
    for suffix in (".pdf", ".png", ".jpg"):
        name, magic = MAGIC[suffix]
        if head.startswith(magic):
            return name
    if head.startswith(ZIP):
        return "ZIP 压缩包"
    if head.startswith(OLE2):
        return "旧版 Office 文件（doc、xls 等）"
    return "无法识别的格式"


def _package_problem(path: Path, suffix: str) -> bool:
    try:
        with zipfile.ZipFile(path) as package:
            names = package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return True
    part = PACKAGE_PART[suffix]
    return not any(n.startswith(part) if part.endswith("/") else n == part for n in names)


def _text_problem(data: bytes) -> str | None:
    if data.startswith(TEXT_BOMS):
        text = data.decode("utf-16", errors="replace").encode("utf-8", errors="replace")
    elif b"\x00" in data:
        return "二进制内容"
    else:
        text = data
    return "HTML 网页或其他标记文本" if MARKUP.search(text) else None


def content_problem(path: Path, size_limit: int) -> tuple[str, str] | None:
    """(message, hint) in Chinese when the content is not what the extension says, else None; path is a regular file
    of an allowed type and at most size_limit bytes."""
    suffix = path.suffix.lower()
    try:
        data = _read(path, size_limit if suffix == ".txt" else HEAD_BYTES)
    except OSError:
        return ("无法读取", "确认文件可以打开后重新上传")
    if suffix == ".txt":
        found = _text_problem(data)
        if found is None:
            return None
        return (f"扩展名是 .txt，但文件内容不是纯文本（实际是：{found}）", "附件不能是网页：请上传 PDF、Word 等文档，或只含文字的 .txt 文件")
    name, magic = MAGIC[suffix]
    if data.startswith(magic) and not (suffix in PACKAGE_PART and _package_problem(path, suffix)):
        return None
    found = what_it_is(data) if not data.startswith(magic) else f"不含 {name} 内容的 ZIP 压缩包"
    return (
        f"扩展名是 {suffix}，但文件内容不是 {name}（实际是：{found}）",
        f"请上传真正的 {name}（用办公软件“另存为”或“导出为”这种格式），不要只改扩展名",
    )
