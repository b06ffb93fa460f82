"""Incremental builds: keep the pages whose inputs did not change, and bring a staging folder into the live site.

How a build decides (generator/site/build.py, the plugin): when the site folder holds a manifest
(generator/site/manifest.py) with the same global digest as this build, and exactly the files the manifest lists
(a file put into the site or taken out of it by hand makes a full build, which removes what no build made), the
build is incremental. Its pages with a
key (generator/render/inputs.py) equal to the manifest's, whose file is in the site, are not rendered; everything
else (the other pages, MkDocs' own pages and theme files, the open data, feeds and search index) is written to a
staging folder as a full build would write it. Then `apply`:
1. removes the manifest (a build stopped from here on leaves none, so the next build is a full one);
2. moves in the staged files the site lacks, then the staged files that differ from the site's (each by one
   rename on the same file system, so a reader gets the old file or the new one, never half of one; new pages go
   in before the pages that link to them);
3. deletes the files the previous build made that this one no longer makes (listed in the old manifest; nothing
   else is ever deleted), and the folders that leaves empty;
4. writes the new manifest.
A full build is swapped in whole (generator/site/swap.py). An incremental one is not: a copy of the site's tree
costs seconds at 10k records (4.7 s to hard-link 31,537 files on the benchmark machine) and minutes at a province's
size, which is the whole build an incremental one is there to avoid. Each file is replaced atomically instead, in
an order in which no page links to a page that is not there yet.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from generator.export.fragments import FragmentStore
from generator.model.item import Item
from generator.model.schedule import build_date
from generator.render.inputs import data_file, page_keys
from generator.render.pages import Site
from generator.site.manifest import Manifest, global_digest, inside, remove_manifest, site_files, write_manifest
from generator.site.shards import page_shards
from generator.site.swap import MARKER

Job = tuple[str, Callable[[], str]]


@contextmanager
def one_build_at_a_time(target: Path, progress: Callable[[str], None]) -> Iterator[None]:
    """Builds into one site folder take turns (an exclusive lock on `.banshi-build-<name>.lock` beside it): two incremental
    builds moving files into the same folder at once could leave a manifest that does not describe its files."""
    lock = target.with_name(f".banshi-build-{target.name}.lock")
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            progress(f"另一个构建正在生成 {target.name}，等它完成后继续")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass
class Reuse:
    """What the plugin may keep: the previous build's manifest and the live site folder it describes."""

    previous: Manifest
    live: Path
    kept: set[str] = field(default_factory=set)  # outputs (site-relative) kept from the live site


@dataclass
class BuildPlan:
    """One build's manifest in the making, handed to the plugin by build_site: the previous manifest of the live
    folder (None: there is none, so a full build), and after the pages are registered, this build's global digest,
    page keys and, when the global digests agree, what may be kept."""

    previous: Manifest | None
    live: Path
    shard: tuple[int, int] | None = None  # `--shard K/N`: this build writes shard K's pages (generator/site/shards.py)
    global_digest: str = ""
    keys: dict[str, str] = field(default_factory=dict)
    reuse: Reuse | None = None
    shard_of: dict[str, int] = field(default_factory=dict)
    kept_data: set[str] = field(default_factory=set)
    store: FragmentStore | None = None  # the open data's export index, staged until the site is applied

    @property
    def writes_shared(self) -> bool:
        """Whether this build writes what is one for the whole site (open data, feeds, search index)."""
        return self.shard is None or self.shard[0] == 1

    def start(self, root: Path, site: Site, folders: Sequence[Path], settings: Sequence[str]) -> None:
        self.global_digest = global_digest(root, folders, settings)
        self.keys = page_keys(site, build_date())
        if self.shard is not None:
            self.shard_of = page_shards(site, self.shard[1])
            return  # a shard is always built whole, into its own folder
        previous = self.previous
        if previous is None or previous.global_digest != self.global_digest or not (self.live / MARKER).is_file():
            return
        if set(site_files(self.live)) != set(previous.outputs):  # a file added or removed by hand: rebuild it all
            return
        self.reuse = Reuse(previous, self.live)
        self.kept_data = {rel for rel in (data_file(item) for item in site.items) if self._unchanged(rel, rel)}

    def _unchanged(self, key: str, out: str) -> bool:
        """The output of `key` is kept: same key as the previous build's and its file is in the live site."""
        reuse = self.reuse
        if reuse is None or self.keys.get(key) is None or reuse.previous.keys.get(key) != self.keys[key] or not _regular_file(reuse.live / out):
            return False
        reuse.kept.add(out)
        return True

    def fragment_store(self, root: Path) -> FragmentStore | None:
        """Where the open data keeps the index the next build into this folder copies unchanged items by
        (generator/export/fragments.py); none for a shard, whose folder is merged rather than built again."""
        if self.shard is not None or not self.global_digest:
            return None
        keys = self.keys

        def key_of(item: Item) -> tuple[str, str | None]:
            rel = data_file(item)
            return rel, keys.get(rel)

        self.store = FragmentStore.for_site(root, self.live, self.global_digest, key_of, incremental=self.reuse is not None)
        self.store.discard_staged()
        return self.store

    def publish_index(self) -> None:
        """The export index this build staged becomes the live folder's, now that its files are (build_site)."""
        if self.store is not None:
            self.store.publish()

    def keeps_data(self, item: Item) -> bool:
        """Whether the item's open data file is kept (decided up front in start(): forked exporters call this)."""
        return data_file(item) in self.kept_data

    def to_render(self, jobs: Sequence[Job], dest: Callable[[str], str]) -> list[Job]:
        if self.shard is not None:
            mine = self.shard[0] - 1
            return [(uri, job) for uri, job in jobs if self.shard_of.get(uri, 0) == mine]
        if self.reuse is None:
            return list(jobs)
        return [(uri, job) for uri, job in jobs if not self._unchanged(uri, dest(uri))]

    def manifest(self, staging: Path) -> Manifest:
        kept = self.reuse.kept if self.reuse is not None else set()
        return Manifest(self.global_digest, self.keys, sorted(set(site_files(staging)) | kept))


def _regular_file(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


@dataclass
class Applied:
    added: int = 0
    replaced: int = 0
    removed: int = 0
    unchanged: int = 0


def apply(staging: Path, live: Path, manifest: Manifest, previous: Manifest) -> Applied:
    """Bring the staged files into the live site and remove what the previous build made and this one did not."""
    staged = site_files(staging)
    new = [rel for rel in staged if not os.path.lexists(live / rel)]
    fresh = set(new)
    changed = [rel for rel in staged if rel not in fresh and not _same(staging / rel, live / rel)]
    result = Applied(unchanged=len(staged) - len(new) - len(changed))
    remove_manifest(live)
    for rel in sorted(new, key=_links_last) + sorted(changed, key=_links_last):
        target = live / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if not inside(target.parent, live) or (os.path.lexists(target) and not _regular_file(target)):
            raise OSError(f"网站目录中的 {rel} 不是普通文件或位于符号链接之后，已停止增量更新；请完整重新生成")
        os.replace(staging / rel, target)
    result.added, result.replaced = len(new), len(changed)
    outputs = set(manifest.outputs)
    result.removed = _remove(live, (rel for rel in previous.outputs if rel not in outputs))
    write_manifest(live, manifest)
    shutil.rmtree(staging, ignore_errors=True)
    return result


def _links_last(rel: str) -> tuple[int, str]:
    """Item pages and their files first, then the pages that list them, home and search last."""
    if rel.startswith("items/"):
        return 0, rel
    if rel.startswith(("services/", "departments/", "regions/", "themes/", "bundles/")):
        return 1, rel
    return 2, rel


def _same(a: Path, b: Path) -> bool:
    """Byte for byte (not filecmp.cmp, whose cache trusts equal sizes and times)."""
    try:
        return _regular_file(b) and a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def _remove(live: Path, rels: Iterable[str]) -> int:
    count = 0
    folders: set[Path] = set()
    for rel in rels:
        path = live / rel
        if _regular_file(path) and inside(path.parent, live):
            path.unlink()
            count += 1
            folders.add(path.parent)
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        while folder != live and folder.is_relative_to(live):
            try:
                folder.rmdir()  # only when empty
            except OSError:
                break
            folder = folder.parent
    return count
