"""`.github/CODEOWNERS` from departments.yaml: each department's reviewers own its records; maintainers own the rest."""

from __future__ import annotations

import re
from pathlib import Path

from generator.load.catalog import load_catalog

CODEOWNERS = ".github/CODEOWNERS"
HEADER = (
    "# 由 `banshi codeowners` 根据 items/_catalog/departments.yaml 生成，请勿手工修改。\n"
    "# 部门审核人负责本部门的事项记录；其余文件（基本目录、区划、部门、代码）由维护团队审核。\n"
)


def default_maintainers(root: Path) -> str:
    """@<owner>/maintainers, the owner taken from repo_name in mkdocs.yml."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8") if (root / "mkdocs.yml").is_file() else ""
    match = re.search(r"^repo_name:\s*['\"]?([A-Za-z0-9_.-]+)/", text, re.MULTILINE)
    return f"@{match.group(1) if match else 'banshi'}/maintainers"


def codeowners_text(root: Path, maintainers: str | None = None) -> str:
    maintainers = maintainers or default_maintainers(root)
    catalog = load_catalog(root, [])
    lines = [HEADER, f"*                    {maintainers}", f"/items/_catalog/     {maintainers}", f"/.github/            {maintainers}", ""]
    without = []
    for dep in sorted(catalog.departments.values(), key=lambda d: (d.region, d.id)):
        if dep.reviewers:
            lines.append(f"/items/{dep.region}/{dep.id}/ {' '.join(dep.reviewers)}")
        else:
            without.append(dep.id)
    if without:
        lines += ["", f"# 未指定审核人的部门（由维护团队审核）：{'、'.join(without)}"]
    return "\n".join(lines) + "\n"


def write_codeowners(root: Path, maintainers: str | None = None) -> Path:
    path = root / CODEOWNERS
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(codeowners_text(root, maintainers), encoding="utf-8")
    return path


def codeowners_current(root: Path, maintainers: str | None = None) -> bool:
    path = root / CODEOWNERS
    return path.is_file() and path.read_text(encoding="utf-8") == codeowners_text(root, maintainers)
