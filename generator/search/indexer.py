"""Reindex without downtime: fill a fresh temporary index, check it, swap it in, delete the old one.

1. create `<index>_new_<random>` and apply the settings (generator/search/settings.py);
2. add the documents as NDJSON batches of ~1,000 and wait for every task;
3. compare the temporary index's document count with the model's (duplicate ids, dropped documents);
4. `POST /swap-indexes` (atomic: searches see the old or the new index, never a partial one);
5. delete the temporary index, which now holds the old documents;
6. create or reuse the search-only key (actions ["search"], indexes [index]).

Any failure before the swap deletes the temporary index (best effort) and leaves `<index>` serving as
it was. Two runs at once each fill their own uniquely named temporary index and swap in turn (swaps are
serialized tasks); the last swap wins and both leave a complete index.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from generator.processes import alive
from generator.search.meili import Meili, MeiliError

BATCH_SIZE = 1000
STALE_AFTER = 300.0  # seconds: an idle temporary index of another machine untouched this long belongs to a dead run
SEARCH_KEY_NAME = "banshi-search"

Progress = Callable[[str, dict[str, Any]], None]


class IndexingFailed(RuntimeError):
    """Reindex failed; the served index is unchanged. The message is for people (Chinese)."""


@dataclass
class IndexReport:
    index: str
    documents: int
    search_key: str
    seconds: float

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _no_progress(stage: str, info: dict[str, Any]) -> None:
    pass


def ndjson_batches(documents: Sequence[dict[str, Any]], size: int = BATCH_SIZE) -> list[list[bytes]]:
    lines = [json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode() for doc in documents]
    return [lines[i : i + size] for i in range(0, len(lines), size)]


def host_tag() -> str:
    return hashlib.sha1(socket.gethostname().encode()).hexdigest()[:8]


def temp_index_name(index: str) -> str:
    """`<index>_new_<host>_<pid>_<random>`: who fills it is in the name, so a later run can tell a dead run's."""
    return f"{index}_new_{host_tag()}_{os.getpid()}_{secrets.token_hex(4)}"


def search_key_description(index: str) -> str:
    return f"Banshi 公开搜索密钥：只能搜索索引 {index}（可发布到网站）"


def ensure_search_key(meili: Meili, index: str, rotate: bool = False) -> str:
    """Reuse the oldest key named banshi-search with exactly actions ["search"] on [index]; create it if missing.

    rotate=True creates a new key first, then deletes the previous ones (publish the site with the new
    key before rotating again: old pages stop searching once their key is deleted).
    """
    keys = meili.get("/keys", limit=1000)["results"]
    ours = sorted(
        (k for k in keys if k.get("name") == SEARCH_KEY_NAME and k.get("actions") == ["search"] and k.get("indexes") == [index] and k.get("expiresAt") is None),
        key=lambda k: k["createdAt"],
    )
    if ours and not rotate:
        return str(ours[0]["key"])
    created = meili.post(
        "/keys",
        {"name": SEARCH_KEY_NAME, "description": search_key_description(index), "actions": ["search"], "indexes": [index], "expiresAt": None},
    )
    for old in ours:
        meili.delete(f"/keys/{old['uid']}")
    return str(created["key"])


def remove_stale_temp_indexes(meili: Meili, index: str, idle_after: float = STALE_AFTER, keep: str = "") -> list[str]:
    """Delete `<index>_new_*` indexes left by runs that died (killed, machine lost), without waiting an hour.

    Never one a concurrent run is filling: an index with an enqueued or processing task is kept; one named for
    this machine is stale at once when its process is gone; any other (another machine, a live process, an
    older name format) when it has not changed for idle_after seconds (a live run touches its index every few
    seconds: create, settings, batches, count, swap).
    """
    now = datetime.now(UTC)
    pending = {str(t.get("indexUid")) for t in meili.get("/tasks", statuses="enqueued,processing", limit=1000)["results"]}
    here = host_tag()
    removed: list[str] = []
    uids: list[int] = []
    for entry in meili.get("/indexes", limit=1000)["results"]:
        uid = str(entry["uid"])
        if not uid.startswith(f"{index}_new_") or uid == keep:
            continue
        match = re.fullmatch(rf"{re.escape(index)}_new_([0-9a-f]{{8}})_([0-9]+)_[0-9a-f]+", uid)
        dead_here = bool(match and match.group(1) == here and not alive(int(match.group(2))))
        if uid in pending and not dead_here:
            continue  # a live run may be filling it; a dead run's queued batches are cancelled by the delete below
        updated = datetime.fromisoformat(str(entry["updatedAt"]))  # Meilisearch: RFC 3339, "Z", up to 9 fraction digits
        stale = dead_here or (now - updated).total_seconds() > idle_after
        if stale:
            uids.append(int(meili.delete(f"/indexes/{uid}")["taskUid"]))
            removed.append(uid)
    meili.wait_tasks(uids, 60)
    return removed


def reindex(
    url: str,
    master_key: str,
    documents: Sequence[dict[str, Any]],
    settings: dict[str, Any],
    index: str = "items",
    batch_size: int = BATCH_SIZE,
    rotate_key: bool = False,
    progress: Progress = _no_progress,
    task_timeout: float = 600.0,
    stale_after: float = STALE_AFTER,
) -> IndexReport:
    """Replace `index` with `documents` atomically; raise IndexingFailed with a Chinese message on any failure."""
    started = time.monotonic()
    expected = len(documents)
    meili = Meili(url, master_key)
    temp = temp_index_name(index)
    swapped = False
    try:
        try:
            meili.get("/health")
            meili.get("/indexes", limit=1)  # checks the key early: a wrong key fails here, before any write
        except MeiliError as exc:
            if exc.status in (401, 403):
                raise IndexingFailed(f"Meilisearch 拒绝了主密钥（{exc.status}）：请检查 MEILI_MASTER_KEY。原索引 {index} 未改动。") from exc
            raise IndexingFailed(f"无法连接 Meilisearch（{url}）：{exc}。原索引 {index} 未改动。") from exc
        stale = remove_stale_temp_indexes(meili, index, stale_after, keep=temp)  # first: killed runs' leftovers go now
        if stale:
            progress("stale", {"removed": stale})

        progress("create", {"index": temp})
        meili.wait_task(int(meili.post("/indexes", {"uid": temp, "primaryKey": "id"})["taskUid"]), task_timeout)
        meili.wait_task(int(meili.patch(f"/indexes/{temp}/settings", settings)["taskUid"]), task_timeout)

        batches = ndjson_batches(documents, batch_size)
        uids: list[int] = []
        for number, batch in enumerate(batches, 1):
            uids.append(meili.add_ndjson(temp, batch))
            progress("batch", {"index": temp, "batch": number, "batches": len(batches), "documents": len(batch)})
        meili.wait_tasks(uids, task_timeout)

        count = meili.document_count(temp)
        progress("count", {"index": temp, "documents": count, "expected": expected})
        if count != expected:
            raise IndexingFailed(f"新索引的文档数 {count} 与数据模型的 {expected} 不一致（可能有重复的文档 id），未切换；原索引 {index} 继续服务。")

        if not meili.index_exists(index):
            try:  # first run: an empty index to swap with (a concurrent first run may create it too)
                meili.wait_task(int(meili.post("/indexes", {"uid": index, "primaryKey": "id"})["taskUid"]), task_timeout)
            except MeiliError as exc:
                if exc.code != "index_already_exists":
                    raise
        progress("swap", {"index": index, "with": temp})
        meili.wait_task(int(meili.post("/swap-indexes", [{"indexes": [index, temp]}])["taskUid"]), task_timeout)
        swapped = True
        # The swap is atomic but another run may have swapped right after us: check what is now served.
        served = meili.document_count(index)
        if served != expected:
            raise IndexingFailed(f"切换后索引 {index} 有 {served} 条文档，预期 {expected}：可能有另一次索引同时运行，请重新运行 banshi index。")
        key = ensure_search_key(meili, index, rotate=rotate_key)
        return IndexReport(index=index, documents=expected, search_key=key, seconds=round(time.monotonic() - started, 3))
    except MeiliError as exc:
        state = "新索引已切换，但收尾未完成" if swapped else f"未切换；原索引 {index} 继续服务"
        raise IndexingFailed(f"索引失败（{state}）：{exc}") from exc
    finally:
        # After a swap `temp` holds the old documents; before it, a partial new index. Either way: delete.
        with contextlib.suppress(MeiliError):  # server gone or index never created: nothing more to do
            meili.wait_task(int(meili.delete(f"/indexes/{temp}")["taskUid"]), 30)
        meili.close()
