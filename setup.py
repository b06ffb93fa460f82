"""The wheel's package data: copies the top-level runtime folders (site_templates/, schema/, search assets) into
generator/_assets/ of the built package, so an installed Banshi needs no checkout. What is copied is the SHIPPED table
of generator/assets.py (read as a literal, without importing the package); everything else is in pyproject.toml.

Why a hook: setuptools' package-data only takes files under a package's own folder, and the folders stay at the top
level of the repository (the README, CONTRIBUTING and mkdocs.yml point there). An editable install skips the copy:
it reads the checkout's folders directly (generator/assets.py).
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def shipped() -> dict[str, tuple[str, ...]]:
    """generator/assets.py's SHIPPED and PACKAGED, read as literals."""
    found = {}
    for node in ast.parse((HERE / "generator" / "assets.py").read_text(encoding="utf-8")).body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            target = node.target if isinstance(node, ast.AnnAssign) else node.targets[0]
            if isinstance(target, ast.Name) and target.id in ("SHIPPED", "PACKAGED") and node.value is not None:
                found[target.id] = ast.literal_eval(node.value)
    return found


class BuildWithAssets(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        table = shipped()
        dest = Path(self.build_lib) / "generator" / table["PACKAGED"]
        for folder, patterns in table["SHIPPED"].items():
            for pattern in patterns:
                for source in sorted((HERE / folder).glob(pattern)):
                    if source.is_file() and not source.is_symlink() and "node_modules" not in source.parts:
                        target = dest / source.relative_to(HERE)
                        target.parent.mkdir(parents=True, exist_ok=True)
                        shutil.copyfile(source, target)


setup(cmdclass={"build_py": BuildWithAssets})
