"""Read the history of items/ in one pass: `git log --raw` once, blob contents through one `git cat-file --batch`.

Unavailable (and said so) outside git, in a shallow clone (its history would start at a false "everything added"
commit), or when git itself is missing.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.model.schedule import CHINA

ITEMS = "items"
ZERO = "0" * 40


class HistoryUnavailable(Exception):
    """Why there is no history; the message is shown to readers (Chinese)."""


@dataclass
class FileChange:
    path: str
    old: str | None  # blob id, None when added
    new: str | None  # blob id, None when deleted


@dataclass
class Commit:
    sha: str
    date: dt.datetime | None  # the committer date as git stores it (any date a committer chose: history/dates.py); None if unreadable
    changes: list[FileChange] = field(default_factory=list)


def _git(root: Path, *args: str) -> str:
    try:
        proc = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=root, capture_output=True, text=True, encoding="utf-8", errors="replace")
    except OSError:
        raise HistoryUnavailable("未安装 git，无法读取变更历史") from None
    if proc.returncode != 0:
        raise HistoryUnavailable("本目录不是 git 仓库，无法读取变更历史")
    return proc.stdout


def check_available(root: Path) -> None:
    """Raise HistoryUnavailable unless root is inside a full (not shallow) git clone with commits."""
    inside = _git(root, "rev-parse", "--is-inside-work-tree").strip()
    if inside != "true":
        raise HistoryUnavailable("本目录不是 git 仓库，无法读取变更历史")
    if _git(root, "rev-parse", "--is-shallow-repository").strip() == "true":
        raise HistoryUnavailable("本次构建使用的是浅克隆（shallow clone），没有完整的变更历史；发布流程应使用完整历史（fetch-depth: 0）")
    try:
        _git(root, "rev-parse", "--verify", "HEAD")
    except HistoryUnavailable:
        raise HistoryUnavailable("仓库还没有提交，暂无变更历史") from None


def _date(stamp: str) -> dt.datetime | None:
    """A commit time (seconds since the epoch) in China Standard Time, the site's; None when no calendar holds it."""
    try:
        return dt.datetime.fromtimestamp(int(stamp.strip()), CHINA)
    except (ValueError, OverflowError, OSError):
        return None


def commits(root: Path) -> Iterator[Commit]:
    """Commits that touched items/, oldest first, along the first-parent line (a merge counts as one change)."""
    out = _git(
        root,
        "log",
        "--reverse",
        "--first-parent",
        "--diff-merges=first-parent",
        "--no-renames",
        "--relative",
        "--raw",
        "--no-abbrev",
        "--format=%x1e%H%x1f%ct",  # no subject: a commit message is free text
        "--",
        ITEMS,
    )
    for block in out.split("\x1e")[1:]:
        head, _, body = block.partition("\n")
        sha, _, stamp = head.partition("\x1f")
        commit = Commit(sha, _date(stamp))
        for line in body.splitlines():
            if not line.startswith(":"):
                continue
            meta, _, path = line.partition("\t")
            parts = meta.split()
            old, new = parts[2], parts[3]
            commit.changes.append(FileChange(path, None if old == ZERO else old, None if new == ZERO else new))
        yield commit


def head_blobs(root: Path) -> dict[str, str]:
    """items/ path -> blob id at HEAD, for files unchanged in the working tree (those can use the built records)."""
    blobs = {}
    for line in _git(root, "ls-tree", "-r", "HEAD", "--", ITEMS).splitlines():
        meta, _, path = line.partition("\t")
        blobs[path] = meta.split()[2]
    for path in _git(root, "diff", "--relative", "--name-only", "HEAD", "--", ITEMS).splitlines():
        blobs.pop(path, None)
    return blobs


class Blobs:
    """Blob contents through one long-running `git cat-file --batch`, each blob read once. A blob over the size cap
    is never held in memory: its bytes are drained from the pipe in chunks and it reads as None."""

    CHUNK = 1 << 16

    def __init__(self, root: Path, limit: int) -> None:
        self.proc = subprocess.Popen(["git", "cat-file", "--batch"], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.limit = limit
        self.cache: dict[str, bytes | None] = {}

    def raw(self, blob: str) -> bytes | None:
        """The blob's bytes; None when it is over the cap; b"" when git does not have it."""
        if blob in self.cache:
            return self.cache[blob]
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(blob.encode() + b"\n")
        self.proc.stdin.flush()
        header = self.proc.stdout.readline().split()
        if len(header) < 3 or header[1] == b"missing":
            return b""
        size = int(header[2])
        data: bytes | None
        if size > self.limit:
            left = size
            while left > 0:
                left -= len(self.proc.stdout.read(min(left, self.CHUNK))) or left
            data = None
        else:
            data = self.proc.stdout.read(size)
        self.proc.stdout.read(1)  # the newline after the content
        self.cache[blob] = data
        return data

    def forget(self, blob: str) -> None:
        self.cache.pop(blob, None)

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait()
