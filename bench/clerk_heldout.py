"""Score the held-out clerk mistakes (bench/clerk_heldout/cases.yaml): caught, on the right line(s), in clean Chinese.

Run from the repository root: `.venv/bin/python bench/clerk_heldout.py [-v]`. Each case is one clerk's edit of the
clean 兰考县 record of tests/cases/clerk/27 in the clerk cases' project; `edit` cases run `banshi edit` instead.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import yaml
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.cli import main
from tests.test_cases import build, foreign_words, load_case, model_field_names

HERE = Path(__file__).parent / "clerk_heldout"
CLEAN = Path(__file__).resolve().parents[1] / "tests" / "cases" / "clerk" / "27-clean-record-accepted.yaml"


def run(project: Path, args: list[str]) -> tuple[int, str, str]:
    import os

    old = os.getcwd()
    os.chdir(project)
    try:
        result = CliRunner().invoke(main, args)
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr if result.stderr_bytes is not None else ""


def score(case: dict, verbose: bool) -> dict[str, bool]:
    group, clean = load_case(CLEAN)
    ((write,),) = [edit.values() for edit in clean["edits"]]
    rel, text = write["file"], write["text"]
    for old, new in case.get("replace", []):
        assert old in text, f"{case['title']}: {old!r} not in the clean record"
        text = text.replace(old, new, 1)
    names = model_field_names()
    with tempfile.TemporaryDirectory() as tmp:
        project = build(Path(tmp), group, {"edits": [{"write": {"file": rel, "text": text}}]})
        if "edit" in case:
            code, out, err = run(project, ["edit", "--region", "410225", "--set", case["edit"]])
            texts = [line for line in err.splitlines() if line.startswith("未修改 ")]
            caught, right = bool(texts), True
            shown = texts
        else:
            code, out, _err = run(project, ["validate", "--check", "--format", "json"])
            findings = [f for f in json.loads(out)["findings"] if f["file"] == rel and f["severity"] != "info"]
            caught = bool(findings)
            right = caught and all(any(f["line"] == line for f in findings) for line in case["lines"])
            texts = [f["message"] + " " + f["hint"] for f in findings]
            shown = [f"{f['line']}:{f['column']} {f['severity']} {f['field']}: {f['message']} ｜ {f['hint']}" for f in findings]
    clean_text = caught and not any(foreign_words(t, names) for t in texts)
    if verbose:
        print(f"## {case['title']} (exit {code})")
        print("\n".join(f"   {s}" for s in shown) or "   (nothing said)")
    return {"caught": caught, "right line": right and caught, "clean Chinese": clean_text, "crash": code not in (0, 1)}


def main_() -> None:
    cases = yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8"))["cases"]
    totals = {"caught": 0, "right line": 0, "clean Chinese": 0, "crash": 0}
    for case in cases:
        for key, ok in score(case, "-v" in sys.argv).items():
            totals[key] += ok
    print(f"{len(cases)} cases: " + ", ".join(f"{v} {k}" for k, v in totals.items()))


if __name__ == "__main__":
    main_()
