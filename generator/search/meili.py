"""A small Meilisearch HTTP client over `requests` (the few endpoints Banshi uses, with task waiting).

Why not the official Python client: we need about ten endpoints, NDJSON uploads and precise control of
errors and timeouts; `requests` is already installed and well known, and this keeps the dependency
surface to one pinned library.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

import requests


class MeiliError(RuntimeError):
    """An HTTP or task error from Meilisearch; `code` is Meilisearch's error code when there is one."""

    def __init__(self, message: str, code: str = "", status: int = 0) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


class Meili:
    def __init__(self, url: str, key: str | None, timeout: float = 30.0, budget: float | None = None) -> None:
        """timeout bounds each request; budget, when given, bounds all requests made through this client together
        (a search that asks two or three times still answers or fails within it, as the page's deadline does)."""
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.deadline = None if budget is None else time.monotonic() + budget
        self.session = requests.Session()
        # Identity responses: Meilisearch's compressed chunked answers stall ~40 ms on keep-alive connections.
        self.session.headers["Accept-Encoding"] = "identity"
        if key:
            self.session.headers["Authorization"] = f"Bearer {key}"

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Meili:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def request(self, method: str, path: str, *, json: Any = None, data: bytes | None = None, headers: dict[str, str] | None = None, **params: Any) -> Any:
        timeout = self.timeout
        if self.deadline is not None:
            timeout = min(timeout, self.deadline - time.monotonic())
            if timeout <= 0:
                raise MeiliError(f"Meilisearch 没有及时回应（{self.url}）", code="timeout")
        try:
            response = self.session.request(method, f"{self.url}{path}", json=json, data=data, headers=headers, params=params or None, timeout=timeout)
        except requests.Timeout as exc:
            raise MeiliError(f"Meilisearch 没有及时回应（{self.url}）", code="timeout") from exc
        except requests.RequestException as exc:
            raise MeiliError(f"无法连接 Meilisearch（{self.url}）：{exc.__class__.__name__}", code="connection_error") from exc
        if response.status_code >= 400:
            try:
                body = response.json()
            except ValueError:
                body = {"message": response.text[:300]}
            raise MeiliError(f"Meilisearch 返回 {response.status_code}：{body.get('message', '')}", code=body.get("code", ""), status=response.status_code)
        if not response.content:
            return None
        return response.json()

    def get(self, path: str, **params: Any) -> Any:
        return self.request("GET", path, **params)

    def post(self, path: str, json: Any = None, **params: Any) -> Any:
        return self.request("POST", path, json=json, **params)

    def patch(self, path: str, json: Any = None) -> Any:
        return self.request("PATCH", path, json=json)

    def delete(self, path: str) -> Any:
        return self.request("DELETE", path)

    def add_ndjson(self, index: str, lines: Iterable[bytes], primary_key: str = "id") -> int:
        """Enqueue one NDJSON batch; returns the task uid."""
        body = b"\n".join(lines) + b"\n"
        task = self.request("POST", f"/indexes/{index}/documents", data=body, headers={"Content-Type": "application/x-ndjson"}, primaryKey=primary_key)
        return int(task["taskUid"])

    def wait_tasks(self, uids: list[int], timeout: float = 600.0) -> list[dict[str, Any]]:
        """Wait until every task is finished; raise MeiliError on the first failed or canceled one."""
        pending = set(uids)
        done: dict[int, dict[str, Any]] = {}
        deadline = time.monotonic() + timeout
        delay = 0.01
        while pending:
            page = self.get("/tasks", uids=",".join(map(str, sorted(pending))), limit=len(pending))
            for task in page["results"]:
                if task["status"] in ("succeeded", "failed", "canceled"):
                    pending.discard(task["uid"])
                    done[task["uid"]] = task
            if not pending:
                break
            if time.monotonic() > deadline:
                raise MeiliError(f"等待 Meilisearch 任务超时（{timeout:.0f} 秒）：{sorted(pending)}", code="task_timeout")
            time.sleep(delay)
            delay = min(delay * 1.5, 0.25)
        for uid in uids:
            task = done[uid]
            if task["status"] != "succeeded":
                error = task.get("error") or {}
                raise MeiliError(f"Meilisearch 任务 {uid}（{task['type']}）{task['status']}：{error.get('message', '')}", code=error.get("code", ""))
        return [done[uid] for uid in uids]

    def wait_task(self, uid: int, timeout: float = 600.0) -> dict[str, Any]:
        return self.wait_tasks([uid], timeout)[0]

    def index_exists(self, index: str) -> bool:
        try:
            self.get(f"/indexes/{index}")
        except MeiliError as exc:
            if exc.code == "index_not_found":
                return False
            raise
        return True

    def document_count(self, index: str) -> int:
        return int(self.get(f"/indexes/{index}/stats")["numberOfDocuments"])
