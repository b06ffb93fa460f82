"""What the search page is told at build time: Meilisearch host, index and search-only key (or none).

From the environment, so nothing secret sits in mkdocs.yml:
- MEILI_PUBLIC_URL: the address browsers use (may be a path on the site, e.g. /meili/); else MEILI_URL;
- MEILI_SEARCH_KEY: the search-only key (never the master key: generator/search/site_check.py fails the build);
- MEILI_INDEX: index name (default items).
Without a URL and a key the page uses the static index only.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_INDEX = "items"
#: The government service hotline the search page offers when nothing is found (one home for the number).
HOTLINE = "12345"
TIMEOUT_MS = 1500


@dataclass(frozen=True)
class PublicSearchConfig:
    url: str | None = None
    key: str | None = None
    index: str = DEFAULT_INDEX

    @property
    def meili_enabled(self) -> bool:
        return bool(self.url and self.key)

    def page_json(self) -> str:
        """The JSON put into the search page's data-config attribute (paths are relative to the search page)."""
        data: dict[str, object] = {
            "static": "static/",
            "query": "query.json",
            "pinyin": "pinyin-chars.json",
            "timeoutMs": TIMEOUT_MS,
            "meili": {"url": self.url, "key": self.key, "index": self.index} if self.meili_enabled else None,
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def from_env(env: Mapping[str, str] | None = None) -> PublicSearchConfig:
    env = os.environ if env is None else env
    url = (env.get("MEILI_PUBLIC_URL") or env.get("MEILI_URL") or "").strip() or None
    key = (env.get("MEILI_SEARCH_KEY") or "").strip() or None
    return PublicSearchConfig(url=url, key=key, index=(env.get("MEILI_INDEX") or DEFAULT_INDEX).strip())
