"""Where the search assets live: the repository's search/ folder (the pinned Meilisearch package, query.json,
pinyin-chars.json, t2s-chars.json, understanding.json)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEARCH_DIR = REPO / "search"
