"""Tracking parameters in a link: what share buttons and ad systems add to an address (utm_source, WeChat's
from=singlemessage, click ids). They say nothing about the page, follow a citizen from our guide to the next site,
and make two records' links differ for no reason. Validation warns on them; the 网上预约 link is shown without them.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

#: Parameters removed whatever their value: campaign tags (utm_*) and the click ids of ad and social platforms.
TRACKING_PREFIXES = ("utm_",)
TRACKING_KEYS = frozenset({"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid", "spm", "_hsenc", "_hsmi"})
#: WeChat's share marks: `from` and `isappinstalled` only with the values WeChat writes (a site may use `from` itself).
WECHAT_SHARE = {"from": frozenset({"singlemessage", "groupmessage", "timeline"}), "isappinstalled": frozenset({"0", "1"})}


def is_tracking(key: str, value: str) -> bool:
    lowered = key.lower()
    return lowered.startswith(TRACKING_PREFIXES) or lowered in TRACKING_KEYS or value in WECHAT_SHARE.get(lowered, ())


def tracking_params(url: str) -> list[str]:
    """The names of the tracking parameters in `url`'s query, in order."""
    try:
        query = urlsplit(url).query
    except ValueError:
        return []
    return [key for key, value in parse_qsl(query, keep_blank_values=True) if is_tracking(key, value)]


def without_tracking(url: str) -> str:
    """`url` with its tracking parameters removed (the rest of the query kept in order); unchanged when it has none."""
    if not tracking_params(url):
        return url
    parts = urlsplit(url)
    kept = [(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking(key, value)]
    return urlunsplit(parts._replace(query=urlencode(kept, safe=":/")))
