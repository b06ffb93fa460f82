"""QR codes of page URLs, as small inline SVG."""

from __future__ import annotations

import segno


def qr_svg(url: str, title: str = "本页二维码") -> str:
    code = segno.make(url, error="m", micro=False)
    return code.svg_inline(scale=3, border=2, title=title, svgclass="bs-qr", lineclass=None, dark="#000")
