"""Banshi installed from its wheel, without a checkout: `pip wheel --no-deps .` carries the page templates, theme
overrides, nav pages, JSON Schema and search assets as package data (setup.py, generator/assets.py), and a city project
holding only items/ and mkdocs.yml, in a folder outside the checkout, builds its site with the installed `banshi`.

The wheel is built from a copy of the sources (building writes build/ and *.egg-info into the tree it builds) exactly as
`pip wheel --no-deps .` does (pip fetches the build backend, setuptools, from its cache or PyPI), and installed with
--no-deps into a fresh venv whose dependencies come from this environment's site-packages (a .pth line: no download)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.support import MINI, REPO

SOURCES = ("pyproject.toml", "setup.py", "generator", "site_templates", "schema", "search")
SKIP = shutil.ignore_patterns("node_modules", "__pycache__", "*.egg-info")
#: what a city must no longer name in its mkdocs.yml: every path into Banshi's own folders
CHECKOUT_PATHS = ("docs_dir", "custom_dir", "templates_dir", "search_assets_dir")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=SKIP)
        else:
            shutil.copyfile(path, src / name)
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(src), "-w", str(out)],
                          capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    [built] = out.glob("banshi-*.whl")
    return built


def test_the_wheel_carries_templates_overrides_schema_and_search_assets(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    files = [p for folder in ("site_templates", "schema") for p in (REPO / folder).rglob("*") if p.is_file()]
    expected = {f"generator/_assets/{p.relative_to(REPO).as_posix()}" for p in files}
    expected |= {f"generator/_assets/search/{n}" for n in ("query.json", "pinyin-chars.json", "t2s-chars.json", "understanding.json", "meilisearch.sha256")}
    assert expected - names == set()
    assert not [n for n in names if "node_modules" in n]


def test_a_city_with_only_items_and_mkdocs_yml_builds_from_the_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    purelib = Path(subprocess.check_output([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], text=True).strip())
    (purelib / "deps-from-test-env.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q", "--no-deps", "--no-index", str(wheel)],
                   check=True, timeout=300)  # fmt: skip

    city = tmp_path / "city"  # outside the checkout, holding only items/ and mkdocs.yml
    shutil.copytree(MINI / "items", city / "items")
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text, removed = re.subn(rf"^[ \t]*(?:{'|'.join(CHECKOUT_PATHS)}):.*\n", "", text, flags=re.MULTILINE)
    assert removed == len(CHECKOUT_PATHS)
    (city / "mkdocs.yml").write_text(text, encoding="utf-8")
    assert sorted(p.name for p in city.iterdir()) == ["items", "mkdocs.yml"]

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import generator.assets as a; print(a.__file__); print(a.ROOT)"],
                           cwd=city, env=env, capture_output=True, text=True, timeout=60, check=True).stdout.split()  # fmt: skip
    assert all(Path(p).is_relative_to(venv) for p in where), where  # the installed package and its data, not the checkout
    done = subprocess.run([str(venv / "bin" / "banshi"), "build"], cwd=city, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    site = city / "site"
    item = site / "items/410200/11410200MB0A11111W3000104001000/index.html"
    assert "食品经营许可" in item.read_text(encoding="utf-8")
    assert len(list((site / "items").glob("*/*/index.html"))) == 4  # every record of the fixture has its page
    assert (site / "about" / "index.html").is_file()  # the packaged nav pages
    assert (site / "assets/stylesheets/banshi.css").is_file() and (site / "assets/javascripts/banshi.mjs").is_file()  # the packaged overrides
    assert (site / "search" / "query.json").is_file() and (site / "data/schema/item.schema.json").is_file()


def test_the_packaged_nav_pages_are_used_only_when_the_city_has_none(tmp_path: Path) -> None:
    """docs_dir defaults to Banshi's pages when mkdocs.yml names none and there is no docs/; a city's own win."""
    from generator.assets import DOCS
    from generator.site.city_project import packaged_defaults

    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: 某市\n", encoding="utf-8")
    assert packaged_defaults(config) == {"docs_dir": str(DOCS)} and (DOCS / "about.md").is_file()
    config.write_text("site_name: 某市\ndocs_dir: pages\n", encoding="utf-8")
    assert packaged_defaults(config) == {}
    config.write_text("site_name: 某市\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    assert packaged_defaults(config) == {}
    config.write_text("site_name: [unclosed\n", encoding="utf-8")
    (tmp_path / "docs").rmdir()
    assert packaged_defaults(config) == {}  # load_config reports the broken file in Chinese (commands/common.py)
