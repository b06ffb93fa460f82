"""The field reference of CONTRIBUTING.zh-CN.md, generated from the JSON Schema of a record (never written by hand).

The section between the markers is rewritten by `banshi docs-fields`; a test checks it is current.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.model.records import ImplementationRecord

CONTRIBUTING = "CONTRIBUTING.zh-CN.md"
START = "<!-- banshi:fields:start (由 banshi docs-fields 生成，请勿手工修改) -->"
END = "<!-- banshi:fields:end -->"
TITLES: dict[str, str] = {}  # nested model -> Chinese title from the first field that uses it
TYPES = {"string": "文字", "integer": "整数", "boolean": "true 或 false", "number": "数字", "null": "空"}


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def describe(node: dict[str, Any], defs: dict[str, Any]) -> tuple[str, str | None]:
    """(kind of value, nested model name or None) for a JSON Schema node."""
    if "$ref" in node:
        name = node["$ref"].split("/")[-1]
        return f"见 [{name}](#field-{name.lower()})", name
    if "anyOf" in node:
        parts = [describe(n, defs) for n in node["anyOf"] if n.get("type") != "null"]
        return (parts[0] if len(parts) == 1 else ("；".join(p[0] for p in parts), next((p[1] for p in parts if p[1]), None))) if parts else ("空", None)
    if "enum" in node:
        return "其中之一：" + "、".join(str(v) for v in node["enum"]), None
    if "const" in node:
        return str(node["const"]), None
    kind = node.get("type")
    if kind == "array":
        inner, ref = describe(node.get("items", {}), defs)
        return f"列表，每项：{inner}", ref
    if kind == "string" and node.get("format") == "date":
        return "日期，如 2026-01-31", None
    if kind == "string" and "pattern" in node:
        return f"文字，格式 `{node['pattern']}`", None
    return TYPES.get(str(kind), str(kind)), None


def short(description: str) -> str:
    for stop in ("（", "：", "；", "，"):
        description = description.split(stop)[0]
    return description


def table(title: str, schema: dict[str, Any], defs: dict[str, Any], anchor: str) -> tuple[list[str], list[str]]:
    required = set(schema.get("required", []))
    lines = [f'<a id="{anchor}"></a>', "", f"#### {title}", "", "| 字段 | 含义 | 必填 | 取值 | 指南栏目 |", "| --- | --- | --- | --- | --- |"]
    nested: list[str] = []
    for name, prop in schema.get("properties", {}).items():
        kind, ref = describe(prop, defs)
        if ref and ref not in nested:
            nested.append(ref)
            TITLES.setdefault(ref, short(prop.get("description", ref)))
        value = prop.get("default")
        default = f"（默认 {str(value).lower() if isinstance(value, bool) else value}）" if value not in (None, [], ()) else ""
        must = "是" if name in required else "否"
        lines.append(f"| `{name}` | {cell(prop.get('description', ''))} | {must} | {cell(kind + default)} | {prop.get('section', '')} |")
    return lines, nested


def fields_markdown() -> str:
    schema = ImplementationRecord.model_json_schema()
    defs = schema.get("$defs", {})
    out, queue = table("事项记录（每个文件的顶层字段）", schema, defs, "field-record")
    seen: set[str] = set()
    while queue:
        name = queue.pop(0)
        if name in seen:
            continue
        seen.add(name)
        sub = defs[name]
        lines, nested = table(f"{TITLES.get(name, name)}（{name}）", sub, defs, f"field-{name.lower()}")
        out += ["", *lines]
        queue += nested
    return "\n".join(out) + "\n"


def replace_section(text: str) -> str:
    head, sep, rest = text.partition(START)
    if not sep or END not in rest:
        raise ValueError(f"{CONTRIBUTING} 中缺少标记 {START} … {END}")
    return head + START + "\n\n" + fields_markdown() + "\n" + END + rest.split(END, 1)[1]


def update_contributing(root: Path, write: bool = True) -> bool:
    """Rewrite the generated section; True when it was out of date."""
    path = root / CONTRIBUTING
    text = path.read_text(encoding="utf-8")
    new = replace_section(text)
    if new != text and write:
        path.write_text(new, encoding="utf-8")
    return new != text
