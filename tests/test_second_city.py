"""Any city by configuration: tests/fixtures/luoyang (洛阳, 1 city + 2 districts, 5 records) has only its own
items/, docs/ and mkdocs.yml; it builds with the repository's templates unchanged, and no page names Kaifeng."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import build_project_site
from tests.support import REPO, make_project, run_cli

LUOYANG = REPO / "tests" / "fixtures" / "luoyang"
KAIFENG_WORDS = ("开封", "河南政务服务网", "汴", "0371", "兰考", "龙亭", "hnzwfw", "kaifeng")


@pytest.fixture(scope="module")
def luoyang_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("luoyang") / "p", LUOYANG)
    return build_project_site(project, tmp_path_factory.mktemp("luoyang-site") / "site")


def test_second_city_validates_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path / "p", LUOYANG)
    code, out = run_cli(project, "validate", "--check", monkeypatch=monkeypatch)
    assert code == 0 and "共检查 5 条记录：0 个错误，0 个警告。" in out, out


def test_pages_show_the_city_and_none_of_kaifeng(luoyang_site: Path) -> None:
    home = (luoyang_site / "index.html").read_text(encoding="utf-8")
    assert "<h1>洛阳市政务服务办事指南</h1>" in home and "测试用样例数据，不代表洛阳市实际办事要求。" in home
    item = (luoyang_site / "items/410302/11410302MB0C22221R4000104001000/index.html").read_text(encoding="utf-8")  # online apply: true
    assert "将跳转到洛阳市民之家网上办事大厅办理" in item and "https://zwfw.ly.gov.cn/apply?code=" in item
    pages = sorted(luoyang_site.rglob("*.html"))
    assert len(pages) > 10
    leaks = sorted({(p.relative_to(luoyang_site).as_posix(), w) for p in pages for w in KAIFENG_WORDS if w in p.read_text(encoding="utf-8")})
    assert leaks == []


def test_banshi_new_in_the_second_city_speaks_of_it_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new record for a service no office of the city has yet: the placeholder phone carries the configured area code
    (0379), and neither the file nor the messages name Kaifeng (no 0371, no 汴政数)."""
    project = make_project(tmp_path / "p", LUOYANG)
    for record in project.glob("items/4*/*/*000502001000.yaml"):  # the records, not the directory item
        record.unlink()  # no sibling to copy phones from: the scaffold's own placeholders are used
    code, out = run_cli(project, "new", "--region", "410311", "--department", "ll-mzj", "--basic-code", "000502001000", monkeypatch=monkeypatch)
    assert code == 0, out
    [created] = project.glob("items/410311/ll-mzj/*000502001000.yaml")
    text = created.read_text(encoding="utf-8")
    assert '"0379-00000000"' in text
    assert "0379-00000000 是 banshi new 填入的占位电话" in out  # still flagged: a placeholder is not a phone
    assert [w for w in KAIFENG_WORDS if w in text + out] == []
