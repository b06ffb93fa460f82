"""Attachment links (blank forms, samples) resolved against the repository: a repository file must exist inside
items/_files/. A load-stage check, since it reads the file tree; the catalog loader and the record rules both use it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from generator.load.tree import attachment_problem, symlinked
from generator.load.yaml_source import Source
from generator.model.fields import field_path
from generator.model.findings import Finding
from generator.model.records import Material

PathT = tuple[str | int, ...]


def material_links(base: PathT, materials: Iterable[Material] | None) -> Iterator[tuple[PathT, str]]:
    for i, m in enumerate(materials or []):
        for key in ("blank_form", "sample"):
            value = getattr(m, key)
            if value:
                yield (*base, i, key), value


def attachment_findings(root: Path, file: str, src: Source, links: Iterable[tuple[PathT, str]]) -> list[Finding]:
    out = []
    for path, link in links:
        if link.startswith("https://"):
            continue
        files_dir = (root / "items" / "_files").resolve()
        target = (root / link).resolve()
        problem = None
        if not target.is_relative_to(files_dir):
            problem = (f"附件路径「{link}」指向仓库 items/_files/ 之外", "把附件放到 items/_files/ 下并引用该路径")
        elif symlinked(root, root / link):
            problem = (f"附件「{link}」是符号链接（或位于符号链接的目录中），不会发布", "把真实文件放到 items/_files/ 下并引用该路径")
        elif not target.is_file():
            problem = (f"附件文件「{link}」不存在", "上传附件到该路径，或修改路径")
        elif (not_published := attachment_problem(target, target.stat())) is not None:
            problem = (f"附件「{link}」{not_published[0]}", not_published[1])
        if problem:
            line, col = src.position(path)
            out.append(Finding("error", file, line, col, field_path(path), "申请材料", *problem))
    return out
