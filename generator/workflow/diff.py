"""`banshi diff`: what a pull request changes, item by item, in plain Chinese.

Records are read at git revisions (`git ls-tree`, `git show`) or from the working tree, parsed with the
safe loader and validated with the model when possible (so defaults count), and compared field by field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.load.yaml_source import SourceError, parse_text
from generator.model.elements import duration_text, limit_text
from generator.model.markdown import code, md
from generator.model.plain import AWAITING_APPROVAL
from generator.model.records import Department, DepartmentsFile, DirectoryItem, ImplementationRecord, Region, RegionsFile, ScheduledChange, TimeLimit
from generator.model.schedule import announcement
from generator.workflow.git import GitError, commit_of, default_base, git
from generator.workflow.labels import field_order, label

__all__ = ["GitError", "as_json", "compute_diff_docs", "render_markdown"]

WORKTREE = None  # a revision of None means the working tree
INHERITED = ("name", "item_type", "legal_basis", "legal_time_limit", "conditions", "materials", "service_objects", "steps", "result", "remedies")
KEY_FIELDS = ("name", "law", "code", "q", "field", "address", "id", "effective")


def read_tree(root: Path, rev: str | None) -> dict[str, str]:
    """items/**.yaml path -> text, at a revision or in the working tree."""
    if rev is WORKTREE:
        paths = sorted(p for p in (root / "items").rglob("*.yaml") if p.is_file() and not p.is_symlink())  # symlinks are never read
        return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8", errors="replace") for p in paths}
    commit = commit_of(root, rev)  # a checked revision: never read as an option
    names = [n for n in git(root, "ls-tree", "-r", "--name-only", "--end-of-options", commit, "--", "items").splitlines() if n.endswith(".yaml")]
    return {n: git(root, "show", f"{commit}:{n}") for n in names}


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
    raw: dict[str, Any] = field(default_factory=dict)  # as written, without defaults: compared when either side is invalid
    problem: str = ""  # why the file could not be parsed ("" when it could)


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
        except SourceError as exc:
            out[f"file:{path}"] = Doc(f"file:{path}", "文件", path, path, {}, ImplementationRecord, False, problem=f"第 {exc.line} 行：{exc.message}")
            continue
        if path.startswith("items/_catalog/directory/"):
            data, ok = _load(DirectoryItem, raw)
            key = f"dir:{data.get('basic_code', path)}"
            out[key] = Doc(key, "基本目录", str(data.get("name", path)), path, data, DirectoryItem, ok, raw=raw)
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
            out[key] = Doc(key, "实施清单", str(data.get("name") or ""), path, data, ImplementationRecord, ok, raw=raw)
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
            before, after, unit = old.get("value"), new.get("value"), new.get("unit")
            if before and after:
                return [f"{lab}: {before} → {after} 个{unit}"]  # 15 → 3 个工作日
            return [f"{lab}: {duration_text(before or 0, str(unit))} → {duration_text(after or 0, str(unit))}"]  # 3 个工作日 → 即办
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


def _without_key(value: Any) -> Any:
    if isinstance(value, dict):
        key = next((k for k in KEY_FIELDS if isinstance(value.get(k), str | int) and value.get(k) != ""), None)
        return {k: v for k, v in value.items() if k != key}
    return None


def _renames(ko: dict[str, Any], kn: dict[str, Any]) -> list[tuple[str, str]]:
    """(old key, new key) pairs: an entry removed and one added whose other attributes are equal, or which take the
    same place in the list when there is one of each."""
    removed = [k for k in ko if k not in kn]
    added = [k for k in kn if k not in ko]
    pairs: list[tuple[str, str]] = []
    for old in removed:
        rest = _without_key(ko[old])
        match = next((new for new in added if rest is not None and rest == _without_key(kn[new])), None)
        if match is None and len(removed) == len(added) == 1 and isinstance(ko[old], dict):
            match = added[0]
        if match is not None:
            pairs.append((old, match))
            added.remove(match)
    return pairs


def diff_lists(lab: str, old: list[Any], new: list[Any], model: type[BaseModel] | None) -> list[str]:
    def keyed(items: list[Any]) -> dict[str, Any] | None:
        keys = [item_key(v) if isinstance(v, dict) else str(v) for v in items]
        if None in keys or len(set(keys)) != len(keys):
            return None
        return dict(zip(keys, items, strict=True))  # type: ignore[arg-type]

    ko, kn = keyed(old), keyed(new)
    if ko is None or kn is None:
        return [f"{lab}: {fmt_value(old)} → {fmt_value(new)}"]
    renames = _renames(ko, kn)
    renamed_old, renamed_new = {a for a, _ in renames}, {b for _, b in renames}
    out = [f"{lab}: 「{a}」改名为「{b}」" for a, b in renames]
    out += [f"{lab}: 新增「{describe(k, kn[k])}」" for k in kn if k not in ko and k not in renamed_new]
    out += [f"{lab}: 删除「{describe(k, ko[k])}」" for k in ko if k not in kn and k not in renamed_old]
    for a, b in renames:
        changed = {k: v for k, v in kn[b].items() if k in (_without_key(kn[b]) or {})}
        before = _without_key(ko[a]) or {}
        if changed != before:
            out += diff_values(f"{lab}「{b}」", before, changed, model)
    for k in kn:
        if k in ko and ko[k] != kn[k]:
            out += diff_values(f"{lab}「{k}」", ko[k], kn[k], model)
    pairs = dict(renames)
    common_old = [pairs.get(k, k) for k in ko if k in kn or k in pairs]
    common_new = [k for k in kn if k in ko or k in renamed_new]
    if common_old != common_new:
        out.append(f"{lab}: 顺序调整为 {'、'.join(common_new)}")
    return out


def describe(key: str, value: Any) -> str:
    """A list entry by its key; a variation with its reason and approval; a scheduled change with what it sets."""
    if isinstance(value, dict) and {"field", "reason"} <= set(value):
        name = label(ImplementationRecord, str(value["field"]))
        return f"{name}（理由：{value.get('reason')}；批准：{value.get('approved_by') or AWAITING_APPROVAL}）"
    if isinstance(value, dict) and {"effective", "set"} <= set(value) and isinstance(value["set"], dict):
        return f"{key} 起 " + "；".join(announcement(ScheduledChange.model_construct(**value)))
    return key


# ---- the diff ---------------------------------------------------------------------------------------


@dataclass
class Change:
    status: str  # added | removed | changed | unparsable
    kind: str
    key: str
    title: str
    file: str
    old_file: str | None = None
    lines: list[str] = field(default_factory=list)
    future: list[tuple[str, list[str]]] = field(default_factory=list)  # (effective date, how the record will read)


@dataclass
class Diff:
    base: str
    head: str
    changes: list[Change] = field(default_factory=list)


KEY_FACTS = ("case_type", "promised_time_limit", "onsite_visits", "online", "in_service_hall", "fee", "locations", "variations")


def key_facts(doc: Doc) -> list[str]:
    """What a reviewer checks first in a new record."""
    data = doc.data if doc.valid else doc.raw
    out = []
    for key in KEY_FACTS:
        value = data.get(key)
        if value in (None, [], {}):
            continue
        if key == "online" and isinstance(value, dict):
            text = f"深度 {value.get('depth')}，在线申报{fmt_value(value.get('apply'))}"
        elif key == "fee" and isinstance(value, dict):
            text = "收费" if value.get("charged") else "不收费"
        elif key == "locations" and isinstance(value, list):
            text = "；".join(str(loc.get("address") or loc.get("place_class") or loc.get("name")) for loc in value if isinstance(loc, dict))
        elif key == "variations" and isinstance(value, list):
            text = "；".join(describe("", v) for v in value)
        else:
            text = fmt_value(value)
        out.append(f"{label(ImplementationRecord, key)}: {text}")
    return out


def compare_docs(a: Doc, b: Doc) -> list[str]:
    both_valid = a.valid and b.valid
    da, db = (a.data, b.data) if both_valid else (a.raw or a.data, b.raw or b.data)  # defaults only when both have them
    names, nested = field_order(b.model)
    keys = [k for k in names if k in da or k in db] + sorted(k for k in set(da) | set(db) if k not in names)
    lines: list[str] = []
    for k in keys:
        va, vb = da.get(k), db.get(k)
        if (va is None) != (vb is None) and k in INHERITED:  # stated <-> inherited: compare with the directory's value
            va = a.directory.get(k) if va is None else va
            vb = b.directory.get(k) if vb is None else vb
        lines += diff_values(label(b.model, k), va, vb, nested.get(k))
    if a.file != b.file:
        lines.insert(0, f"文件: {a.file} → {b.file}")
    if not b.valid:
        lines.append("（修改后的记录未通过校验，请运行 banshi validate）")
    return lines


def _by_file(docs: dict[str, Doc]) -> dict[str, list[Doc]]:
    out: dict[str, list[Doc]] = {}
    for doc in docs.values():
        out.setdefault(doc.file, []).append(doc)
    return out


def unparsable(old: dict[str, Doc], new: dict[str, Doc]) -> tuple[list[Change], set[str]]:
    """A file that does not parse on one side is "无法解析", never a deletion plus an addition; its keys are skipped."""
    old_by_file, new_by_file = _by_file(old), _by_file(new)
    files = sorted({d.file for d in (*old.values(), *new.values()) if d.problem})
    changes, skip = [], set[str]()
    for file in files:
        before, after = old_by_file.get(file, []), new_by_file.get(file, [])
        skip.update(d.key for d in (*before, *after))
        good = next((d for d in (*after, *before) if not d.problem), None)
        bad_before = next((d for d in before if d.problem), None)
        bad_after = next((d for d in after if d.problem), None)
        if bad_after is not None:
            when = "修改前后都" if bad_before is not None else "修改后的文件"
            line = f"{when}无法解析（{bad_after.problem}），内容未比较：请按 banshi validate 的提示修改"
        else:
            line = f"修改前的文件无法解析（{bad_before.problem if bad_before else ''}），修改后已可以解析"
        title, kind = (good.title, good.kind) if good else (file, "文件")
        changes.append(Change("unparsable", kind, f"file:{file}", title, file, None, [line]))
    return changes, skip


def diff_docs(old: dict[str, Doc], new: dict[str, Doc]) -> list[Change]:
    changes, skip = unparsable(old, new)
    for key in sorted(set(old) | set(new)):
        if key in skip:
            continue
        a, b = old.get(key), new.get(key)
        if a is None and b is not None:
            changes.append(Change("added", b.kind, key, b.title, b.file, lines=key_facts(b) if b.kind == "实施清单" else []))
        elif b is None and a is not None:
            changes.append(Change("removed", a.kind, key, a.title, a.file))
        elif a is not None and b is not None:
            lines = compare_docs(a, b)
            if lines:
                changes.append(Change("changed", b.kind, key, b.title, b.file, a.file, lines))
    for change in changes:
        if change.kind == "基本目录" and change.status in ("changed", "removed"):
            code_ = change.key.removeprefix("dir:")
            affected = [d.title for d in sorted(new.values(), key=lambda d: d.file) if d.kind == "实施清单" and d.data.get("basic_code") == code_]
            if affected:
                change.lines.append(f"影响 {len(affected)} 条实施清单：{'、'.join(affected)}")
    return changes


def compute_diff_docs(root: Path, base: str | None = None, head: str | None = WORKTREE) -> tuple[Diff, dict[str, Doc], dict[str, Doc]]:
    """The diff between two revisions (default: main's merge base and the working tree), with both sides' documents."""
    base = base or default_base(root)
    old = documents(read_tree(root, base))
    new = documents(read_tree(root, head))
    return Diff(base, head or "工作区", diff_docs(old, new)), old, new


STATUS = {"added": "新增", "removed": "删除", "changed": "修改", "unparsable": "无法解析"}


def render_markdown(d: Diff) -> str:
    counts = {s: sum(c.status == s for c in d.changes) for s in STATUS}
    out = [f"## 事项变更（{md(d.base[:12])} → {md(d.head[:12])}）", ""]
    if not d.changes:
        return "\n".join([*out, "没有事项数据的变更。", ""])
    summary = f"共 {len(d.changes)} 项变更：新增 {counts['added']}，删除 {counts['removed']}，修改 {counts['changed']}"
    summary += f"，无法解析 {counts['unparsable']}。" if counts["unparsable"] else "。"
    out += [summary, ""]
    for status, title in STATUS.items():
        group = [c for c in d.changes if c.status == status]
        if not group:
            continue
        out += [f"### {title}", ""]
        for c in group:
            out.append(f"- **{md(c.title)}**（{c.kind}）{code(c.file)}")
            out += [f"  - {md(line)}" for line in c.lines]
            for day, lines in c.future:
                out += [f"  - **自 {md(day)} 起（定期调整生效后），与现行内容相比：**", *(f"    - {md(line)}" for line in lines)]
        out.append("")
    return "\n".join(out)


def as_json(d: Diff) -> dict[str, Any]:
    return {
        "base": d.base,
        "head": d.head,
        "changes": [
            {
                "status": c.status,
                "kind": c.kind,
                "key": c.key,
                "title": c.title,
                "file": c.file,
                "old_file": c.old_file,
                "lines": c.lines,
                "future": [{"effective": day, "lines": lines} for day, lines in c.future],
            }
            for c in d.changes
        ],
    }
