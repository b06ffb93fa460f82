"""The pipeline runs one way: a module imports only its own stage and the stages before it (docs/architecture.md)."""

from __future__ import annotations

import re
from pathlib import Path

GENERATOR = Path(__file__).resolve().parents[1] / "generator"

#: The stages in pipeline order; top-level helper modules sit where their users allow.
STAGES = [
    "model", "address", "parallel", "processes", "load", "validate", "check", "workflow", "history", "export", "render",
    "search", "site", "commands", "cli",
]  # fmt: skip
IMPORT = re.compile(r"^\s*(?:from|import) generator\.(\w+)", re.M)


def stage_of(path: Path) -> str:
    relative = path.relative_to(GENERATOR)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def test_every_stage_is_listed() -> None:
    found = {stage_of(p) for p in GENERATOR.rglob("*.py")} - {"__init__", "__main__"}
    assert found <= set(STAGES), f"stages missing from STAGES: {sorted(found - set(STAGES))}"


def test_no_stage_imports_a_later_one() -> None:
    backwards = []
    for path in sorted(GENERATOR.rglob("*.py")):
        me = stage_of(path)
        if me not in STAGES:
            continue
        for other in IMPORT.findall(path.read_text(encoding="utf-8")):
            if other in STAGES and STAGES.index(other) > STAGES.index(me):
                backwards.append(f"{path.relative_to(GENERATOR.parent)} imports generator.{other}")
    assert not backwards, "\n".join(backwards)


def test_test_files_have_unique_names() -> None:
    """pytest's default import mode imports test files by basename: two test_x.py in different folders stop the run
    at collection."""
    names = [p.name for p in (GENERATOR.parent / "tests").rglob("test_*.py") if "node_modules" not in p.parts]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
