"""`.github/CODEOWNERS` from departments.yaml: each department's reviewers own its records; maintainers own the rest.

The 政务服务管理机构 (departments with `approver: true`) review what departs from or changes the standard: the
基本目录 (items/_catalog/directory/) and every record whose standard elements they govern: one that declares
variations, or whose scheduled changes set a standard element or variations (what goes live on the date is a
change of the standard like a direct one). CODEOWNERS matches paths only, so such a record gets its own line
naming the approvers of its region and above; the last matching line wins, so the department alone cannot approve it.

GitHub reads CODEOWNERS from the pull request's base branch, never from the branch itself: the line a pull request
adds for its own record routes the next pull request, not this one. What routes this one is that it must change
`.github/CODEOWNERS`, and that file belongs to the approvers. So `banshi codeowners --check` stays a gate, and
says which lines to add or remove, so that a contributor can make the change in the web editor
(docs/pull-requests.md, "Approvals").
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.load.files import record_files
from generator.load.records import load_records
from generator.model.catalog import Catalog
from generator.model.elements import STANDARD_ELEMENTS
from generator.model.records import ImplementationRecord
from generator.validate.catalog_rules import load_catalog

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


GOVERNED = frozenset((*STANDARD_ELEMENTS, "variations"))  # what only the approvers may let a record change


def governed(rec: ImplementationRecord) -> bool:
    """A record that declares variations, or whose scheduled changes set a standard element or variations."""
    return bool(rec.variations) or any(GOVERNED.intersection(change.set) for change in rec.scheduled)


def governed_records(root: Path) -> list[tuple[str, str]]:
    """(repository path, region) of the records the approvers review."""
    files = [p for p in record_files(root) if p.suffix == ".yaml"]
    return [(x.file, x.record.region) for x in load_records(root, files) if x.record is not None and governed(x.record)]


def codeowners_text(root: Path, maintainers: str | None = None) -> str:
    maintainers = maintainers or default_maintainers(root)
    catalog = load_catalog(root, [])
    approvers = approver_handles(catalog)
    directory_owners = " ".join(approvers) if approvers else maintainers
    lines = [HEADER, f"*                    {maintainers}", f"/items/_catalog/     {maintainers}", f"/.github/            {maintainers}"]
    lines += ["", "# 基本目录、本地实施依据和本文件的修改由政务服务管理机构审核（新增须审核的记录时，拉取请求要在本文件加一行）"]
    lines += [f"/items/_catalog/directory/ {directory_owners}", f"/items/_catalog/local_basis.yaml {directory_owners}", f"/{CODEOWNERS} {directory_owners}", ""]
    without = []
    for dep in sorted(catalog.departments.values(), key=lambda d: (d.region, d.id)):
        if dep.reviewers:
            lines.append(f"/items/{dep.region}/{dep.id}/ {' '.join(dep.reviewers)}")
        else:
            without.append(dep.id)
    if without:
        lines += ["", f"# 未指定审核人的部门（由维护团队审核）：{'、'.join(without)}"]
    varied = [(file, approver_handles(catalog, region)) for file, region in governed_records(root)]
    varied = [(file, handles) for file, handles in varied if handles]
    if varied:
        lines += ["", "# 声明了本地差异（variations）或定期调整标准要素的记录由政务服务管理机构审核（须在部门各行之后）"]
        lines += [f"/{file} {' '.join(handles)}" for file, handles in sorted(varied)]
    return "\n".join(lines) + "\n"


def write_codeowners(root: Path, maintainers: str | None = None) -> Path:
    path = root / CODEOWNERS
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(codeowners_text(root, maintainers), encoding="utf-8")
    return path


def rules(text: str) -> list[str]:
    """The rule lines of a CODEOWNERS text, spaces normalised, comments and blank lines left out."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def is_record_line(rule: str) -> bool:
    """A governed record's line (added by pull requests), not a catalog file's (items/_catalog/local_basis.yaml)."""
    return rule.startswith("/items/") and not rule.startswith("/items/_catalog/") and rule.split()[0].endswith((".yaml", ".yml"))


def codeowners_problems(root: Path, maintainers: str | None = None) -> tuple[list[str], list[str], bool]:
    """(lines to add, lines to remove, whether the rest must be regenerated) for the file in the working tree.

    A record's own line may stand anywhere after the folder lines, in any order (they never overlap), so a
    contributor can append it in the web editor; the folder lines must be exactly the generated ones.
    """
    path = root / CODEOWNERS
    have = rules(path.read_text(encoding="utf-8")) if path.is_file() else []
    want = rules(codeowners_text(root, maintainers))
    own_have, own_want = [r for r in have if is_record_line(r)], [r for r in want if is_record_line(r)]
    rest_have, rest_want = [r for r in have if not is_record_line(r)], [r for r in want if not is_record_line(r)]
    first_own = next((i for i, r in enumerate(have) if is_record_line(r)), len(have))
    misplaced = any(not is_record_line(r) for r in have[first_own:])  # a folder line after a record line would win
    add = [r for r in own_want if r not in own_have]
    remove = [r for r in own_have if r not in own_want]
    return add, remove, rest_have != rest_want or misplaced


def codeowners_current(root: Path, maintainers: str | None = None) -> bool:
    add, remove, regenerate = codeowners_problems(root, maintainers)
    return not (add or remove or regenerate)


def check_report(root: Path, maintainers: str | None = None, markdown: bool = False) -> str:
    """What `banshi codeowners --check` says when the file is out of date: the exact lines, for the web editor."""
    add, remove, regenerate = codeowners_problems(root, maintainers)
    if not (add or remove or regenerate):
        return ""
    fence = ["```text"] if markdown else []
    end = ["```"] if markdown else []
    out = ["## CODEOWNERS 需要更新", ""] if markdown else [f"{CODEOWNERS} 需要更新。"]
    if add:
        out += ["本次修改使下列记录须经政务服务管理机构审核（声明了本地差异，或定期调整了标准要素）。", f"在网页上编辑 {CODEOWNERS}，把下面几行加在文件末尾："]
        out += [*fence, *add, *end]
    if remove:
        out += ["下列记录已不再声明本地差异或定期调整标准要素，请从文件中删除这几行：", *fence, *remove, *end]
    if add or remove:
        out += [f"GitHub 按合并目标分支上的 CODEOWNERS 指派审核人；{CODEOWNERS} 本身由政务服务管理机构审核，所以这一改动会请他们审核本次拉取请求。"]
    if regenerate:
        what = "运行 banshi codeowners 重新生成整个文件，或用下面的全文替换它" if markdown else "请运行 banshi codeowners 重新生成整个文件"
        out += [f"部门、审核人或政务服务管理机构的名单有变化：{what}。"]
        if markdown:
            out += ["", "<details><summary>CODEOWNERS 全文</summary>", "", *fence, codeowners_text(root, maintainers).rstrip("\n"), *end, "", "</details>"]
    return "\n".join(out) + "\n"
