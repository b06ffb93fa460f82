"""Validation cases as data: tests/cases/<group>/<case>.yaml, each a set of files and its full expected findings.

A group's `_project.yaml` names the fixture catalog (`base`), the command run (`command`), text appended to
catalog files (`append`) and replacements in them (`replace`: path -> list of [old, new]). A case lists the
files it writes (`files`: path -> full text, as a clerk left it) and `expect`: every finding the command
reports (file, line, column, field, severity and a fragment of the message), nothing more and nothing less.
Errors and warnings count anywhere; notices only on the case's own files (the fixture's coverage notices are
not the case's business). A case without `expect` fails; `expect: []` means no error or warning.
Every message and hint must be Chinese without English or Python words (field names and values excepted).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support import REPO, make_project, run_cli

CASES = REPO / "tests" / "cases"
FIXTURES = REPO / "tests" / "fixtures"
KEYS = ("file", "line", "column", "field", "severity")
# Words allowed in messages: field names, YAML values, commands a clerk types and the office programs they paste from.
ALLOWED_WORDS = {"word", "excel", "tab", "true", "false", "null", "banshi", "new", "fmt", "validate", "check", "https", "yaml", "items", "note", "variations"}
WORD_RE = re.compile(r"[A-Za-z_][A-Za-z_.]{2,}")


def case_files() -> list[Path]:
    return sorted(p for p in CASES.glob("*/*.yaml") if not p.name.startswith("_"))


def load_case(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    group = yaml.safe_load((path.parent / "_project.yaml").read_text(encoding="utf-8"))
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    return group, case


def build(tmp_path: Path, group: dict[str, Any], case: dict[str, Any]) -> Path:
    project = make_project(tmp_path / "project", FIXTURES / group["base"])
    for rel, text in (group.get("append") or {}).items():
        with (project / rel).open("a", encoding="utf-8") as fh:
            fh.write(text)
    for rel, pairs in (group.get("replace") or {}).items():
        text = (project / rel).read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, f"{rel}: {old!r} not found"
            text = text.replace(old, new, 1)
        (project / rel).write_text(text, encoding="utf-8")
    for rel, text in case["files"].items():
        target = project / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return project


QUOTED_RE = re.compile(r"「[^」]*」|`[^`]*`|items/\S*")


def foreign_words(text: str, field_names: set[str]) -> list[str]:
    """English or Python words outside quoted values (「…」, `…`) and file paths, other than field names."""
    text = QUOTED_RE.sub("", text)
    return [w for w in WORD_RE.findall(text) if w.lower() not in ALLOWED_WORDS and w.split(".")[0].split("[")[0] not in field_names]


def model_field_names() -> set[str]:
    from generator.model import records

    names: set[str] = set()
    for obj in vars(records).values():
        if isinstance(obj, type) and hasattr(obj, "model_fields"):
            names.update(obj.model_fields)
    return names


def run_case(tmp_path: Path, path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    group, case = load_case(path)
    project = build(tmp_path, group, case)
    code, out = run_cli(project, *group["command"], "--format", "json", monkeypatch=monkeypatch)
    assert code in (0, 1), out
    findings = json.loads(out)["findings"]
    return case, [f for f in findings if f["severity"] != "info" or f["file"] in case["files"]]


def matches(expected: dict[str, Any], actual: dict[str, Any]) -> bool:
    return all(expected[k] == actual[k] for k in KEYS) and expected["message"] in actual["message"]


@pytest.mark.parametrize("path", case_files(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_case(tmp_path: Path, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _group, case = load_case(path)
    assert isinstance(case.get("expect"), list), f"{path.name}: every case states its expected findings (expect: [] when it must pass)"
    case, findings = run_case(tmp_path, path, monkeypatch)
    unmatched = [e for e in case["expect"] if not any(matches(e, a) for a in findings)]
    unexpected = [a for a in findings if not any(matches(e, a) for e in case["expect"])]
    assert not unmatched and not unexpected, json.dumps({"missing": unmatched, "unexpected": unexpected}, ensure_ascii=False, indent=1)
    names = model_field_names()
    for finding in findings:
        for key in ("message", "hint"):
            assert not foreign_words(finding[key], names), f"{key} has English or Python text: {finding[key]}"


def test_cases_exist() -> None:
    assert len(case_files()) >= 25
