"""Atom feeds of item changes (变更记录): site-wide, per department and per region, written with feedgen."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from feedgen.feed import FeedGenerator
from markupsafe import escape

from generator.address.links import page_url
from generator.address.paths import item_page
from generator.history.changes import Entry, History
from generator.load.catalog import Catalog
from generator.model.item import Item
from generator.model.schedule import CHINA, build_date

FEEDS_DIR = "feeds"
ENTRIES_PER_FEED = 50


def entry_html(entry: Entry) -> str:
    if not entry.lines:
        return f"<p>{escape(entry.summary)}</p>"
    head = "<p>基本目录调整（各地同步）：</p>" if entry.status == "directory" else ""
    return head + "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in entry.lines) + "</ul>"


def write_feed(path: Path, title: str, feed_url: str, home: str, entries: list[Entry], items: dict[str, Item], site_url: str, author: str) -> None:
    fg = FeedGenerator()
    fg.id(feed_url)
    fg.title(title)
    fg.link(href=feed_url, rel="self")
    fg.link(href=home, rel="alternate")
    fg.language("zh-CN")
    fg.author({"name": author})  # the site title (mkdocs.yml): no city is written into code
    # the newest change, never the clock: the same history gives the same feed (reproducible builds)
    fg.updated(entries[0].when if entries else dt.datetime.combine(build_date(), dt.time(), CHINA))
    for entry in reversed(entries):  # feedgen prepends: add oldest first so the newest comes first
        item = items.get(entry.code)
        link = site_url + page_url(item_page(item)) + "#changes" if item else home
        fe = fg.add_entry()
        fe.id(f"{site_url}changes/{entry.commit}/{entry.code}")
        fe.title(f"{entry.title}：{entry.summary}"[:200])
        fe.link(href=link)
        fe.updated(entry.when)
        fe.published(entry.when)
        fe.content(entry_html(entry), type="html")
    path.parent.mkdir(parents=True, exist_ok=True)
    fg.atom_file(str(path), pretty=False)


def write_feeds(site_dir: Path, history: History, items: list[Item], catalog: Catalog, site_url: str, site_title: str) -> int:
    """all.xml, departments/<id>.xml, regions/<code>.xml for every department and region with an item; returns feeds written."""
    site_url = site_url.rstrip("/") + "/"
    by_code = {item.code: item for item in items}
    entries = history.entries() if history.available else []
    by_department: dict[str, list[Entry]] = defaultdict(list)
    by_region: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        item = by_code.get(entry.code)
        if item is None:
            continue
        if len(by_department[item.department.id]) < ENTRIES_PER_FEED:
            by_department[item.department.id].append(entry)
        if len(by_region[item.region.code]) < ENTRIES_PER_FEED:
            by_region[item.region.code].append(entry)
    out = site_dir / FEEDS_DIR
    write_feed(
        out / "all.xml", f"{site_title}：事项变更", f"{site_url}{FEEDS_DIR}/all.xml", site_url, entries[:ENTRIES_PER_FEED], by_code, site_url, site_title
    )
    written = 1
    for dep_id in sorted({i.department.id for i in items}):
        dep = catalog.departments[dep_id]
        url = f"{site_url}{FEEDS_DIR}/departments/{dep_id}.xml"
        write_feed(
            out / "departments" / f"{dep_id}.xml",
            f"{dep.name}：事项变更",
            url,
            f"{site_url}departments/{dep_id}/",
            by_department[dep_id],
            by_code,
            site_url,
            site_title,
        )
        written += 1
    for code in sorted({i.region.code for i in items}):
        region = catalog.regions[code]
        url = f"{site_url}{FEEDS_DIR}/regions/{code}.xml"
        write_feed(
            out / "regions" / f"{code}.xml", f"{region.name}：事项变更", url, f"{site_url}regions/{code}/", by_region[code], by_code, site_url, site_title
        )
        written += 1
    return written
