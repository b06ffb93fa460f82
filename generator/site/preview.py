"""Fast live preview: when only existing record files change, update just the pages they appear on.

`banshi serve` / `mkdocs serve` rebuild the whole site on any change; at city scale (10k records) that is tens of
seconds. After a full build this keeps the model, the renderer and the theme writer; when a department saves a
record, it re-validates that file, swaps the item into the model and rewrites the item's page, the pages of the
same item in other regions, its service, region and department pages and the static search index. Anything else
(a new or deleted file, the catalog, templates, mkdocs.yml, docs/, a changed code or region) falls back to a full
build. The consistency page is refreshed by full builds only.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.address import paths
from generator.model.findings import render as render_findings
from generator.model.item import Item
from generator.render.pages import Renderer, checklist_file
from generator.search.documents import build_documents
from generator.search.static_index import OUT_DIR, build_static_index
from generator.search.understand import catalog_understanding
from generator.site.frame import BulkWriter
from generator.validate.loading import load_project
from generator.validate.project import validate_project

log = logging.getLogger("mkdocs.plugins.banshi")
Snapshot = dict[str, tuple[int, int]]


def snapshot(root: Path, extra: list[Path]) -> Snapshot:
    """(mtime, size) of every file under items/ and the other watched paths."""
    out: Snapshot = {}
    for base in [root / "items", *extra]:
        if base.is_file():
            st = base.stat()
            out[str(base)] = (st.st_mtime_ns, st.st_size)
            continue
        for folder, _dirs, names in os.walk(base):
            for name in names:
                path = os.path.join(folder, name)
                st = os.stat(path)
                out[path] = (st.st_mtime_ns, st.st_size)
    return out


@dataclass
class BuiltState:
    renderer: Renderer
    writer: BulkWriter
    site_dir: Path
    snapshot: Snapshot


class IncrementalPreview:
    def __init__(self, root: Path, extra_watched: list[Path]) -> None:
        self.root, self.extra = root, extra_watched
        self.state: BuiltState | None = None
        self.last_seconds = 0.0

    def take_snapshot(self) -> Snapshot:
        return snapshot(self.root, self.extra)

    def remember(self, renderer: Renderer, writer: BulkWriter, site_dir: Path, before_build: Snapshot) -> None:
        self.state = BuiltState(renderer, writer, site_dir, before_build)

    def changed_records(self) -> list[Path] | None:
        """Record files changed since the last build, or None when a full build is needed."""
        assert self.state is not None
        now = self.take_snapshot()
        old = self.state.snapshot
        if now.keys() != old.keys():
            return None
        changed = [Path(p) for p in now if now[p] != old[p]]
        items_dir = self.root / "items"
        for path in changed:
            try:
                parts = path.relative_to(items_dir).parts
            except ValueError:
                return None
            if parts[0] in ("_catalog", "_files") or path.suffix != ".yaml":
                return None
        self.state.snapshot = now
        return changed

    def try_update(self) -> bool:
        """Apply a records-only change in place; False when a full build is needed."""
        if self.state is None:
            return False
        started = time.perf_counter()
        changed = self.changed_records()
        if changed is None:
            return False
        if not changed:
            return True
        site = self.state.renderer.site
        by_file = {item.file: item for item in site.items}
        updates: list[tuple[Item, Item]] = []
        # Only the changed records are read; their codes, regions and departments must stay as they were (else a full
        # build), so the cross-record check cannot change and per-record rules are all there is to run.
        project = load_project(self.root, changed, others=False, catalog=site.catalog)
        validation = validate_project(project)
        findings = validation.findings
        if any(by_file.get(x.file) is None for x in project.records if x.record is not None):
            return False
        for new in validation.items:
            old = by_file[new.file]
            if (new.code, new.basic_code, new.region.code, new.department.id) != (old.code, old.basic_code, old.region.code, old.department.id):
                return False
            updates.append((old, Item(new.record, old.standard, old.region, old.department, old.file)))
        if findings:
            log.error("\n" + render_findings(findings, len(changed), "text"))
        if any(f.severity == "error" for f in findings):
            log.error("banshi: 事项数据有错误，页面未更新；请按提示修改后保存")
        for old, new in updates:
            self.swap(old, new)
        self.rewrite(updates)
        self.last_seconds = time.perf_counter() - started
        log.info("banshi: 已增量更新 %d 个事项（%.2f 秒）", len(updates), self.last_seconds)
        return True

    def swap(self, old: Item, new: Item) -> None:
        site = self.state.renderer.site  # type: ignore[union-attr]
        for group in (site.items, site.by_basic[old.basic_code], site.by_region[old.region.code], site.by_department[old.department.id]):
            group[group.index(old)] = new

    def rewrite(self, updates: list[tuple[Item, Item]]) -> None:
        if not updates:
            return
        state = self.state
        assert state is not None
        site = state.renderer.site
        wanted: set[str] = set()
        for _, item in updates:
            wanted.update(paths.item_page(i) for i in site.by_basic[item.basic_code])
            wanted.add(checklist_file(paths.item_page(item)))
            wanted.update({paths.service_page(item.basic_code), paths.region_page(item.region.code), paths.department_page(item.department.id)})
        jobs: dict[str, Callable[[], str]] = state.renderer.page_jobs()
        state.writer.write_all([(uri, jobs[uri]) for uri in sorted(wanted) if uri in jobs])
        docs = build_documents(site.catalog, site.items)
        build_static_index(docs, catalog_understanding(site.catalog, site.items)).write(state.site_dir / OUT_DIR)
