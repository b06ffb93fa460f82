"""The files the browser's own code fetches: the region list of the 选择所在地区 control, the static search index and
the query rules it shares with the server (query.json, pinyin-chars.json)."""

from __future__ import annotations

from pathlib import Path

from generator.model.catalog import Catalog
from generator.render.journey import regions_json
from generator.search.static_index import OUT_DIR, StaticIndex

SHARED_RULES = ("query.json", "pinyin-chars.json")


def write_browser_files(site_dir: Path, catalog: Catalog | None, static_index: StaticIndex | None, search_assets: Path) -> None:
    if catalog is not None:  # a few hundred regions: fetched on demand
        regions = site_dir / "assets" / "regions.json"
        regions.parent.mkdir(parents=True, exist_ok=True)
        regions.write_text(regions_json(catalog), encoding="utf-8")
    out = site_dir / OUT_DIR
    if static_index is not None:
        static_index.write(out)
    for name in SHARED_RULES:
        source = search_assets / name
        if source.is_file():
            (out.parent / name).write_bytes(source.read_bytes())
