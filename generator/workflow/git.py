"""Read-only git for the pull-request commands: revisions are checked, never passed where git could read an option."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REVISION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/~^@{}-]*$")


class GitError(Exception):
    pass


def checked_revision(rev: str) -> str:
    """A revision as given, refused when it could be read as an option (-…, --…) or holds odd characters."""
    if not REVISION_RE.match(rev) or ".." in rev:
        raise GitError(f"「{rev}」不是有效的 git 版本（分支、标签或提交号，不能以 - 开头）")
    return rev


def git(root: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, encoding="utf-8", errors="replace")
    if proc.returncode != 0:
        raise GitError(proc.stderr.strip() or f"git {' '.join(args)} 失败")
    return proc.stdout


def commit_of(root: Path, rev: str) -> str:
    """The commit a revision names; `--end-of-options` keeps git from reading it as an option."""
    return git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{checked_revision(rev)}^{{commit}}").strip()


def default_base(root: Path) -> str:
    for branch in ("main", "origin/main"):
        try:
            return git(root, "merge-base", "--end-of-options", branch, "HEAD").strip()
        except GitError:
            continue
    return "HEAD"


def changed_files(root: Path, base: str) -> list[str]:
    """Repository paths under items/ that differ between base and the working tree (untracked files included)."""
    commit = commit_of(root, base)
    changed = git(root, "diff", "--name-only", "--no-renames", commit, "--", "items").splitlines()
    untracked = git(root, "ls-files", "--others", "--exclude-standard", "--", "items").splitlines()
    return sorted(set(changed) | set(untracked))


def show(root: Path, commit: str, path: str) -> str | None:
    """A file's text at a commit; None when it does not exist there."""
    try:
        return git(root, "show", f"{commit}:{path}")
    except GitError:
        return None
