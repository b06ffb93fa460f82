"""The pipeline runs one way: a module imports only its own stage and the stages before it (docs/architecture.md)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

GENERATOR = Path(__file__).resolve().parents[1] / "generator"

#: The stages in pipeline order; top-level helper modules sit where their users allow.
STAGES = [
    "assets", "model", "address", "parallel", "processes", "load", "validate", "check", "workflow", "history", "export", "render",
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


def _runtime_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement that runs: at the top or inside a function, not under `if TYPE_CHECKING:`."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph(package: Path) -> dict[str, set[str]]:
    """module -> the modules of the package it imports (dotted names; `from a import b` is a.b when b is a module)."""
    root = package.parent
    modules = {".".join(p.relative_to(root).with_suffix("").parts).removesuffix(".__init__"): p for p in package.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif node.module and node.level == 0:
                targets = [f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in modules else node.module for alias in node.names]
            else:
                continue
            graph[name].update(t for t in targets if t in modules and t != name and not name.startswith(t + "."))
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted: every import cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def test_no_import_cycle() -> None:
    """No module reaches itself through imports, counting the imports inside functions (which only hide a cycle)."""
    assert not cycles(import_graph(GENERATOR)), cycles(import_graph(GENERATOR))


def test_a_cycle_is_found(tmp_path: Path) -> None:
    """The cycle check fails on a cycle inside one stage, even one hidden by an import inside a function."""
    stage = tmp_path / "pkg" / "search"
    stage.mkdir(parents=True)
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (stage / "__init__.py").write_text("")
    (stage / "query.py").write_text("from pkg.search.index import build\n")
    (stage / "index.py").write_text("def build():\n    from pkg.search import query\n")
    (stage / "alone.py").write_text("from pkg.search.index import build\n")
    (stage / "typed.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.search.alone import build\n")
    assert cycles(import_graph(tmp_path / "pkg")) == [["pkg.search.index", "pkg.search.query"]]


def mkdocs_importers(package: Path) -> list[str]:
    """Modules outside the package's site/ stage that import mkdocs, at the top or inside a function."""
    found = []
    for path in sorted(package.rglob("*.py")):
        if path.relative_to(package).parts[0] == "site":
            continue
        for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            if any(name == "mkdocs" or name.startswith("mkdocs.") for name in names):
                found.append(path.relative_to(package).as_posix())
                break
    return found


def test_only_site_imports_mkdocs() -> None:
    """The seam (docs/architecture.md): render/ makes GeneratedPage, and only generator/site/ knows MkDocs."""
    assert mkdocs_importers(GENERATOR) == []


def test_an_mkdocs_import_outside_site_is_found(tmp_path: Path) -> None:
    for folder, text in {"render": "def f():\n    from mkdocs.structure.pages import Page\n", "site": "import mkdocs\n"}.items():
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "m.py").write_text(text)
    (tmp_path / "render" / "doc.py").write_text('"""Read from mkdocs.yml."""\n')
    assert mkdocs_importers(tmp_path) == ["render/m.py"]


def test_test_files_have_unique_names() -> None:
    """pytest's default import mode imports test files by basename: two test_x.py in different folders stop the run
    at collection."""
    names = [p.name for p in (GENERATOR.parent / "tests").rglob("test_*.py") if "node_modules" not in p.parts]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
