"""Validate a loaded project: the per-record rules on the records asked about (on the record as written and on
every scheduled state of it, validate/scheduled.py), and the resolved items.

Rules that compare records with each other (duplicate codes, coverage, sibling limits) belong to the check stage
(generator/check), which runs on the same loaded project; see `generator.check.verdict` for both together.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.load.records import LoadedRecord
from generator.model.catalog import Catalog
from generator.model.findings import Finding
from generator.model.item import Item
from generator.model.schedule import build_date, on_date, upcoming
from generator.parallel import fork_map
from generator.validate.bundles import bundle_findings
from generator.validate.context import RuleContext
from generator.validate.loading import Project, load_project
from generator.validate.record_rules import check_record
from generator.validate.resolve import Resolver
from generator.validate.rule_cache import RuleCache
from generator.validate.scheduled import scheduled_findings

PARALLEL_FROM = 1000  # records; below this the rules run faster in this process than forked
PER_WORKER = 500


@dataclass
class Validation:
    catalog: Catalog
    items: list[Item] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    records: int = 0  # record files asked about

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]


def validate_project(project: Project) -> Validation:
    catalog = project.catalog
    result = Validation(catalog=catalog, findings=list(project.findings), records=project.files)
    day = build_date()
    resolver = Resolver(catalog)
    readable = [loaded for loaded in project.asked_records if loaded.record is not None and loaded.source is not None]
    cache = RuleCache.open(project.root) if project.complete else None  # as the parse cache: whole-catalog runs only
    found = record_findings(project, readable, cache=cache)
    if cache is not None:
        cache.save(prune=project.asked is None)  # a run asked about a few files keeps the others' entries
    for loaded, own in zip(readable, found, strict=True):
        rec, src = loaded.record, loaded.source
        assert rec is not None and src is not None
        result.findings.extend(own)
        if not any(f.severity == "error" for f in own):
            current = on_date(rec, day)
            std, unresolved = resolver.resolve(current, loaded.file, src)  # the directory's roles named for this record
            result.findings.extend(unresolved)  # warnings: the role is shown in the directory's own words
            region, dep = catalog.regions[rec.region], catalog.departments[rec.department]
            result.items.append(Item(current, std, region, dep, loaded.file, tuple(upcoming(rec, day))))
    if project.asked is None:  # a bundle needs the whole catalog to tell where its members are implemented
        result.findings.extend(bundle_findings(catalog, result.items))
    return result


def record_findings(project: Project, records: Sequence[LoadedRecord], workers: int | None = None, cache: RuleCache | None = None) -> list[list[Finding]]:
    """The per-record rules' findings of each record, in order: on every core from PARALLEL_FROM records on (forked
    workers, generator/parallel.py; a record's rules read only it, the catalog, mkdocs.yml and the attachments).
    With a cache (validate/rule_cache.py), only records it does not know are checked, and their findings go in."""

    def own(loaded: LoadedRecord) -> list[Finding]:
        assert loaded.record is not None and loaded.source is not None
        ctx = RuleContext(loaded.record, loaded.source, loaded.file, project.root, project.catalog)
        found = check_record(ctx)
        return found + scheduled_findings(ctx, found)  # what goes live on each effective date passes the same rules

    known = [cache.lookup(loaded.file, loaded.digest) if cache is not None else None for loaded in records]
    unknown = [loaded for loaded, found in zip(records, known, strict=True) if found is None]
    fresh = iter(list(fork_map(own, unknown, min_items=PARALLEL_FROM, per_worker=PER_WORKER, workers=workers)))
    out = []
    for loaded, found in zip(records, known, strict=True):
        if found is None:
            found = next(fresh)
            if cache is not None:
                cache.store(loaded.file, loaded.digest, found)
        out.append(found)
    return out


def validate(root: Path, paths: Iterable[Path] = ()) -> Validation:
    """The per-record rules only, reading just the files asked about (no cross-record check)."""
    return validate_project(load_project(root, paths, others=False))
