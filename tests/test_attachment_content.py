"""Attachments are checked by content, not by extension alone (security review 2026-12b, S11): real files of every
allowed type pass; HTML, or another format, under an allowed extension is refused and never published.
The located findings are in tests/cases/rules/attachment-html-saved-as-*.yaml."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfWriter

from generator.load.signatures import MAGIC, OLE2
from generator.load.tree import ATTACHMENT_TYPES, attachment_problem, publishable_attachments

HTML = b"<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>\n"


def image(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, fmt)
    return out.getvalue()


def pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def package(*names: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in names:
            z.writestr(name, "<?xml version='1.0'?><x/>")
    return out.getvalue()


GOOD = {
    ".pdf": pdf,
    ".png": lambda: image("PNG"),
    ".jpg": lambda: image("JPEG"),
    ".jpeg": lambda: image("JPEG"),
    ".docx": lambda: package("[Content_Types].xml", "word/document.xml"),
    ".xlsx": lambda: package("[Content_Types].xml", "xl/workbook.xml"),
    ".ofd": lambda: package("OFD.xml", "Doc_0/Document.xml"),
    # the OLE2 compound file header of doc, xls, wps and et, then a sector of zeros
    ".doc": lambda: OLE2 + bytes(504),
    ".xls": lambda: OLE2 + bytes(504),
    ".wps": lambda: OLE2 + bytes(504),
    ".et": lambda: OLE2 + bytes(504),
    ".txt": lambda: "食品经营许可申请书\n申请人：________\n".encode(),
}


def problem(tmp_path: Path, suffix: str, data: bytes) -> tuple[str, str] | None:
    path = tmp_path / f"form{suffix}"
    path.write_bytes(data)
    return attachment_problem(path, path.lstat())


def test_every_allowed_type_has_a_content_check() -> None:
    assert set(GOOD) == ATTACHMENT_TYPES == {*MAGIC, ".txt"}


@pytest.mark.parametrize("suffix", sorted(GOOD))
def test_real_content_passes_and_html_is_refused(tmp_path: Path, suffix: str) -> None:
    assert problem(tmp_path, suffix, GOOD[suffix]()) is None
    refused = problem(tmp_path, suffix, HTML)
    assert refused is not None and "HTML 网页" in refused[0] and f"扩展名是 {suffix}" in refused[0], refused
    assert problem(tmp_path, suffix, b"  \n" + HTML) is not None  # leading whitespace does not hide it


def test_another_format_under_an_extension_is_named(tmp_path: Path) -> None:
    assert problem(tmp_path, ".pdf", image("PNG")) == (
        "扩展名是 .pdf，但文件内容不是 PDF 文件（实际是：PNG 图片）",
        "请上传真正的 PDF 文件（用办公软件“另存为”或“导出为”这种格式），不要只改扩展名",
    )
    any_zip = problem(tmp_path, ".docx", package("readme.txt"))
    assert any_zip is not None and "不含 Word 文档 内容的 ZIP 压缩包" in any_zip[0], any_zip
    assert problem(tmp_path, ".xlsx", package("[Content_Types].xml", "word/document.xml")) is not None
    binary = problem(tmp_path, ".txt", b"MZ\x90\x00\x03\x00")
    assert binary is not None and "二进制内容" in binary[0]
    utf16 = "申请书\r\n".encode("utf-16")  # Notepad's "Unicode" text, with its byte-order mark
    assert problem(tmp_path, ".txt", utf16) is None
    assert problem(tmp_path, ".txt", "<html>".encode("utf-16")) is not None


def test_refused_files_are_not_published(tmp_path: Path) -> None:
    forms = tmp_path / "items" / "_files" / "forms"
    forms.mkdir(parents=True)
    (forms / "good.pdf").write_bytes(pdf())
    (forms / "evil.pdf").write_bytes(HTML)
    (forms / "evil.txt").write_bytes(b"<html><script>alert(1)</script></html>")
    assert [p.name for p in publishable_attachments(tmp_path)] == ["good.pdf"]
