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

from generator.load.signatures import MAGIC, content_problem
from generator.model.findings import Finding

FILES_DIR = Path("items") / "_files"
# Forms and samples citizens download: documents, images and plain text, never anything a browser would run
# (html, svg, js): pdf, ofd, doc(x), xls(x), wps, et, jpg, png (each with its magic bytes, load/signatures.py) and txt.
ATTACHMENT_TYPES = frozenset({*MAGIC, ".txt"})
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


def walk(base: Path) -> Iterator[tuple[str, os.DirEntry[str] | None]]:
    """Every entry under base as a path string (base itself first, with no DirEntry), without entering symlinked
    folders. Strings and scandir, not pathlib: this runs over every file of the catalog on each validation."""
    if not os.path.lexists(base):
        return
    yield str(base), None
    if base.is_symlink() or not base.is_dir():
        return
    stack = [str(base)]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            yield entry.path, entry
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)


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
    return content_problem(path, ATTACHMENT_MAX_BYTES)


def tree_findings(root: Path, bases: Iterable[Path]) -> list[Finding]:
    """Symlinks under the given folders or files (inside items/), and attachment files that may not be published."""
    items_dir, files_dir = str(root / "items"), str(root / FILES_DIR)
    out: dict[str, Finding] = {}
    for base in bases:
        for name, entry in walk(base):
            if not (name == items_dir or name.startswith(items_dir + os.sep)):
                continue
            in_files = name.startswith(files_dir + os.sep)
            if entry is None:  # the base itself
                path = Path(name)
                if symlinked(root, path):
                    out.setdefault(_rel(path, root), symlink_finding(root, path))
                    continue
                if not in_files or path.is_dir():
                    continue
            elif entry.is_symlink():
                out.setdefault(_rel(Path(name), root), symlink_finding(root, Path(name)))
                continue
            elif not in_files or entry.is_dir(follow_symlinks=False):
                continue
            problem = attachment_problem(Path(name), os.lstat(name))
            if problem:
                key = _rel(Path(name), root)
                out.setdefault(key, Finding("error", key, 1, 1, "", "申请材料", *problem))
    return list(out.values())


def publishable_attachments(root: Path) -> list[Path]:
    """Regular files under items/_files/ of an allowed type and size, reached without any symlink."""
    files_dir = root / FILES_DIR
    if not files_dir.is_dir() or symlinked(root, files_dir):
        return []
    out = []
    for name, entry in walk(files_dir):
        if entry is None or entry.is_symlink() or entry.is_dir(follow_symlinks=False):
            continue
        if attachment_problem(Path(name), entry.stat(follow_symlinks=False)) is None:
            out.append(Path(name))
    return sorted(out)
