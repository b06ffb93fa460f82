"""Atom feeds of item changes (变更记录): site-wide, per department and per region, written with feedgen.

One directory (基本目录) change is one feed entry naming the regions it affects, not one per implementation. Every
string is made XML-safe here (docs/history.md), and an entry the writer still refuses is replaced by a short notice:
one bad entry never stops a feed or the build.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from feedgen.feed import FeedGenerator
from markupsafe import escape

from generator.address.links import page_url
from generator.address.paths import item_page, service_page
from generator.history.changes import Entry, History
from generator.model.catalog import Catalog
from generator.model.item import Item
from generator.model.schedule import CHINA, build_date
from generator.model.values import CONTROL_RE

FEEDS_DIR = "feeds"
ENTRIES_PER_FEED = 50
TITLE_CHARS = 200
TEXT_CHARS = 2000
# Characters XML 1.0 does not allow (outside #x9 #xA #xD #x20-#xD7FF #xE000-#xFFFD #x10000-#x10FFFF), plus the
# invisible and direction-changing ones the record rules refuse (model/values.py).
XML_INVALID_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
UNSHOWN = "（本条变更无法显示）"
log = logging.getLogger("mkdocs.plugins.banshi")


def xml_text(value: str, limit: int = TEXT_CHARS) -> str:
    text = CONTROL_RE.sub("", XML_INVALID_RE.sub("", value))
    return text if len(text) <= limit else text[:limit] + "…"


@dataclass(frozen=True)
class FeedEntry:
    """One entry as a feed shows it: an item's change, or one directory change for all its implementations."""

    key: str
    when: dt.datetime
    title: str
    link: str
    html: str


def entry_html(entry: Entry, regions: list[str] | None = None) -> str:
    lines = "<ul>" + "".join(f"<li>{escape(xml_text(line))}</li>" for line in entry.lines) + "</ul>"
    if entry.status == "directory":
        where = f"<p>涉及地区：{escape('、'.join(regions or []))}</p>"
        return "<p>基本目录调整（各地同步）：</p>" + lines + where
    return f"<p>{escape(xml_text(entry.summary))}</p>" if not entry.lines else lines


def directory_regions(entries: list[Entry], by_code: dict[str, Item]) -> dict[tuple[str, str], list[str]]:
    """(commit, basic code) of each directory change -> the names of the regions it affects, in code order."""
    out: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for entry in entries:
        if entry.status == "directory" and entry.code in by_code:
            region = by_code[entry.code].region
            out[entry.commit, entry.basic].add((region.code, region.name))
    return {key: [name for _, name in sorted(regions)] for key, regions in out.items()}


def feed_entries(entries: list[Entry], by_code: dict[str, Item], regions: dict[tuple[str, str], list[str]], site_url: str) -> list[FeedEntry]:
    """The newest ENTRIES_PER_FEED, a directory change once (where its first implementation comes in the order)."""
    out: list[FeedEntry] = []
    seen: set[tuple[str, str]] = set()
    for entry in entries:
        item = by_code.get(entry.code)  # None for a deleted item: all.xml still announces it, linking home
        if entry.status == "directory":
            if (entry.commit, entry.basic) in seen:
                continue
            seen.add((entry.commit, entry.basic))
            named = regions.get((entry.commit, entry.basic), [])
            title = f"{entry.title}：基本目录调整（{len(named)} 个地区）"
            link = site_url + page_url(service_page(entry.basic))
            key = f"{site_url}changes/{entry.commit}/directory/{entry.basic}"
            out.append(FeedEntry(key, entry.when, xml_text(title, TITLE_CHARS), link, entry_html(entry, named)))
        else:
            link = site_url + page_url(item_page(item)) + "#changes" if item else site_url
            title = xml_text(f"{entry.title}：{entry.summary}", TITLE_CHARS)
            out.append(FeedEntry(f"{site_url}changes/{entry.commit}/{entry.code}", entry.when, title, link, entry_html(entry)))
        if len(out) == ENTRIES_PER_FEED:
            break
    return out


def write_feed(path: Path, title: str, feed_url: str, home: str, entries: list[FeedEntry], author: str) -> None:
    fg = FeedGenerator()
    fg.id(feed_url)
    fg.title(xml_text(title, TITLE_CHARS))
    fg.link(href=feed_url, rel="self")
    fg.link(href=home, rel="alternate")
    fg.language("zh-CN")
    fg.author({"name": xml_text(author, TITLE_CHARS)})  # the site title (mkdocs.yml): no city is written into code
    # the newest change, never the clock: the same history gives the same feed (reproducible builds)
    fg.updated(entries[0].when if entries else dt.datetime.combine(build_date(), dt.time(), CHINA))
    for entry in reversed(entries):  # feedgen prepends: add oldest first so the newest comes first
        fe = fg.add_entry()
        fe.id(entry.key)
        fe.link(href=entry.link)
        fe.updated(entry.when)
        fe.published(entry.when)
        try:
            fe.title(entry.title)
            fe.content(entry.html, type="html")
            fe.atom_entry()  # the writer's own check, now: a refusal costs this entry only
        except ValueError as exc:
            log.warning("banshi: 订阅 %s 中的一条变更无法写出（%s），已改为提示", path.name, exc)
            fe.title(UNSHOWN)
            fe.content(f"<p>{UNSHOWN}</p>", type="html")
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
        if item is not None:
            by_department[item.department.id].append(entry)
            by_region[item.region.code].append(entry)
    out = site_dir / FEEDS_DIR
    regions = directory_regions(entries, by_code)

    def write(rel: str, title: str, home: str, chosen: list[Entry]) -> None:
        shown = feed_entries(chosen, by_code, regions, site_url)
        write_feed(out / rel, title, f"{site_url}{FEEDS_DIR}/{rel}", home, shown, site_title)

    write("all.xml", f"{site_title}：事项变更", site_url, entries)
    written = 1
    for dep_id in sorted({i.department.id for i in items}):
        write(f"departments/{dep_id}.xml", f"{catalog.departments[dep_id].name}：事项变更", f"{site_url}departments/{dep_id}/", by_department[dep_id])
        written += 1
    for code in sorted({i.region.code for i in items}):
        write(f"regions/{code}.xml", f"{catalog.regions[code].name}：事项变更", f"{site_url}regions/{code}/", by_region[code])
        written += 1
    return written
