"""Small modules that say what they are for: no module of the package or of the site's scripts over MAX_LINES lines,
and every one opens with what it is for (a module docstring, or a comment in a script). Vendored third-party scripts
(assets/javascripts/vendor/, listed in docs/third-party.md) are not ours to split."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MAX_LINES = 400
MIN_PURPOSE_CHARS = 12  # a phrase, not a stray word: "`banshi diff`." names the verb a commands/ module implements


def modules(repo: Path) -> list[Path]:
    """The package's Python modules and the site's own scripts."""
    scripts = repo / "site_templates" / "overrides" / "assets" / "javascripts"
    found = list((repo / "generator").rglob("*.py"))
    found += [p for p in scripts.rglob("*") if p.suffix in (".mjs", ".js") and "vendor" not in p.relative_to(scripts).parts]
    return sorted(found)


def purpose(path: Path) -> str:
    """What the file's first lines say it is for: its docstring, or the comment its script opens with."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return ast.get_docstring(ast.parse(text)) or ""
    lines = text.lstrip().splitlines()
    head = []
    for line in lines:
        if not line.startswith(("//", "/*", " *")):
            break
        head.append(line.lstrip("/* ").strip())
    return " ".join(head).strip()


def problems(repo: Path) -> list[str]:
    out = []
    for path in modules(repo):
        name = path.relative_to(repo).as_posix()
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            out.append(f"{name}: {lines} lines (at most {MAX_LINES}: split it by job)")
        if len(purpose(path)) < MIN_PURPOSE_CHARS:
            out.append(f"{name}: its first lines do not say what it is for")
    return out


def test_modules_are_small_and_say_what_they_are_for() -> None:
    found = problems(REPO)
    assert not found, "\n".join(found)


def test_the_check_fails_on_a_long_or_silent_module(tmp_path: Path) -> None:
    package = tmp_path / "generator"
    scripts = tmp_path / "site_templates" / "overrides" / "assets" / "javascripts"
    (scripts / "vendor").mkdir(parents=True)
    package.mkdir()
    (package / "fine.py").write_text('"""Reads the records of items/ into models."""\n')
    (package / "long.py").write_text('"""A module that grew past the limit."""\n' + "x = 1\n" * MAX_LINES)
    (package / "silent.py").write_text("x = 1\n")
    (scripts / "page.mjs").write_text("// The search page: results as you type.\nexport const a = 1;\n")
    (scripts / "bare.mjs").write_text("export const a = 1;\n")
    (scripts / "vendor" / "lib.mjs").write_text("export const a = 1;\n" * (MAX_LINES + 1))
    assert problems(tmp_path) == [
        "generator/long.py: 401 lines (at most 400: split it by job)",
        "generator/silent.py: its first lines do not say what it is for",
        "site_templates/overrides/assets/javascripts/bare.mjs: its first lines do not say what it is for",
    ]
