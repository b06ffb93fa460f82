"""What under items/ may be read or published: regular files inside the repository, never through a symlink.

A symlink in a pull request could point anywhere the build can read (/proc/self/environ, ../../.git/config,
/etc/passwd); following it would publish that file or echo its values in validator output. So no reader
follows one: every symlink under items/ (file or folder) is an error finding of its own, the record and
catalog readers skip them (and open files with O_NOFOLLOW, generator/load/yaml_source.py), and only regular
attachment files of an allowed type and size are copied to site/files/.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from generator.model.findings import Finding

FILES_DIR = Path("items") / "_files"
# Forms and samples citizens download: documents, images and plain text, never anything a browser would run
# (html, svg, js).
ATTACHMENT_TYPES = frozenset({".pdf", ".ofd", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".et", ".jpg", ".jpeg", ".png", ".txt"})
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def symlinked(root: Path, path: Path) -> bool:
    """True when path, or any folder between root and it, is a symlink (checked without following any)."""
    current = path
    while True:
        if current.is_symlink():
            return True
        if current == root or current.parent == current:
            return False
        current = current.parent


def _walk(base: Path) -> Iterator[tuple[Path, os.stat_result]]:
    """Every entry under base (base itself included), with lstat results; symlinked folders are not entered."""
    try:
        info = base.lstat()
    except OSError:
        return
    yield base, info
    if not stat.S_ISDIR(info.st_mode):
        return
    for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
        for name in sorted(dirnames + filenames):
            path = Path(dirpath) / name
            try:
                yield path, path.lstat()
            except OSError:
                continue


def symlink_finding(root: Path, path: Path) -> Finding:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    shown = "".join(ch if ch.isprintable() else "?" for ch in target[:200])
    outside = "，指向仓库之外" if not (path.parent / target).resolve().is_relative_to(root.resolve()) else ""
    return Finding(
        "error",
        _rel(path, root),
        1,
        1,
        "",
        "",
        f"这是一个符号链接（指向「{shown}」{outside}）：Banshi 不读取、不发布符号链接",
        "删除这个链接（git rm），把真实文件放到 items/ 下",
    )


def attachment_problem(path: Path, info: os.stat_result) -> tuple[str, str] | None:
    """Why a file under items/_files/ may not be published, or None."""
    if not stat.S_ISREG(info.st_mode):
        return ("不是普通文件（设备、管道或套接字）", "删除它；附件只能是普通文件")
    if path.suffix.lower() not in ATTACHMENT_TYPES:
        allowed = "、".join(sorted(t.lstrip(".") for t in ATTACHMENT_TYPES))
        return (f"附件类型「{path.suffix or '（无扩展名）'}」不允许发布", f"附件只能是 {allowed} 文件")
    if info.st_size > ATTACHMENT_MAX_BYTES:
        limit = ATTACHMENT_MAX_BYTES // (1024 * 1024)
        return (f"附件过大（{info.st_size // (1024 * 1024)} MB，上限 {limit} MB）", "压缩或拆分附件后再上传")
    return None


def tree_findings(root: Path, bases: Iterable[Path]) -> list[Finding]:
    """Symlinks under the given folders or files (inside items/), and attachment files that may not be published."""
    files_dir = root / FILES_DIR
    out: dict[str, Finding] = {}
    for base in bases:
        for path, info in _walk(base):
            if not path.is_relative_to(root / "items"):
                continue
            key = _rel(path, root)
            if stat.S_ISLNK(info.st_mode) or (path == base and symlinked(root, path)):
                out.setdefault(key, symlink_finding(root, path))
            elif path.is_relative_to(files_dir) and not stat.S_ISDIR(info.st_mode):
                problem = attachment_problem(path, info)
                if problem:
                    out.setdefault(key, Finding("error", key, 1, 1, "", "申请材料", *problem))
    return list(out.values())


def publishable_attachments(root: Path) -> list[Path]:
    """Regular files under items/_files/ of an allowed type and size, reached without any symlink."""
    files_dir = root / FILES_DIR
    if not files_dir.is_dir() or symlinked(root, files_dir):
        return []
    return sorted(
        path
        for path, info in _walk(files_dir)
        if path != files_dir and not stat.S_ISDIR(info.st_mode) and not stat.S_ISLNK(info.st_mode) and attachment_problem(path, info) is None
    )
