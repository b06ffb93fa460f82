"""Rule cases as data: tests/cases/<name>.yaml (top level; subfolders hold other case groups) edits a copy of
the mini fixture, <name>.expected.yaml lists every finding the command must print (file, line, column, field,
severity, a fragment of the message) and its exit code.

The comparison is of the whole list, one to one, so a problem reported twice, or a finding nobody expected, fails.
A case without an expectation file fails too. `line` may be a number or a text: the line of the edited file holding it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support import make_project, run_cli

CASES = Path(__file__).parent / "cases"
NAMES = sorted(p.name.removesuffix(".yaml") for p in CASES.glob("*.yaml") if not p.name.endswith(".expected.yaml"))
KEYS = ("file", "line", "column", "field", "severity")


def apply(project: Path, edit: dict[str, Any]) -> None:
    ((action, args),) = edit.items()
    path = project / args["file"]
    if action == "replace":
        text = path.read_text(encoding="utf-8")
        assert args["old"] in text, f"{args['old']!r} not in {args['file']}"
        path.write_text(text.replace(args["old"], args["new"], 1), encoding="utf-8")
    elif action == "append":
        with path.open("a", encoding="utf-8") as fh:
            fh.write(args["text"])
    elif action == "write":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(args["text"], encoding="utf-8")
    elif action == "copy":
        shutil.copy(path, project / args["to"])
    elif action == "delete":
        path.unlink()
    else:
        raise AssertionError(f"unknown edit {action!r}")


def line_number(project: Path, file: str, line: int | str) -> int:
    if isinstance(line, int):
        return line
    for number, text in enumerate((project / file).read_text(encoding="utf-8").splitlines(), 1):
        if line in text:
            return number
    raise AssertionError(f"{line!r} not in {file}")


def test_every_case_has_expectations() -> None:
    assert NAMES, "no cases in tests/cases"
    missing = [n for n in NAMES if not (CASES / f"{n}.expected.yaml").is_file()]
    assert not missing, f"cases without <name>.expected.yaml: {missing}"
    orphans = sorted(p.name for p in CASES.glob("*.expected.yaml") if p.name.removesuffix(".expected.yaml") not in NAMES)
    assert not orphans, f"expectations without a case: {orphans}"


@pytest.mark.parametrize("name", NAMES)
def test_case(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = yaml.safe_load((CASES / f"{name}.yaml").read_text(encoding="utf-8"))
    expected_file = CASES / f"{name}.expected.yaml"
    assert expected_file.is_file(), f"{name}: no expectations"
    expected = yaml.safe_load(expected_file.read_text(encoding="utf-8"))
    assert "exit" in expected and "findings" in expected, f"{name}: expectations need exit and findings"
    project = make_project(tmp_path / "p")
    for edit in case.get("edits", []):
        apply(project, edit)
    command = case.get("command", ["validate", "--check"])
    code, out = run_cli(project, *command, "--format", "json", monkeypatch=monkeypatch)
    actual = json.loads(out)["findings"]
    want = [{**f, "line": line_number(project, f["file"], f["line"])} for f in expected["findings"]]
    left = list(actual)
    unmatched = []
    for w in want:
        match = next((a for a in left if all(a[k] == w[k] for k in KEYS) and w["message"] in a["message"]), None)
        if match is None:
            unmatched.append(w)
        else:
            left.remove(match)
    shown = [{k: a[k] for k in (*KEYS, "message")} for a in left]
    assert not unmatched and not left, f"{name}: expected but not found {unmatched}; found but not expected {shown}"
    assert code == expected["exit"], out
