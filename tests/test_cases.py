"""Validation cases as data, in one format (tests/cases/README.md): tests/cases/<group>/<case>.yaml edits a copy of
its group's fixture project (`_project.yaml`), runs a command and lists `expect`: every finding the command reports
(file, line, column, field, severity and a fragment of the message), and its `exit` code.

The comparison is of the whole list, one to one: a problem reported twice, or a finding nobody expected, fails, and
so does a case without `exit` and `expect` (`expect: []` when nothing may be said). A group whose `notices` is `own`
counts notices (severity info) only on the files its cases edit (the fixture's coverage notices are not a clerk
case's business). Every message and hint must be Chinese without English or Python words (field names and values
excepted).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.load import records
from generator.load.parse_cache import CACHE_FILE
from generator.validate import project as validate_project
from generator.validate.rule_cache import CACHE_FILE as RULE_CACHE
from tests.support import REPO, make_project, run_cli

CASES = REPO / "tests" / "cases"
FIXTURES = REPO / "tests" / "fixtures"
KEYS = ("file", "line", "column", "field", "severity")
DEFAULT_COMMAND = ["validate", "--check"]
# Words allowed in messages: field names, YAML values, commands a clerk types and the office programs they paste from.
ALLOWED_WORDS = {"word", "excel", "wps", "pdf", "html", "tab", "true", "false", "null", "banshi", "new", "fmt", "validate", "check", "https", "yaml"}
ALLOWED_WORDS |= {"items", "note", "variations"}
WORD_RE = re.compile(r"[A-Za-z_][A-Za-z_.]{2,}")


def case_files() -> list[Path]:
    return sorted(p for p in CASES.glob("*/*.yaml") if not p.name.startswith("_"))


def load_case(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the group's _project.yaml, the case)."""
    group = yaml.safe_load((path.parent / "_project.yaml").read_text(encoding="utf-8"))
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    return group, case


def apply(project: Path, edit: dict[str, Any]) -> None:
    """One edit of the project: replace (the first `old` by `new`), append, write (a whole file), copy, delete."""
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


def build(tmp_path: Path, group: dict[str, Any], case: dict[str, Any]) -> Path:
    """A copy of the group's fixture with the group's edits, then the case's."""
    project = make_project(tmp_path / "project", FIXTURES / group["base"])
    for edit in [*(group.get("edits") or []), *(case.get("edits") or [])]:
        apply(project, edit)
    return project


def own_files(case: dict[str, Any]) -> set[str]:
    """The files a case's edits name."""
    return {path for edit in case.get("edits") or [] for args in edit.values() for path in (args["file"], args.get("to")) if path}


def line_number(project: Path, file: str, line: int | str) -> int:
    """`line` as written in a case: a number, or a text found on the line (the first line holding it)."""
    if isinstance(line, int):
        return line
    for number, text in enumerate((project / file).read_text(encoding="utf-8").splitlines(), 1):
        if line in text:
            return number
    raise AssertionError(f"{line!r} not in {file}")


def run_case(tmp_path: Path, path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, int, list[dict[str, Any]]]:
    """(the project, the exit code, the findings the case is compared with). The command runs three times, and every
    run must say the same, exit code and every finding. The second reads the records the first one parsed from the
    parse cache (generator/load/parse_cache.py) and their rule findings from the rule cache
    (generator/validate/rule_cache.py), with forked workers (as from a thousand records on); the third, without the
    rule cache, checks them in those workers."""
    group, case = load_case(path)
    project = build(tmp_path, group, case)
    command = case.get("command") or group.get("command") or DEFAULT_COMMAND
    code, out = run_cli(project, *command, "--format", "json", monkeypatch=monkeypatch)
    named = [arg for arg in command[1:] if not arg.startswith("-")]
    reads_every_record = not named or "--check" in command  # the cross-record check reads them all
    assert (project / CACHE_FILE).is_file() == reads_every_record  # a run on a few files neither reads nor writes it
    monkeypatch.setattr(records, "PARALLEL_FROM", 2)
    monkeypatch.setattr(validate_project, "PARALLEL_FROM", 2)
    monkeypatch.setattr(validate_project, "PER_WORKER", 1)
    assert run_cli(project, *command, "--format", "json", monkeypatch=monkeypatch) == (code, out), "a second run, from the caches, said otherwise"
    (project / RULE_CACHE).unlink(missing_ok=True)
    assert run_cli(project, *command, "--format", "json", monkeypatch=monkeypatch) == (code, out), "a run with forked rule workers said otherwise"
    findings = json.loads(out)["findings"]
    if group.get("notices") == "own":
        mine = own_files(case)
        findings = [f for f in findings if f["severity"] != "info" or f["file"] in mine]
    return project, code, findings


# quoted values, file paths and names, folder names (directory/), extensions (.pdf) and command options (--region)
QUOTED_RE = re.compile(r"「[^」]*」|`[^`]*`|items/\S*|[\w-]+/|\S*\.(?:yaml|yml|pdf|txt)\b|--[a-z-]+")


def foreign_words(text: str, field_names: set[str]) -> list[str]:
    """English or Python words outside quoted values (「…」, `…`), file paths and options, other than field names."""
    text = QUOTED_RE.sub("", text)
    return [w for w in WORD_RE.findall(text) if w.lower() not in ALLOWED_WORDS and w.split(".")[0].split("[")[0] not in field_names]


def model_field_names() -> set[str]:
    from generator.model import records

    names: set[str] = set()
    for obj in vars(records).values():
        if isinstance(obj, type) and hasattr(obj, "model_fields"):
            names.update(obj.model_fields)
    return names


@pytest.mark.parametrize("path", case_files(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_case(tmp_path: Path, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _group, case = load_case(path)
    name = path.relative_to(CASES).as_posix()
    assert isinstance(case.get("expect"), list) and isinstance(case.get("exit"), int), f"{name}: every case states `exit` and `expect`"
    project, code, actual = run_case(tmp_path, path, monkeypatch)
    want = [{**f, "line": line_number(project, f["file"], f["line"])} for f in case["expect"]]
    left = list(actual)
    unmatched = []
    for w in want:
        match = next((a for a in left if all(a[k] == w[k] for k in KEYS) and w["message"] in a["message"]), None)
        if match is None:
            unmatched.append(w)
        else:
            left.remove(match)
    shown = [{k: a[k] for k in (*KEYS, "message")} for a in left]
    assert not unmatched and not left, json.dumps({"case": name, "missing": unmatched, "unexpected": shown}, ensure_ascii=False, indent=1)
    assert code == case["exit"], f"{name}: exit {code}, expected {case['exit']}"
    names = model_field_names()
    for finding in actual:
        for key in ("message", "hint"):
            assert not foreign_words(finding[key], names), f"{name}: {key} has English or Python text: {finding[key]}"


def test_every_group_and_case_is_in_the_format() -> None:
    """Each group folder has its _project.yaml (an existing fixture); nothing else lies in tests/cases but the README."""
    groups = sorted(p for p in CASES.iterdir() if p.is_dir())
    assert groups and all((g / "_project.yaml").is_file() for g in groups), groups
    assert all((FIXTURES / load_case(next(g.glob("[!_]*.yaml")))[0]["base"]).is_dir() for g in groups)
    stray = sorted(p.name for p in CASES.iterdir() if p.is_file() and p.name != "README.md")
    assert stray == [], f"cases belong in a group folder (tests/cases/README.md): {stray}"
    assert len(case_files()) >= 100
