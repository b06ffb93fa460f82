"""The GitHub workflows are linted here, since they only ever run on GitHub: actionlint (expressions, contexts,
action inputs, job and step references) with shellcheck on every `run:` script. The binaries come from the test
extra (pyproject.toml), next to this Python."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import REPO

BIN = Path(sys.executable).parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def actionlint(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}  # actionlint finds shellcheck on PATH
    return subprocess.run([str(BIN / "actionlint"), "-no-color", *args], input=stdin, capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_passes_actionlint(workflow: Path) -> None:
    result = actionlint(str(workflow))
    assert result.returncode == 0 and not result.stdout, result.stdout + result.stderr


def test_the_linter_finds_what_it_should() -> None:
    """A workflow with a misspelt input, an unknown context and an unquoted variable fails (so a pass means something)."""
    bad = (
        "on: pull_request\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
        "        with:\n          fetch-dept: 0\n      - run: echo ${{ github.nosuch }} $FOO\n"
    )
    out = actionlint("-", stdin=bad).stdout
    assert '"fetch-dept" is not defined' in out and 'property "nosuch" is not defined' in out and "SC2086" in out, out
