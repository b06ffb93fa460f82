"""Indexing against a real Meilisearch (pinned npm binary): settings, swap, count check, keys, failures, CLI."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import requests
from click.testing import CliRunner

from generator.cli import main
from generator.commands.usage import USAGE_EXIT
from generator.search.browser_rules import RULES_FILE, rules_module
from generator.search.documents import build_documents
from generator.search.indexer import IndexingFailed, reindex
from generator.search.meili import Meili
from generator.search.meili_process import MeiliServer, MeiliUnavailable, find_binary
from generator.search.pinyin_chars import PINYIN_FILE, build_pinyin_map
from generator.search.query import QUERY_FILE, query_spec, run_search
from generator.search.settings import SEARCHABLE_ATTRIBUTES, index_settings
from generator.validate.project import validate
from tests.support import REPO, make_project, silent_server


@pytest.fixture(scope="module")
def repo_model() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    result = validate(REPO)
    return build_documents(result.catalog, result.items), index_settings(result.catalog)


def synthetic(documents: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """n documents made by varying the given ones (new ids), for tests that need a slower index."""
    out = []
    for i in range(n):
        doc = dict(documents[i % len(documents)])
        doc["id"] = doc["implementation_code"] = f"SYN{i:08d}"
        out.append(doc)
    return out


def admin(url: str, key: str) -> Meili:
    return Meili(url, key)


def test_settings_applied(meili: tuple[str, str], repo_model: tuple[list[dict[str, Any]], dict[str, Any]]) -> None:
    url, key = meili
    docs, settings = repo_model
    reindex(url, key, docs, settings, index="t_settings")
    with admin(url, key) as m:
        got = m.get("/indexes/t_settings/settings")
    assert got["searchableAttributes"] == SEARCHABLE_ATTRIBUTES
    assert got["searchableAttributes"][0] == "name"
    assert got["proximityPrecision"] == "byAttribute"
    assert {
        "department",
        "region",
        "county",
        "tier",
        "item_type",
        "service_objects",
        "themes",
        "online_depth",
        "fully_online",
        "onsite_visits",
        "case_type",
        "fee",
    } <= set(got["filterableAttributes"])
    assert got["synonyms"] == {}  # the understanding step maps 驾照 -> 机动车驾驶证 for both backends
    assert got["typoTolerance"]["disableOnNumbers"] is True
    assert {"implementation_code", "basic_code"} <= set(got["typoTolerance"]["disableOnAttributes"])
    assert got["localizedAttributes"][0]["locales"] == ["cmn"]
    assert "pinyin" not in got["displayedAttributes"]
    assert set(got["displayedAttributes"]) <= set().union(*docs), "displayed attributes must be document fields"


def test_cli_index_and_search(meili: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url, key = meili
    project = make_project(tmp_path / "p")
    monkeypatch.chdir(project)
    env = {"MEILI_URL": url, "MEILI_MASTER_KEY": key}
    out = CliRunner().invoke(main, ["index", "--index", "t_cli", "--format", "json"], env=env)
    assert out.exit_code == 0, out.output
    report = json.loads(out.stdout)
    validation = validate(project)
    assert report["index"] == "t_cli" and report["documents"] == len(build_documents(validation.catalog, validation.items))
    assert report["search_key"] and report["search_key"] != key and report["seconds"] >= 0
    # the same key is reused on the next run; the master key is never printed or written
    again = CliRunner().invoke(main, ["index", "--index", "t_cli", "--format", "json"], env=env)
    assert json.loads(again.stdout)["search_key"] == report["search_key"]
    assert key not in out.output + again.output
    assert not [p for p in project.rglob("*") if p.is_file() and key in p.read_text(encoding="utf-8", errors="ignore")]

    found = CliRunner().invoke(
        main, ["search", "低保", "--index", "t_cli", "--format", "json"], env={"MEILI_URL": url, "MEILI_SEARCH_KEY": report["search_key"]}
    )
    assert found.exit_code == 0, found.output
    data = json.loads(found.stdout)
    assert data["total"] >= 1 and data["hits"][0]["name"] == "最低生活保障"
    assert set(data["hits"][0]) == {"implementation_code", "basic_code", "name", "region", "region_code", "county", "department", "url"}
    assert data["understood"]["words"] == ["最低生活保障"]  # the colloquial word, understood through synonyms.yaml

    refused = CliRunner().invoke(main, ["index", "--index", "t_cli"], env={"MEILI_URL": url, "MEILI_MASTER_KEY": "wrong-key-wrong-key"})
    assert refused.exit_code == 1 and "主密钥" in refused.output
    down = CliRunner().invoke(main, ["index", "--index", "t_cli"], env={"MEILI_URL": "http://127.0.0.1:9", "MEILI_MASTER_KEY": key})
    assert down.exit_code == 1 and "无法连接" in down.output
    missing = CliRunner().invoke(main, ["index"], env={"MEILI_URL": "", "MEILI_MASTER_KEY": ""})
    assert missing.exit_code == USAGE_EXIT and "MEILI_URL" in missing.output


def test_search_key_scope(meili: tuple[str, str], repo_model: tuple[list[dict[str, Any]], dict[str, Any]]) -> None:
    url, key = meili
    docs, settings = repo_model
    report = reindex(url, key, docs[:20], settings, index="t_scope")
    reindex(url, key, docs[:5], settings, index="t_other")
    auth = {"Authorization": f"Bearer {report.search_key}"}
    ok = requests.post(f"{url}/indexes/t_scope/search", json={"q": docs[0]["name"]}, headers=auth, timeout=10)
    assert ok.status_code == 200 and ok.json()["hits"]
    denied = {
        "add documents": requests.post(f"{url}/indexes/t_scope/documents", json=[{"id": "x"}], headers=auth, timeout=10),
        "delete documents": requests.delete(f"{url}/indexes/t_scope/documents", headers=auth, timeout=10),
        "read documents": requests.get(f"{url}/indexes/t_scope/documents", headers=auth, timeout=10),
        "settings": requests.patch(f"{url}/indexes/t_scope/settings", json={"searchableAttributes": ["id"]}, headers=auth, timeout=10),
        "keys": requests.get(f"{url}/keys", headers=auth, timeout=10),
        "create key": requests.post(f"{url}/keys", json={"actions": ["*"], "indexes": ["*"], "expiresAt": None}, headers=auth, timeout=10),
        "other index": requests.post(f"{url}/indexes/t_other/search", json={"q": "证"}, headers=auth, timeout=10),
        "swap": requests.post(f"{url}/swap-indexes", json=[{"indexes": ["t_scope", "t_other"]}], headers=auth, timeout=10),
        "tasks": requests.get(f"{url}/tasks", headers=auth, timeout=10),
        "delete index": requests.delete(f"{url}/indexes/t_scope", headers=auth, timeout=10),
    }
    assert {name: r.status_code for name, r in denied.items()} == dict.fromkeys(denied, 403)


def test_count_check_failure_keeps_old_index(meili: tuple[str, str], repo_model: tuple[list[dict[str, Any]], dict[str, Any]]) -> None:
    url, key = meili
    docs, settings = repo_model
    reindex(url, key, docs, settings, index="t_count")
    duplicated = [*docs[:50], dict(docs[0])]  # a repeated id: Meilisearch keeps 50, the model says 51
    with pytest.raises(IndexingFailed, match="文档数 50 与数据模型的 51 不一致"):
        reindex(url, key, duplicated, settings, index="t_count")
    with admin(url, key) as m:
        assert m.document_count("t_count") == len(docs)
        assert not [i["uid"] for i in m.get("/indexes", limit=1000)["results"] if i["uid"].startswith("t_count_new_")]


def test_swap_under_concurrent_searches(meili: tuple[str, str], repo_model: tuple[list[dict[str, Any]], dict[str, Any]]) -> None:
    url, key = meili
    docs, settings = repo_model
    search_key = reindex(url, key, docs, settings, index="t_swap").search_key
    stop = threading.Event()
    stats = {"searches": 0, "errors": 0, "empty": 0}
    lock = threading.Lock()

    def searcher(query: str) -> None:
        with Meili(url, search_key, timeout=10) as m:
            for _ in range(20000):  # bounded even if the reindex hangs
                if stop.is_set():
                    break
                try:
                    hits = run_search(m, query, index="t_swap")["hits"]
                    empty, error = not hits, False
                except Exception:
                    empty, error = False, True
                with lock:
                    stats["searches"] += 1
                    stats["errors"] += error
                    stats["empty"] += empty

    threads = [threading.Thread(target=searcher, args=(q,)) for q in ("身份证", "低保", "驾照")]
    for t in threads:
        t.start()
    try:
        for _ in range(3):
            reindex(url, key, docs, settings, index="t_swap")
    finally:
        stop.set()
        for t in threads:
            t.join(30)
    print(f"\nsearches during 3 reindexes: {stats}")
    assert stats["searches"] > 30
    assert stats["errors"] == 0 and stats["empty"] == 0


def test_two_concurrent_index_runs(meili: tuple[str, str], repo_model: tuple[list[dict[str, Any]], dict[str, Any]]) -> None:
    url, key = meili
    docs, settings = repo_model
    outcomes: list[object] = []

    def run() -> None:
        try:
            outcomes.append(reindex(url, key, docs, settings, index="t_conc"))
        except IndexingFailed as exc:
            outcomes.append(exc)

    started = time.monotonic()
    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    print(f"\ntwo concurrent runs: {[type(o).__name__ for o in outcomes]} in {time.monotonic() - started:.2f} s")
    assert len(outcomes) == 2
    with admin(url, key) as m:
        assert m.document_count("t_conc") == len(docs)
        names = [i["uid"] for i in m.get("/indexes", limit=1000)["results"]]
        assert not [n for n in names if n.startswith("t_conc_new_")], names
        keys = [k for k in m.get("/keys", limit=1000)["results"] if k["indexes"] == ["t_conc"]]
        assert keys and all(k["actions"] == ["search"] for k in keys)
    # any failure must be the clear, non-corrupting kind
    assert all(not isinstance(o, IndexingFailed) or "另一次索引" in str(o) for o in outcomes)


def test_server_killed_mid_index(tmp_path: Path, repo_model: tuple[list[dict[str, Any]], dict[str, Any]]) -> None:
    docs, settings = repo_model
    server = MeiliServer(tmp_path / "meili").start()
    try:
        reindex(server.url, server.master_key, docs, settings, index="items")

        def kill_after_first_batch(stage: str, info: dict[str, Any]) -> None:
            if stage == "batch" and info["batch"] == 2:
                server.kill()

        with pytest.raises(IndexingFailed) as failed:
            reindex(server.url, server.master_key, synthetic(docs, 3000), settings, index="items", batch_size=500, progress=kill_after_first_batch)
        message = str(failed.value)
        assert "未切换" in message and "原索引 items 继续服务" in message and "无法连接" in message

        restarted = MeiliServer(server.data_dir, master_key=server.master_key).start()
        try:
            with admin(restarted.url, restarted.master_key) as m:
                assert m.document_count("items") == len(docs), "the old index must still be complete"
                hits = run_search(m, "身份证")["hits"]
                assert hits and "身份证" in hits[0]["name"]
                leftovers = [i["uid"] for i in m.get("/indexes", limit=1000)["results"] if i["uid"].startswith("items_new_")]
                # the killed run's queued batches resume after the restart; this process (the "dead" run) is alive,
                # so the next run keeps a busy index: let the queue drain first (an event, not a sleep)
                deadline = time.monotonic() + 120
                while m.get("/tasks", statuses="enqueued,processing", limit=1)["results"] and time.monotonic() < deadline:
                    time.sleep(0.05)  # polling the task queue until it is empty
            # the dead run's temporary index is removed by a later run once it is stale
            report = reindex(restarted.url, restarted.master_key, docs, settings, index="items", stale_after=0)
            with admin(restarted.url, restarted.master_key) as m:
                assert not [i["uid"] for i in m.get("/indexes", limit=1000)["results"] if i["uid"].startswith("items_new_")]
            print(f"\nleft behind by the killed run: {leftovers}; removed by the next run, which indexed {report.documents}")
        finally:
            restarted.stop()
    finally:
        server.stop()


def test_missing_binary_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(MeiliUnavailable, match="找不到 Meilisearch 程序"):
        find_binary(tmp_path)
    broken = tmp_path / "meilisearch"
    broken.write_bytes(b"not an executable")
    broken.chmod(0o755)
    with pytest.raises(MeiliUnavailable, match=r"无法启动|立即退出"):
        MeiliServer(tmp_path / "data", binary=broken).start()


def test_query_assets_are_current() -> None:
    """search/query.json, search/pinyin-chars.json and the site's rules.mjs match the code: run
    `python -m generator.search.query`."""
    assert json.loads(QUERY_FILE.read_text(encoding="utf-8")) == query_spec()
    assert RULES_FILE.read_text(encoding="utf-8") == rules_module()
    assert json.loads(PINYIN_FILE.read_text(encoding="utf-8")) == build_pinyin_map()


def test_cli_search_falls_back_to_the_offline_index_when_meilisearch_is_silent(mini_site: Path) -> None:
    """A server that accepts and never answers: `banshi search` gives the offline index's answer after the page's
    deadline (site_config.TIMEOUT_MS for the whole search), says so, and exits 0 (without the deadline it waits 30 s
    per request)."""
    from generator.search.site_config import TIMEOUT_MS

    with silent_server() as url:
        started = time.monotonic()
        out = CliRunner().invoke(main, ["search", "低保", "--site", str(mini_site), "--format", "json"], env={"MEILI_URL": url, "MEILI_SEARCH_KEY": "k"})
        elapsed = time.monotonic() - started
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["backend"] == "static" and data["hits"] and data["hits"][0]["name"] == "最低生活保障"
    assert "没有及时回应" in out.stderr and "离线索引" in out.stderr
    assert elapsed < TIMEOUT_MS / 1000 + 5, elapsed  # the deadline held (a hang would take 30 s per request)


def test_cli_search_says_whether_the_results_answer_the_query(mini_site: Path) -> None:
    """The match verdict in `banshi search`: exact for a service the catalog has, related (with the hotline) for one it
    lacks, none without results."""

    def run(query: str, *extra: str) -> Any:
        return CliRunner().invoke(main, ["search", query, "--backend", "static", "--site", str(mini_site), *extra])

    assert json.loads(run("低保", "--format", "json").stdout)["match"] == "exact"
    related = run("低保证明注销", "--format", "json")
    assert json.loads(related.stdout)["match"] == "related", related.stdout
    text = run("低保证明注销")
    assert text.exit_code == 0, text.output
    assert "没有完全符合“低保证明注销”的事项，以下可能相关" in text.stdout and "12345" in text.stdout
    assert json.loads(run("火星移民", "--format", "json").stdout)["match"] == "none"
    favoured = run("低保", "--region", "410225")  # the text answer names the preferred region (it crashed before)
    assert favoured.exit_code == 0 and "优先显示兰考县" in favoured.stdout, favoured.output
