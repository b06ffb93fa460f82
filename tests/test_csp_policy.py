"""The Content-Security-Policy's list of inline scripts is the site's (generator/site/headers.py), and the nginx
configuration of docs/production.md sends exactly the headers `banshi run` sends. Without a browser; the browser
check is tests/browser/test_csp.py."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path

from generator.site.headers import INLINE_SCRIPTS, META_CONTENT_SECURITY_POLICY, nginx_lines
from tests.support import REPO

SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
TYPE = re.compile(r"""\btype=["']?([^"'\s>]+)""")
EXECUTED_TYPES = {"", "text/javascript", "module", "application/javascript"}  # anything else is a data block
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)


def inline_script_hashes(site: Path) -> dict[str, str]:
    """sha256 source expression -> the first page carrying that executed inline script."""
    found: dict[str, str] = {}
    for page in sorted(site.rglob("*.html")):
        for match in SCRIPT.finditer(page.read_text(encoding="utf-8")):
            attrs = match["attrs"]
            kind = TYPE.search(attrs)
            if "src=" in attrs or (kind.group(1).lower() if kind else "") not in EXECUTED_TYPES:
                continue
            digest = base64.b64encode(hashlib.sha256(match["body"].encode("utf-8")).digest()).decode()
            found.setdefault(f"sha256-{digest}", str(page.relative_to(site)))
    return found


def test_every_inline_script_of_the_site_is_allowed_by_hash_and_every_hash_is_used(repo_site: Path) -> None:
    found = inline_script_hashes(repo_site)
    missing = {h: page for h, page in found.items() if h not in INLINE_SCRIPTS}
    assert not missing, f"inline scripts the policy does not allow (add their hash to generator/site/headers.py): {missing}"
    unused = set(INLINE_SCRIPTS) - set(found)
    assert not unused, f"hashes no page uses (remove them): {unused}"


META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def test_every_theme_page_carries_the_policy_in_a_meta_tag_before_any_script(repo_site: Path) -> None:
    """For hosts without headers (GitHub Pages). The 材料清单 pages have no theme frame and no inline script."""
    wrong = []
    for page in sorted(repo_site.rglob("*.html")):
        if page.parent.name == "checklist":
            continue
        text = page.read_text(encoding="utf-8")
        found = META.findall(text)
        if [html.unescape(f) for f in found] != [META_CONTENT_SECURITY_POLICY] or text.index("<script") < text.index(found[0]):
            wrong.append(str(page.relative_to(repo_site)))
    assert not wrong, wrong[:5]
    assert "frame-ancestors" not in META_CONTENT_SECURITY_POLICY  # ignored in <meta>, with a console warning


def test_no_page_has_an_inline_event_handler(repo_site: Path) -> None:
    pages = [str(p.relative_to(repo_site)) for p in repo_site.rglob("*.html") if HANDLER.search(p.read_text(encoding="utf-8"))]
    assert not pages, f"onclick= and the like are blocked by the policy: {pages[:5]}"


def test_the_nginx_configuration_sends_the_same_headers_in_every_location() -> None:
    text = (REPO / "docs" / "production.md").read_text(encoding="utf-8")
    for line in nginx_lines():
        assert text.count(line) == 1, f"docs/production.md lacks: {line}"
    # nginx drops the server's add_header lines in a location that has add_header lines of its own
    server = re.search(r"^server \{$(?P<body>.*?)^\}$", text, re.S | re.M)
    assert server is not None
    assert re.search(r"^    include banshi_headers.conf;", server["body"], re.M), "the server block includes the headers"
    own = [line for line in server["body"].splitlines() if line.lstrip().startswith("location") and "add_header" in line]
    assert own, "the test means something: some locations set headers of their own"
    assert all("include banshi_headers.conf;" in line for line in own), [line for line in own if "include banshi_headers.conf;" not in line]
