"""`banshi merge`: one site from the folders of a sharded build (`banshi build --shard K/N`, generator/site/shards.py).

Every shard folder must be a Banshi site (its marker file) with a manifest (generator/site/manifest.py), and all
manifests must come from the same code, templates, configuration and catalog (one global digest) and give the same
page keys. The merged site holds every file any shard wrote; a file that more than one shard wrote (MkDocs' own
pages, the theme's files, the marker) must be the same in each, byte for byte, else nothing is merged. The new site
is made in a marked temporary folder beside the target and swapped in whole (generator/site/swap.py), with the
union of the shards' outputs as its manifest, so the next `banshi build` can update it incrementally.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from generator.site.manifest import Manifest, inside, read_manifest, write_manifest
from generator.site.swap import MARKER, check_target, new_build_dir, swap_in


class MergeRefused(Exception):
    """The shard folders cannot be merged (message in Chinese); the target is unchanged."""


@dataclass
class Merged:
    site_dir: Path
    shards: int
    files: int
    shared: int  # files more than one shard wrote, found identical


def _copy(source: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, dest)  # same file system: no copy of the bytes
    except OSError:
        shutil.copyfile(source, dest)


def merge_shards(shard_dirs: list[Path], target: Path, root: Path, protected: list[Path]) -> Merged:
    if not shard_dirs:
        raise MergeRefused("请给出至少一个分片目录（banshi build --shard K/N --site-dir 目录 的输出）")
    manifests: list[Manifest] = []
    for folder in shard_dirs:
        manifest = read_manifest(folder) if (folder / MARKER).is_file() else None
        if manifest is None:
            raise MergeRefused(f"{folder} 不是 Banshi 分片构建的输出（缺少标记文件或构建清单）")
        manifests.append(manifest)
    first = manifests[0]
    for folder, manifest in zip(shard_dirs[1:], manifests[1:], strict=True):
        if manifest.global_digest != first.global_digest or manifest.keys != first.keys:
            raise MergeRefused(f"{folder} 与 {shard_dirs[0]} 不是由同一份代码、模板、配置和事项数据构建的，不能合并；请用同一提交重新分片构建")
    target = check_target(target, root, protected)
    try:
        tmp = new_build_dir(target)
    except OSError as exc:
        raise MergeRefused(f"无法在 {target.parent} 中建立临时目录：{exc.strerror or exc}") from None
    owner: dict[str, Path] = {}
    shared = 0
    try:
        for folder, manifest in zip(shard_dirs, manifests, strict=True):
            for rel in manifest.outputs:
                source = folder / rel
                if not source.is_file() or source.is_symlink() or not inside(source, folder):
                    raise MergeRefused(f"{folder} 的构建清单列出的 {rel} 不存在、不是普通文件或位于符号链接之后")
                if rel in owner:
                    if owner[rel].read_bytes() != source.read_bytes():
                        raise MergeRefused(f"{rel} 在 {owner[rel].parent} 与 {folder} 中内容不同，分片不一致，未合并")
                    shared += 1
                    continue
                owner[rel] = source
                if rel != MARKER:
                    _copy(source, tmp / rel)
        write_manifest(tmp, Manifest(first.global_digest, first.keys, sorted(owner)))
    except MergeRefused:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise MergeRefused(f"合并时读写文件失败：{exc.strerror or exc}（{exc.filename or ''}）") from None
    old, _gapless = swap_in(tmp, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return Merged(target, len(shard_dirs), len(owner), shared)
