"""What the build knows about Meilisearch (SearchSettings) and what the search page is told (PublicSearchConfig).

SearchSettings is read from the environment once, at the CLI edge (generator/commands/build.py), so nothing
secret sits in mkdocs.yml and nothing below the CLI reads os.environ:
- MEILI_PUBLIC_URL: the address browsers use (may be a path on the site, e.g. /meili/); else MEILI_URL;
- MEILI_URL: the address the build uses to verify the key (and the indexer to write);
- MEILI_SEARCH_KEY: the key to publish; it reaches the site only after generator/search/site_check.py has
  verified it is search-only on exactly this index;
- MEILI_MASTER_KEY: optional; with it the verification is exact and every other key is scanned for;
- MEILI_INDEX: index name (default items);
- MEILI_REMOTES: the remote names of a sharded deployment (generator/search/federation.py, `banshi index --shard`),
  comma separated. MEILI_URL and MEILI_SEARCH_KEY are then those of the entry shard (any one of them), MEILI_PUBLIC_URL
  the address browsers reach it at. The key is verified as above and, in addition, must run one federated search
  over exactly these remotes (site_check.py); the page then sends each search as one POST <url>multi-search with
  `federation` and one query per remote (search-federation.mjs, the twin of federation.py), and a remote that does
  not answer makes it fall back to the static index, never show one shard's half. A proxy in front of Meilisearch
  must pass POST <url>multi-search (`banshi run`'s does when started with the same remotes; docs/production.md).
Without a verified key the page uses the static index only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

DEFAULT_INDEX = "items"
TIMEOUT_MS = 1500


@dataclass(frozen=True)
class PublicSearchConfig:
    url: str | None = None
    key: str | None = None
    index: str = DEFAULT_INDEX
    remotes: tuple[str, ...] = ()  # federated: the remote names the page sends every search to

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
            "meili": self._meili() if self.meili_enabled else None,
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    def _meili(self) -> dict[str, object]:
        meili: dict[str, object] = {"url": self.url, "key": self.key, "index": self.index}
        if self.remotes:
            meili["remotes"] = list(self.remotes)
        return meili


@dataclass(frozen=True)
class SearchSettings:
    """Meilisearch settings handed to build_site; public_url/search_key are only candidates until verified."""

    public_url: str | None = None
    search_key: str | None = None
    index: str = DEFAULT_INDEX
    api_url: str | None = None
    master_key: str | None = field(default=None, repr=False)
    remotes: tuple[str, ...] = ()

    @property
    def wanted(self) -> bool:
        return bool(self.public_url or self.search_key)


def from_env(env: Mapping[str, str]) -> SearchSettings:
    """Called once by the CLI with os.environ; everything below gets the result."""

    def value(name: str) -> str | None:
        return (env.get(name) or "").strip() or None

    return SearchSettings(
        public_url=value("MEILI_PUBLIC_URL") or value("MEILI_URL"),
        search_key=value("MEILI_SEARCH_KEY"),
        index=value("MEILI_INDEX") or DEFAULT_INDEX,
        api_url=value("MEILI_URL"),
        master_key=value("MEILI_MASTER_KEY"),
        remotes=tuple(remote_names(value("MEILI_REMOTES"))),
    )


def remote_names(value: str | None) -> list[str]:
    """MEILI_REMOTES: "shard0,shard1" -> the remote names (none: one instance, no federation)."""
    return [name.strip() for name in (value or "").split(",") if name.strip()]
