"""`.github/CODEOWNERS` from departments.yaml: each department's reviewers own its records; maintainers own the rest.

The 政务服务管理机构 (departments with `approver: true`) review what departs from or changes the standard: the
基本目录 (items/_catalog/directory/) and every record that declares variations. CODEOWNERS matches paths only, so
a record with variations gets its own line naming the approvers of its region and above; the last matching line
wins, so the department alone cannot approve it. A pull request that adds variations to a record changes which
lines CODEOWNERS needs: `banshi codeowners --check` fails until it is regenerated (the bot commit does it).
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.load.catalog import Catalog, load_catalog

CODEOWNERS = ".github/CODEOWNERS"
HEADER = (
    "# 由 `banshi codeowners` 根据 items/_catalog/departments.yaml 生成，请勿手工修改。\n"
    "# 部门审核人负责本部门的事项记录；基本目录和声明了本地差异的记录由政务服务管理机构审核；\n"
    "# 其余文件（区划、部门、代码）由维护团队审核。\n"
)


def default_maintainers(root: Path) -> str:
    """@<owner>/maintainers, the owner taken from repo_name in mkdocs.yml."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8") if (root / "mkdocs.yml").is_file() else ""
    match = re.search(r"^repo_name:\s*['\"]?([A-Za-z0-9_.-]+)/", text, re.MULTILINE)
    return f"@{match.group(1) if match else 'banshi'}/maintainers"


def approver_handles(catalog: Catalog, region: str | None = None) -> list[str]:
    """Reviewers of the 政务服务管理机构 of a region and its ancestors (all of them when region is None)."""
    chain = {r.code for r in catalog.region_path(region)} if region else None
    handles: list[str] = []
    for dep in sorted(catalog.departments.values(), key=lambda d: (d.region, d.id)):
        if dep.approver and (chain is None or dep.region in chain):
            handles += [h for h in dep.reviewers if h not in handles]
    return handles


def records_with_variations(root: Path) -> list[tuple[str, str]]:
    """(repository path, region) of the records that declare variations."""
    from generator.load.records import load_records
    from generator.validate.project import record_files

    files = [p for p in record_files(root) if p.suffix == ".yaml"]
    return [(x.file, x.record.region) for x in load_records(root, files) if x.record is not None and x.record.variations]


def codeowners_text(root: Path, maintainers: str | None = None) -> str:
    maintainers = maintainers or default_maintainers(root)
    catalog = load_catalog(root, [])
    approvers = approver_handles(catalog)
    directory_owners = " ".join(approvers) if approvers else maintainers
    lines = [HEADER, f"*                    {maintainers}", f"/items/_catalog/     {maintainers}", f"/.github/            {maintainers}"]
    lines += ["", "# 基本目录的修改由政务服务管理机构审核", f"/items/_catalog/directory/ {directory_owners}", ""]
    without = []
    for dep in sorted(catalog.departments.values(), key=lambda d: (d.region, d.id)):
        if dep.reviewers:
            lines.append(f"/items/{dep.region}/{dep.id}/ {' '.join(dep.reviewers)}")
        else:
            without.append(dep.id)
    varied = [(file, approver_handles(catalog, region)) for file, region in records_with_variations(root)]
    varied = [(file, handles) for file, handles in varied if handles]
    if varied:
        lines += ["", "# 声明了本地差异（variations）的记录由政务服务管理机构审核"]
        lines += [f"/{file} {' '.join(handles)}" for file, handles in sorted(varied)]
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
