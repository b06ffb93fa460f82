"""One national export run: its batch (cd_batch, cd_time), the catalog's exchange settings, stable guids and the
version ledger that gives task_version.

- guids: UUIDv5 in one fixed namespace: task_guid of the implementation code, row_guid of code + table part +
  handling item + position. The same record gives the same guids on every machine and every run.
- task_version: `items/_national/versions.csv` (committed with the catalog) holds, per implementation code, the last
  version sent and a digest of the resolved record it was sent with. A record whose digest differs (any change of
  the resolved record, a change of its directory item or department included) gets the next version; the export
  command writes the ledger after writing the tables. Never lower, never reused.
- cd_time / cd_batch: the export's time and a new id; the tables published with the site are dated by the newest
  record instead, with an id derived from that date (a build is reproducible).
- settings: `items/_national/settings.yaml` states what the records cannot: data_source, is_single_login,
  app_is_single_login (NOT NULL columns of the platform). Absent: the columns stay empty and the export reports
  the rows as not loadable.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.load.yaml_source import SourceError, load_data
from generator.model.additions import without_empty_later
from generator.model.item import Item
from generator.model.national import FOLDER, TABLES

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/banshi/national-exchange")
LEDGER = FOLDER / "versions.csv"
SETTINGS = FOLDER / "settings.yaml"
SETTING_KEYS = ("data_source", "is_single_login", "app_is_single_login")
CHINA = dt.timezone(dt.timedelta(hours=8))
# Not part of what a version describes: addresses of this site's pages and the history-derived date.
VOLATILE = ("page_url", "data_url", "last_changed", "source_file")


class SettingsError(Exception):
    pass


def digest(record: dict[str, Any]) -> str:
    data = without_empty_later({k: v for k, v in record.items() if k not in VOLATILE})
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()[:32]


@dataclass
class Versions:
    """The ledger: implementation code -> (last version sent, digest of the record sent)."""

    known: dict[str, tuple[int, str]] = field(default_factory=dict)

    def version_of(self, code: str, sha: str) -> int:
        last, seen = self.known.get(code, (0, ""))
        return last if seen == sha else last + 1

    def version(self, code: str, record: dict[str, Any]) -> int:
        return self.version_of(code, digest(record))

    def record(self, code: str, sha: str) -> None:
        self.known[code] = (self.version_of(code, sha), sha)

    def deleted(self, code: str) -> int:
        """The version a deletion is sent with (and is recorded as)."""
        return self.version_of(code, "deleted")


def read_versions(root: Path) -> Versions:
    path = root / LEDGER
    if not path.is_file():
        return Versions()
    with path.open(encoding="utf-8", newline="") as fh:
        return Versions({row["task_code"]: (int(row["task_version"]), row["digest"]) for row in csv.DictReader(fh)})


def write_versions(root: Path, versions: Versions) -> None:
    path = root / LEDGER
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["task_code", "task_version", "digest"])
        writer.writerows([code, v, sha] for code, (v, sha) in sorted(versions.known.items()))
    tmp.replace(path)


def read_settings(root: Path) -> dict[str, str]:
    path = root / SETTINGS
    if not path.is_file():
        return {}
    try:
        data = load_data(path)
    except SourceError as exc:
        raise SettingsError(f"{SETTINGS}：{exc.message}") from None
    out = {}
    lengths = {c.name: c.length for c in TABLES["up_task_general_basic"]}
    for key, value in data.items():
        if key not in SETTING_KEYS:
            raise SettingsError(f"{SETTINGS}：不认识的设置「{key}」，只能写 {'、'.join(SETTING_KEYS)}")
        if not isinstance(value, str) or not value or len(value) > (lengths[key] or 0):
            raise SettingsError(f"{SETTINGS}：{key} 应为加引号的代码（不超过 {lengths[key]} 个字符），实际是 {value!r}")
        out[key] = value
    return out


@dataclass(frozen=True)
class Batch:
    time: str  # cd_time, China time
    batch: str  # cd_batch, 32 characters
    settings: dict[str, str]
    versions: Versions

    def task_guid(self, code: str) -> str:
        return str(uuid.uuid5(NAMESPACE, code))

    def row_guid(self, code: str, key: str) -> str:
        return str(uuid.uuid5(NAMESPACE, f"{code}:{key}"))


def snapshot_batch(root: Path, items: Sequence[Item]) -> Batch:
    """The batch of the tables published with the site: dated by the newest record (`updated`, midnight China time),
    with an id derived from that date, so the same catalog always builds the same bytes."""
    newest = max((i.record.updated for i in items), default=dt.date(2000, 1, 1))
    when = dt.datetime.combine(newest, dt.time(), CHINA)
    batch = new_batch(root, when, strict=False)
    return Batch(batch.time, uuid.uuid5(NAMESPACE, f"site:{batch.time}").hex, batch.settings, batch.versions)


def new_batch(root: Path, now: dt.datetime | None = None, strict: bool = True) -> Batch:
    """A batch for an export now, with the project's settings and ledger. SettingsError when the settings are wrong;
    not strict (the site build), wrong settings count as none: the columns stay empty, `banshi export` says why."""
    now = (now or dt.datetime.now(CHINA)).astimezone(CHINA)
    try:
        settings = read_settings(root)
    except SettingsError:
        if strict:
            raise
        settings = {}
    return Batch(now.strftime("%Y-%m-%d %H:%M:%S"), now.strftime("%Y%m%d%H%M%S") + uuid.uuid4().hex[:18], settings, read_versions(root))
