"""Whether git tracks files under a path: what a build made must never come from the repository.

The site folder (with its manifest) and `.banshi-cache/` are git-ignored and kept between runs by the workflow's
cache. A pull request can still commit files there (`git add -f`): a forged manifest with forged pages that an
incremental build would keep, or a parse cache that says a record reads otherwise than its YAML. Nothing a reviewer
sees in the diff would show it. So a build or a load that finds tracked files there does not use them: the build is
a full one, the parse cache is not read (generator/load/parse_cache.py, generator/site/build.py).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def tracked_under(root: Path, path: Path) -> list[str]:
    """Files under `path` (a file or a folder) that the git repository at root tracks; none outside git or without
    git."""
    try:
        done = subprocess.run(["git", "ls-files", "-z", "--", os.fspath(path)], cwd=root, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    if done.returncode != 0:
        return []
    return [name for name in done.stdout.decode("utf-8", "replace").split("\0") if name]
