"""A sharded build (`banshi build --shard K/N`, each shard its own process) merged by `banshi merge` is the same
site, byte for byte, as one build; shards that do not belong together are refused."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import REPO, make_project
from tests.test_incremental_build import differences

SHARDS = 3


def banshi(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=project, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own catalog (210 records in a dozen counties), so every shard has pages of its own."""
    source = tmp_path_factory.mktemp("sharded-source")
    shutil.copytree(REPO / "items", source / "items")
    return make_project(tmp_path_factory.mktemp("sharded"), source)


def test_shards_built_apart_and_merged_equal_one_build(project: Path, tmp_path: Path) -> None:
    shards = [tmp_path / f"shard-{k}" for k in range(1, SHARDS + 1)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "generator.cli", "build", "--shard", f"{k}/{SHARDS}", "--site-dir", str(folder)],
            cwd=project,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k, folder in enumerate(shards, start=1)
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-2000:]
    pages = [sum(1 for p in folder.rglob("index.html") if p.parts[-3:-2] != ("checklist",)) for folder in shards]
    assert all(count > 0 for count in pages[1:]), f"a shard wrote no page of its own: {pages}"
    merged = banshi(project, "merge", *map(str, shards), "--site-dir", str(tmp_path / "merged"))
    assert merged.returncode == 0, merged.stderr
    single = banshi(project, "build", "--full", "--site-dir", str(tmp_path / "single"))
    assert single.returncode == 0, single.stderr
    assert differences(tmp_path / "merged", tmp_path / "single") == []
    again = banshi(project, "build", "--site-dir", str(tmp_path / "merged"))  # the merged site's manifest serves the next build
    assert again.returncode == 0 and "增量更新" in again.stdout, again.stdout + again.stderr


def test_shards_of_different_catalogs_are_not_merged(project: Path, tmp_path: Path) -> None:
    assert banshi(project, "build", "--shard", "1/2", "--site-dir", str(tmp_path / "a")).returncode == 0
    config = project / "mkdocs.yml"
    before = config.read_text(encoding="utf-8")
    try:
        config.write_text(before.replace("site_name:", "site_description: 另一次构建\nsite_name:", 1), encoding="utf-8")
        assert banshi(project, "build", "--shard", "2/2", "--site-dir", str(tmp_path / "b")).returncode == 0
    finally:
        config.write_text(before, encoding="utf-8")
    out = banshi(project, "merge", str(tmp_path / "a"), str(tmp_path / "b"), "--site-dir", str(tmp_path / "merged"))
    assert out.returncode == 1 and "不是由同一份代码、模板、配置和事项数据构建的" in out.stderr, out.stderr
    assert not (tmp_path / "merged").exists()


@pytest.mark.parametrize("spec", ["0/2", "3/2", "2", "a/b", "1/999"])
def test_a_wrong_shard_is_a_usage_error(project: Path, spec: str) -> None:
    out = banshi(project, "build", "--shard", spec)
    assert out.returncode == 64 and "--shard 应写成 K/N" in out.stderr, out.stderr


def test_a_manifest_naming_files_outside_its_folder_is_not_trusted(project: Path, tmp_path: Path) -> None:
    """A shard folder whose manifest lists ../ paths or a file behind a symbolic link is refused, and nothing outside
    the shard folder is read into the site (read_manifest drops the manifest; the merge checks every file)."""
    import json

    shard = tmp_path / "shard"
    assert banshi(project, "build", "--shard", "1/1", "--site-dir", str(shard)).returncode == 0
    secret = tmp_path / "secret.txt"
    secret.write_text("master key", encoding="utf-8")
    manifest = json.loads((shard / ".banshi-manifest.json").read_text(encoding="utf-8"))
    for bad in ("../secret.txt", "/etc/passwd", "a/./b"):
        (shard / ".banshi-manifest.json").write_text(json.dumps({**manifest, "outputs": [*manifest["outputs"], bad]}), encoding="utf-8")
        out = banshi(project, "merge", str(shard), "--site-dir", str(tmp_path / "merged"))
        assert out.returncode == 1 and "缺少标记文件或构建清单" in out.stderr, out.stderr
    (shard / "linked").symlink_to(tmp_path)
    (shard / ".banshi-manifest.json").write_text(json.dumps({**manifest, "outputs": [*manifest["outputs"], "linked/secret.txt"]}), encoding="utf-8")
    out = banshi(project, "merge", str(shard), "--site-dir", str(tmp_path / "merged"))
    assert out.returncode == 1 and "位于符号链接之后" in out.stderr, out.stderr
    assert not (tmp_path / "merged").exists()
