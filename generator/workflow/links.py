"""`banshi check --links`: visit every link the guide sends a citizen to and report, per department, what is dead or
now leads somewhere else.

The links are the ones a page shows: the 在线办理 deep link (when the record offers online application), the
网上预约 address, each hall's map link, and each material's blank form and sample when they are web addresses
(files under items/_files/ are checked when the catalog loads). One URL used by many items is visited once.

Politeness: the URLs are grouped by host; one worker takes one host at a time and waits `interval` seconds between
two requests to it, so no host ever sees two requests at once; at most `concurrency` hosts are visited together.
A HEAD request first, a GET (body not read) when the server refuses HEAD. Redirects are followed by hand, at most
five, so the report can say where a link leads. Results are kept in a JSON cache and reused while younger than
`max_age`, so a daily run does not visit every link every day.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

from generator.address.apply_link import ApplyLinks
from generator.model.item import Item

MAX_REDIRECTS = 5
USER_AGENT = "Banshi-link-check/1 (service guide link check)"  # header values are Latin-1
REFUSES_HEAD = {403, 405, 501}


@dataclass(frozen=True)
class LinkUse:
    """Where a guide shows a link: which item, which field (a Chinese label) and the department responsible."""

    department: str
    item: str
    file: str
    field: str


@dataclass
class LinkResult:
    url: str
    verdict: str  # "ok", "dead" or "moved"
    detail: str  # Chinese: 状态 404, 没有回应（10 秒）, 跳转到 https://…
    final_url: str = ""
    checked: str = ""  # ISO time of the visit

    def to_json(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class LinkReport:
    results: dict[str, LinkResult] = field(default_factory=dict)
    uses: dict[str, list[LinkUse]] = field(default_factory=dict)
    visited: int = 0  # requests sent in this run (the rest came from the cache)

    def bad(self, verdict: str) -> list[LinkResult]:
        return [r for r in self.results.values() if r.verdict == verdict]


def collect_links(items: Iterable[Item], apply: ApplyLinks | None) -> dict[str, list[LinkUse]]:
    """Every web address the guide's pages link to, with where it is used (one URL, many uses)."""
    uses: dict[str, list[LinkUse]] = defaultdict(list)

    def add(url: str | None, item: Item, label: str) -> None:
        if url and url.startswith("https://"):
            uses[url].append(LinkUse(item.department.name, item.name, item.file, label))

    for item in items:
        record = item.record
        if apply is not None and record.online and record.online.apply:
            add(apply.url_for(item), item, "在线办理")
        if record.online and record.online.appointment:
            add(record.online.appointment_url, item, "网上预约")
        for n, location in enumerate(record.locations, 1):
            add(location.map_url, item, f"办理地点{n}的地图")
        for material in item.materials:
            add(material.blank_form, item, f"{material.name}：空白表格")
            add(material.sample, item, f"{material.name}：示例样表")
    return dict(uses)


def visit(session: requests.Session, url: str, timeout: float) -> LinkResult:
    """One link: follow up to MAX_REDIRECTS redirects by hand; dead on an error status, silence or a failure."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        try:
            response = session.head(current, allow_redirects=False, timeout=timeout)
            if response.status_code in REFUSES_HEAD:
                response.close()
                response = session.get(current, allow_redirects=False, timeout=timeout, stream=True)
            response.close()
        except requests.Timeout:
            return LinkResult(url, "dead", f"没有回应（{timeout:g} 秒内）", current, now)
        except (requests.RequestException, ValueError, OSError) as exc:  # also a malformed address: one dead link, never a crash
            return LinkResult(url, "dead", f"无法连接（{exc.__class__.__name__}）", current, now)
        status = response.status_code
        if 300 <= status < 400 and response.headers.get("Location"):
            current = urljoin(current, response.headers["Location"])
            continue
        if status >= 400:
            return LinkResult(url, "dead", f"状态 {status}", current, now)
        if moved_elsewhere(url, current):
            return LinkResult(url, "moved", f"跳转到 {current}", current, now)
        return LinkResult(url, "ok", f"状态 {status}", current, now)
    return LinkResult(url, "dead", f"跳转超过 {MAX_REDIRECTS} 次", current, now)


def moved_elsewhere(original: str, final: str) -> bool:
    """A redirect to another host, or from a page to the site's front page (where dead pages are often sent).
    Same-host changes such as an added slash are not reported."""
    a, b = urlsplit(original), urlsplit(final)
    if (a.hostname or "").lower() != (b.hostname or "").lower():
        return True
    return a.path.strip("/") != "" and b.path.strip("/") == ""


def read_cache(path: Path) -> dict[str, LinkResult]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {url: LinkResult(**entry) for url, entry in data.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}  # no cache, or one this version cannot read: visit again


def write_cache(path: Path, results: Mapping[str, LinkResult]) -> None:
    """Atomically: a run that is stopped half way leaves the previous cache."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".links-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump({u: r.to_json() for u, r in sorted(results.items())}, out, ensure_ascii=False, indent=1)
    os.replace(tmp, path)


def fresh(result: LinkResult, max_age: float, now: datetime) -> bool:
    try:
        checked = datetime.fromisoformat(result.checked)
    except ValueError:
        return False
    return 0 <= (now - checked).total_seconds() < max_age


def check_links(
    uses: Mapping[str, list[LinkUse]],
    cache: Path | None = None,
    *,
    max_age: float = 86400.0,
    concurrency: int = 4,
    interval: float = 1.0,
    timeout: float = 10.0,
    session_factory: Callable[[], requests.Session] = requests.Session,
) -> LinkReport:
    """Visit the links not in the cache (or older than max_age seconds), politely, and return every result."""
    now = datetime.now(UTC)
    cached = read_cache(cache) if cache else {}
    report = LinkReport(uses=dict(uses))
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in sorted(uses):
        if url in cached and fresh(cached[url], max_age, now):
            report.results[url] = cached[url]
        else:
            by_host[(urlsplit(url).hostname or "").lower()].append(url)
    lock = threading.Lock()

    def visit_host(urls: list[str]) -> None:
        with session_factory() as session:
            session.headers["User-Agent"] = USER_AGENT
            for n, url in enumerate(urls):
                if n:
                    time.sleep(interval)  # politeness between two requests to one host, not a wait for an event
                result = visit(session, url, timeout)
                with lock:
                    report.results[url] = result
                    report.visited += 1

    if by_host:
        with ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(by_host)))) as pool:
            list(pool.map(visit_host, by_host.values()))
    if cache:
        write_cache(cache, {**cached, **report.results})
    return report


def report_rows(report: LinkReport) -> dict[str, list[tuple[LinkResult, LinkUse]]]:
    """Department → (result, use) for every dead or moved link, in a stable order."""
    rows: dict[str, list[tuple[LinkResult, LinkUse]]] = defaultdict(list)
    for result in sorted(report.results.values(), key=lambda r: r.url):
        if result.verdict == "ok":
            continue
        for use in report.uses.get(result.url, []):
            rows[use.department].append((result, use))
    return dict(sorted(rows.items()))


VERDICT = {"dead": "打不开", "moved": "跳转到别处"}


def render_links(report: LinkReport, fmt: str) -> str:
    """The report: per department, what is dead (fix it) and what now leads elsewhere (check it)."""
    rows = report_rows(report)
    dead, moved = len(report.bad("dead")), len(report.bad("moved"))
    summary = f"共检查 {len(report.results)} 个链接（本次访问 {report.visited} 个，其余来自缓存）：{dead} 个打不开，{moved} 个跳转到别处。"
    if fmt == "json":
        return json.dumps(
            {
                "checked": len(report.results),
                "visited": report.visited,
                "dead": dead,
                "moved": moved,
                "departments": {
                    d: [{**asdict(u), "url": r.url, "verdict": r.verdict, "detail": r.detail, "final_url": r.final_url} for r, u in entries]
                    for d, entries in rows.items()
                },
            },
            ensure_ascii=False,
            indent=1,
        )
    lines = ["## 链接检查", "", summary] if fmt == "markdown" else [summary]
    for department, entries in rows.items():
        if fmt == "markdown":
            lines += ["", f"### {department}", "", "| 事项 | 位置 | 链接 | 结果 |", "|---|---|---|---|"]
            lines += [f"| {u.item} | {u.field} | {r.url} | {VERDICT[r.verdict]}：{r.detail} |" for r, u in entries]
        else:
            lines += ["", f"{department}："]
            lines += [f"  {u.file}：{u.item}，{u.field}：{VERDICT[r.verdict]}（{r.detail}）{r.url}" for r, u in entries]
    return "\n".join(lines)
