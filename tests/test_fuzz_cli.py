"""Property-based fuzzing (hypothesis): random bytes and random YAML as a record, fed to validate, check, fmt
and diff through the real CLI (CliRunner). No input may make a command exit 2 or print a traceback;
no command line either (nor click's English messages)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.commands.usage import USAGE_EXIT
from tests.support import FOOD_COUNTY, make_project

RUNS = int(os.environ.get("BANSHI_FUZZ_RUNS", "40"))  # per strategy; each run invokes four commands
COMMANDS = (["validate", "--format", "json"], ["check"], ["fmt", "--check"], ["diff", "HEAD"])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["2026-02-30", "2026-13-45", "010", "0x1", "0_1", "8:30", "yes", "on", "000106003000", "０１", "\u200f", "~", "!!int 08"]),
)
keys = st.sampled_from(["implementation_code", "basic_code", "region", "department", "updated", "onsite_visits", "name", "locations", "fee", "x"])
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4), max_leaves=12)


def project_with_git(base: Path) -> Path:
    project = make_project(base)
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "x"]):
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)
    return project


def assert_no_crash(project: Path, content: bytes) -> None:
    (project / FOOD_COUNTY).write_bytes(content)
    before = Path.cwd()
    os.chdir(project)
    try:
        for command in COMMANDS:
            result = CliRunner().invoke(main, command)
            assert result.exit_code in (0, 1), (command, content[:200], result.output[-2000:], result.exception)
            assert "Traceback" not in result.output and "内部错误" not in result.output, (command, content[:200], result.output[-2000:])
    finally:
        os.chdir(before)


FUZZ = settings(max_examples=RUNS, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], derandomize=True)


@FUZZ
@given(data=st.binary(max_size=400))
def test_random_bytes_never_crash(tmp_path_factory, data: bytes) -> None:  # type: ignore[no-untyped-def]
    assert_no_crash(fuzz_project(tmp_path_factory), data)


@FUZZ
@given(data=st.dictionaries(keys, values, max_size=8))
def test_random_yaml_never_crashes(tmp_path_factory, data: dict) -> None:  # type: ignore[no-untyped-def]
    text = yaml.safe_dump(data, allow_unicode=True)
    assert_no_crash(fuzz_project(tmp_path_factory), text.encode())


_projects: dict[int, Path] = {}


def fuzz_project(factory) -> Path:  # type: ignore[no-untyped-def]
    """One project per test session and strategy (copying it for each example would dominate the run time)."""
    key = id(factory)
    if key not in _projects:
        _projects[key] = project_with_git(factory.mktemp("fuzz") / "p")
    return _projects[key]


#: Command lines a clerk might mistype: real verbs and options mixed with wrong ones and odd values. Verbs that
#: write files (edit, new) run on the throwaway project too; serve, run, build and index are left out (long-running
#: or needing a server).
VERBS = ["validate", "check", "fmt", "diff", "search", "edit", "new", "schema", "codeowners", "docs-fields", "export", "merge", "nosuch", ""]
WORDS = ["--format", "json", "xml", "--check", "--changed", "--backend", "static", "meili", "--set", "a=b", "--region",
         "410225", "--basic-code", "000502001000", "--bogus", "-x", "--", "低保", "items/nope.yaml", "HEAD", "~1", "--help",
         "--limit", "-3", "abc", "\u200f", "", "--out", "/dev/null/x", "--site-dir", "site", ".", "items"]  # fmt: skip


@settings(max_examples=RUNS * 2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], derandomize=True)
@given(verb=st.sampled_from(VERBS), words=st.lists(st.sampled_from(WORDS) | st.text(max_size=8), max_size=5))
def test_random_command_lines_never_crash(tmp_path_factory, verb: str, words: list[str]) -> None:  # type: ignore[no-untyped-def]
    project = fuzz_project(tmp_path_factory)
    before = Path.cwd()
    os.chdir(project)
    try:
        args = [verb, *words] if verb else words
        result = CliRunner().invoke(main, args)
        out = result.output
        assert result.exit_code in (0, 1, USAGE_EXIT), (args, out[-2000:], result.exception)
        assert "Traceback" not in out and "内部错误" not in out, (args, out[-2000:])
        assert not re.search(r"\b(Error|Usage|Try '|No such|Missing|Invalid value)\b", out), (args, out[-2000:])
    finally:
        os.chdir(before)
