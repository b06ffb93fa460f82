"""`banshi run --shards 2` as a separate process on a copy of the mini fixture: two Meilisearch instances joined by the
network feature, the page built federated (its config names the remotes), the proxy forwarding the page's
POST /meili/multi-search and refusing a single shard's search; SIGTERM stops the web server and every instance."""

from __future__ import annotations

import html
import http.client
import json
import os
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.processes import alive
from generator.search.federation import federated_body
from generator.search.meili_process import free_port
from generator.search.query import build_request

STARTED = "办事指南已生成"
START_LIMIT = 240.0  # seconds for validate, two instances, indexing and the build on a shared machine


def read_until(process: subprocess.Popen[str], marker: str, limit: float) -> str:
    """What the process wrote to stdout until a line with `marker`; fails after `limit` seconds or on exit."""
    assert process.stdout is not None
    seen, deadline = [], time.monotonic() + limit
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 1.0)
        if ready:
            line = process.stdout.readline()
            if not line and process.poll() is not None:
                break
            seen.append(line)
            if marker in line:
                return "".join(seen)
    raise AssertionError(f"no {marker!r} within {limit} s: {''.join(seen)}")


def ask(port: int, method: str, path: str, body: Any = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=json.dumps(body).encode() if body is not None else None, headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_banshi_run_with_two_shards_serves_the_federated_page(make_mini_project: Callable[[], Path], tmp_path: Path) -> None:
    project, port = make_mini_project(), free_port()
    banshi = Path(sys.executable).with_name("banshi")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    log = (tmp_path / "stderr.txt").open("w", encoding="utf-8")
    process = subprocess.Popen([str(banshi), "run", "--shards", "2", "--port", str(port)], cwd=project, env=env, stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        out = read_until(process, STARTED, START_LIMIT)
        assert "Meilisearch 联邦搜索（shard0,shard1）" in out, out
        page = (project / "site" / "search" / "index.html").read_text(encoding="utf-8")
        config = json.loads(html.unescape(re.search(r'data-config="([^"]*)"', page).group(1)))
        assert config["meili"]["url"] == "/meili/" and config["meili"]["remotes"] == ["shard0", "shard1"]
        body = federated_body({k: v for k, v in build_request("").items() if k != "offset"}, "items", ("shard0", "shard1"))
        status, data = ask(port, "POST", "/meili/multi-search", body)
        assert status == 200, data[:300]
        answer = json.loads(data)
        assert answer["hits"] and not answer.get("remoteErrors")
        assert {h["_federation"]["remote"] for h in answer["hits"]} == {"shard0", "shard1"}  # every document: both halves answer
        status, data = ask(port, "POST", "/meili/indexes/items/search", {"q": "低保"})
        assert status == 404 and b"multi-search" in data
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=60)
        log.close()
    errors = (tmp_path / "stderr.txt").read_text(encoding="utf-8")
    assert code == 0, errors
    pids = [int(p) for p in re.findall(r"Meilisearch 已启动：\S+（进程 (\d+)", errors)]
    assert len(pids) == 2 and "分片 shard1" in errors and "Meilisearch 已停止" in errors, errors
    assert not [pid for pid in pids if alive(pid)]
