"""The security headers of every answer of the guide: `banshi run` sends them, docs/production.md's nginx sends the same.

The Content-Security-Policy allows what the pages use and nothing else (docs/security.md, "Browser headers"):
- scripts: the site's own files ('self': banshi.mjs and its modules, the theme's bundle.js, the Meilisearch client),
  and exactly three inline scripts, by the sha256 of their text. No 'unsafe-inline', no 'unsafe-eval', and no
  inline event handlers (onclick=…): an injected <script> or handler does not run. JSON and JSON-LD <script> blocks are
  data, never executed, so script-src does not apply to them;
- styles: the site's own stylesheets and inline styles ('unsafe-inline'): the 改革进展 charts are SVG drawn at build
  time with a <style> block and style attributes whose text follows the data, so no fixed hash can allow them.
  Styles cannot run code; the cost is that an injected <style> could restyle a page;
- images: the site's own and data: URIs (the theme's icons are data: SVG in its stylesheet);
- connections: same origin only (the search page's /meili/ proxy and its JSON files);
- no plugins (object-src), no <base> (base-uri), forms submit to the site (form-action), and only the site may frame
  its pages (frame-ancestors, with X-Frame-Options for older browsers).
"""

from __future__ import annotations

#: sha256 (base64) of each inline script the pages carry, with its home. A changed text needs a new hash here;
#: tests/test_csp_policy.py builds the site and names any inline script whose hash is missing, and any hash no page uses.
INLINE_SCRIPTS = {
    # site_templates/overrides/main.html: 长辈版 (care mode) before the first paint, assets/javascripts/care-early.js inlined
    "sha256-AphPLqPGtpNChbNHPCX7A3S69yxZZisur5rDOc8jv8U=": "main.html care mode (care-early.js)",
    # site_templates/overrides/partials/javascripts/base.html: the theme's storage helpers (__md_scope, __md_get, ...)
    "sha256-CfD1/yIxXjBYFEOv8ptfWOD3YalR13EpHAi/Ll28LxU=": "theme partials/javascripts/base.html",
    # the theme's partials/javascripts/content.html: opens the content tab named in the address's #fragment
    "sha256-/8wPdzX9q0NNJXyA5lzsLojXFpkeaXVxhbfkUOQaWy8=": "theme partials/javascripts/content.html",
}

DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", " ".join(["'self'", *(f"'{h}'" for h in INLINE_SCRIPTS)])),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'none'"),
    ("form-action", "'self'"),
    ("frame-ancestors", "'self'"),
)
CONTENT_SECURITY_POLICY = "; ".join(f"{name} {value}" for name, value in DIRECTIVES)
#: The same policy in each page's <meta http-equiv> (site_templates/overrides/main.html), for hosts that send no
#: headers (GitHub Pages). A <meta> policy cannot say frame-ancestors (browsers ignore it there, with a warning).
META_CONTENT_SECURITY_POLICY = "; ".join(f"{name} {value}" for name, value in DIRECTIVES if name != "frame-ancestors")
REFERRER_POLICY = "strict-origin-when-cross-origin"  # other sites see the origin, never a page or a search (?q=)

SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),  # a file is what its Content-Type says (an HTML text saved as .pdf stays a PDF)
    ("X-Frame-Options", "SAMEORIGIN"),  # frame-ancestors for browsers without CSP level 2
    ("Referrer-Policy", REFERRER_POLICY),
)


def nginx_lines() -> list[str]:
    """The `add_header` lines of docs/production.md (a test checks the document carries exactly these)."""
    return [f'add_header {name} "{value}" always;' for name, value in SECURITY_HEADERS]
