"""Shared fixtures: build the mini fixture catalog, or the real repository, into a throwaway site."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support import REPO
from tests.support import make_project as write_fixture_project


@contextmanager
def working_dir(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def build_project_site(project: Path, site_dir: Path | None = None) -> Path:
    """Run `banshi build` in-process (cwd = project); raises generator.site.build.BuildRefused on validation errors."""
    from generator.site.build import build_site

    site_dir = site_dir or project / "site"
    with working_dir(project):
        build_site(project / "mkdocs.yml", site_dir)
    return site_dir


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from tests/fixtures/mini (4 records)."""
    project = write_fixture_project(tmp_path_factory.mktemp("mini-project"))
    return build_project_site(project, tmp_path_factory.mktemp("mini-site") / "site")


@pytest.fixture(scope="session")
def repo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from the repository's own items/."""
    from generator.site.build import build_site

    site_dir = tmp_path_factory.mktemp("repo-site") / "site"
    with working_dir(REPO):
        build_site(REPO / "mkdocs.yml", site_dir)
    return site_dir


@pytest.fixture(scope="session")
def make_mini_project(tmp_path_factory: pytest.TempPathFactory) -> Callable[[], Path]:
    """Factory: a fresh editable copy of the mini fixture project (items/ + mkdocs.yml) in its own tmp dir."""

    def make() -> Path:
        return write_fixture_project(tmp_path_factory.mktemp("mini-copy"))

    return make


@pytest.fixture(scope="session")
def build_site_of() -> Callable[..., Path]:
    """build_site_of(project, site_dir=None) -> site dir: `banshi build` in-process with cwd = project."""
    return build_project_site


from tests.meili_fixture import meili, meili_server, meili_shards  # noqa: E402, F401
