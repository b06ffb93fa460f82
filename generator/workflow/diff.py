"""`banshi diff`: what a pull request changes, item by item, in plain Chinese.

Records are read at git revisions (`git ls-tree`, `git show`) or from the working tree, parsed with the
safe loader and validated with the model when possible (so defaults count), and compared field by field.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.load.yaml_source import SourceError, parse_text
from generator.model.elements import limit_text
from generator.model.findings import markdown_inert as md
from generator.model.records import Department, DepartmentsFile, DirectoryItem, ImplementationRecord, Region, RegionsFile, TimeLimit
from generator.workflow.labels import field_order, label

WORKTREE = None  # a revision of None means the working tree
INHERITED = ("name", "item_type", "legal_basis", "legal_time_limit", "conditions", "materials", "service_objects", "steps", "result", "remedies")
KEY_FIELDS = ("name", "law", "code", "q", "field", "address", "id")


class GitError(Exception):
    pass


def git(root: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, encoding="utf-8")
    if proc.returncode != 0:
        raise GitError(proc.stderr.strip() or f"git {' '.join(args)} 失败")
    return proc.stdout


def default_base(root: Path) -> str:
    for branch in ("main", "origin/main"):
        try:
            return git(root, "merge-base", branch, "HEAD").strip()
        except GitError:
            continue
    return "HEAD"


def read_tree(root: Path, rev: str | None) -> dict[str, str]:
    """items/**.yaml path -> text, at a revision or in the working tree."""
    if rev is WORKTREE:
        paths = sorted(p for p in (root / "items").rglob("*.yaml") if p.is_file() and not p.is_symlink())  # symlinks are never read
        return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8", errors="replace") for p in paths}
    names = [n for n in git(root, "ls-tree", "-r", "--name-only", rev, "--", "items").splitlines() if n.endswith(".yaml")]
    return {n: git(root, "show", f"{rev}:{n}") for n in names}


@dataclass
class Doc:
    """One record or catalog entry at one side of the diff."""

    key: str
    kind: str  # 实施清单 | 基本目录 | 区划 | 部门
    title: str
    file: str
    data: dict[str, Any]
    model: type[BaseModel]
    valid: bool = True
    directory: dict[str, Any] = field(default_factory=dict)  # a record's directory item, for inherited fields


def _load(model: type[BaseModel], data: Any) -> tuple[dict[str, Any], bool]:
    try:
        return model.model_validate(data).model_dump(mode="json", warnings=False), True
    except ValidationError:
        return (data if isinstance(data, dict) else {}), False


def documents(files: dict[str, str]) -> dict[str, Doc]:
    out: dict[str, Doc] = {}
    for path, text in files.items():
        try:
            raw = parse_text(text).data
        except SourceError:
            out[f"file:{path}"] = Doc(f"file:{path}", "文件", path, path, {}, ImplementationRecord, False)
            continue
        if path.startswith("items/_catalog/directory/"):
            data, ok = _load(DirectoryItem, raw)
            key = f"dir:{data.get('basic_code', path)}"
            out[key] = Doc(key, "基本目录", str(data.get("name", path)), path, data, DirectoryItem, ok)
        elif path == "items/_catalog/regions.yaml":
            data, _ = _load(RegionsFile, raw)
            for region in data.get("regions", []) or []:
                if isinstance(region, dict):
                    out[f"region:{region.get('code')}"] = Doc(f"region:{region.get('code')}", "区划", str(region.get("name")), path, region, Region)
        elif path == "items/_catalog/departments.yaml":
            data, _ = _load(DepartmentsFile, raw)
            for dep in data.get("departments", []) or []:
                if isinstance(dep, dict):
                    out[f"dep:{dep.get('id')}"] = Doc(f"dep:{dep.get('id')}", "部门", str(dep.get("name")), path, dep, Department)
        elif path.startswith("items/_catalog/") or path.startswith("items/_files/"):
            continue
        else:
            data, ok = _load(ImplementationRecord, raw)
            key = f"rec:{data.get('implementation_code') or path}"
            out[key] = Doc(key, "实施清单", str(data.get("name") or ""), path, data, ImplementationRecord, ok)
    for doc in out.values():
        if doc.kind == "实施清单":
            std = out.get(f"dir:{doc.data.get('basic_code')}")
            region = out.get(f"region:{doc.data.get('region')}")
            doc.title = (doc.title or (std.title if std else str(doc.data.get("basic_code") or doc.file))) + (f" · {region.title}" if region else "")
            doc.directory = std.data if std else {}
    return out


# ---- value formatting -----------------------------------------------------------------------------


def fmt_value(value: Any) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict):
        if set(value) >= {"value", "unit"}:
            return limit_text(TimeLimit.model_construct(**value)) + (f"（{value['note']}）" if value.get("note") else "")
        key = item_key(value)
        if key:
            return key
        return "，".join(f"{k}: {fmt_value(v)}" for k, v in value.items() if v not in (None, [], {}))
    if isinstance(value, list):
        return "、".join(fmt_value(v) for v in value) or "（无）"
    return str(value)


def item_key(value: Any) -> str | None:
    if isinstance(value, dict):
        for k in KEY_FIELDS:
            if isinstance(value.get(k), str | int) and value.get(k) != "":
                return str(value[k])
    return None


def diff_values(lab: str, old: Any, new: Any, model: type[BaseModel] | None) -> list[str]:
    """Human lines describing how old became new under the label lab."""
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        if set(old) | set(new) <= {"value", "unit", "note"} and old.get("unit") == new.get("unit") and old.get("note") == new.get("note"):
            return [f"{lab}: {old.get('value')} → {new.get('value')} 个{new.get('unit')}"]
        if model is not None:
            names, nested = field_order(model)
            keys = [k for k in names if k in old or k in new] + sorted(k for k in set(old) | set(new) if k not in names)
            out = []
            for k in keys:
                out += diff_values(f"{lab} · {label(model, k)}", old.get(k), new.get(k), nested.get(k))
            return out
    if isinstance(old, list) and isinstance(new, list) and all(isinstance(v, dict | str | int) for v in old + new):
        return diff_lists(lab, old, new, model)
    if old is None or old == [] or old == {}:
        return [f"{lab}: 新增「{fmt_value(new)}」"]
    if new is None or new == [] or new == {}:
        return [f"{lab}: 删除「{fmt_value(old)}」"]
    return [f"{lab}: {fmt_value(old)} → {fmt_value(new)}"]


def diff_lists(lab: str, old: list[Any], new: list[Any], model: type[BaseModel] | None) -> list[str]:
    def keyed(items: list[Any]) -> dict[str, Any] | None:
        keys = [item_key(v) if isinstance(v, dict) else str(v) for v in items]
        if None in keys or len(set(keys)) != len(keys):
            return None
        return dict(zip(keys, items, strict=True))  # type: ignore[arg-type]

    ko, kn = keyed(old), keyed(new)
    if ko is None or kn is None:
        return [f"{lab}: {fmt_value(old)} → {fmt_value(new)}"]
    out = [f"{lab}: 新增「{k}」" for k in kn if k not in ko]
    out += [f"{lab}: 删除「{k}」" for k in ko if k not in kn]
    for k in kn:
        if k in ko and ko[k] != kn[k]:
            out += diff_values(f"{lab}「{k}」", ko[k], kn[k], model)
    common_old = [k for k in ko if k in kn]
    common_new = [k for k in kn if k in ko]
    if common_old != common_new:
        out.append(f"{lab}: 顺序调整为 {'、'.join(common_new)}")
    return out


# ---- the diff ---------------------------------------------------------------------------------------


@dataclass
class Change:
    status: str  # added | removed | changed
    kind: str
    key: str
    title: str
    file: str
    old_file: str | None = None
    lines: list[str] = field(default_factory=list)


@dataclass
class Diff:
    base: str
    head: str
    changes: list[Change] = field(default_factory=list)


def diff_docs(old: dict[str, Doc], new: dict[str, Doc]) -> list[Change]:
    changes = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a is None and b is not None:
            changes.append(Change("added", b.kind, key, b.title, b.file))
        elif b is None and a is not None:
            changes.append(Change("removed", a.kind, key, a.title, a.file))
        elif a is not None and b is not None:
            names, nested = field_order(b.model)
            keys = [k for k in names if k in a.data or k in b.data] + sorted(k for k in set(a.data) | set(b.data) if k not in names)
            lines: list[str] = []
            for k in keys:
                va, vb = a.data.get(k), b.data.get(k)
                if (va is None) != (vb is None) and k in INHERITED:  # stated <-> inherited: compare with the directory's value
                    va = a.directory.get(k) if va is None else va
                    vb = b.directory.get(k) if vb is None else vb
                lines += diff_values(label(b.model, k), va, vb, nested.get(k))
            if a.file != b.file:
                lines.insert(0, f"文件: {a.file} → {b.file}")
            if not b.valid:
                lines.append("（修改后的记录未通过校验，请运行 banshi validate）")
            if lines:
                changes.append(Change("changed", b.kind, key, b.title, b.file, a.file, lines))
    return changes


def compute_diff(root: Path, base: str | None = None, head: str | None = WORKTREE) -> Diff:
    base = base or default_base(root)
    old = documents(read_tree(root, base))
    new = documents(read_tree(root, head))
    return Diff(base, head or "工作区", diff_docs(old, new))


STATUS = {"added": "新增", "removed": "删除", "changed": "修改"}


def render_markdown(d: Diff) -> str:
    counts = {s: sum(c.status == s for c in d.changes) for s in STATUS}
    out = [f"## 事项变更（{d.base[:12]} → {d.head[:12]}）", ""]
    if not d.changes:
        return "\n".join([*out, "没有事项数据的变更。", ""])
    out += [f"共 {len(d.changes)} 项变更：新增 {counts['added']}，删除 {counts['removed']}，修改 {counts['changed']}。", ""]
    for status, title in STATUS.items():
        group = [c for c in d.changes if c.status == status]
        if not group:
            continue
        out += [f"### {title}", ""]
        for c in group:
            out.append(f"- **{md(c.title)}**（{c.kind}）`{c.file}`")
            out += [f"  - {md(line)}" for line in c.lines]
        out.append("")
    return "\n".join(out)


def as_json(d: Diff) -> dict[str, Any]:
    return {
        "base": d.base,
        "head": d.head,
        "changes": [
            {"status": c.status, "kind": c.kind, "key": c.key, "title": c.title, "file": c.file, "old_file": c.old_file, "lines": c.lines} for c in d.changes
        ],
    }
