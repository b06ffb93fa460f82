"""Any city by configuration: tests/fixtures/luoyang (洛阳, 1 city + 2 districts, 5 records) has only its own
items/, docs/ and mkdocs.yml; it builds with the repository's templates unchanged, and no page names Kaifeng.
tests/fixtures/kunming (昆明, outside Henan) has its own regions, departments, records and mkdocs.yml and shares the
repository's basic directory, themes and synonyms: no page names Kaifeng, Henan or a Henan app (docs/roles.md)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.model.roles import ROLES, roles_in
from tests.conftest import build_project_site
from tests.support import REPO, make_project, run_cli

LUOYANG = REPO / "tests" / "fixtures" / "luoyang"
KAIFENG_WORDS = ("开封", "河南政务服务网", "汴", "0371", "兰考", "龙亭", "hnzwfw", "kaifeng")
KUNMING = REPO / "tests" / "fixtures" / "kunming"
LOCAL_NAMES = ("开封", "汴", "河南", "豫事办", "豫商通")
HENAN_WORDS = (*KAIFENG_WORDS, *LOCAL_NAMES, "豫政", "洛阳")
SHARED = ("items/_catalog/directory", "items/_catalog/themes.yaml", "items/_catalog/synonyms.yaml", "items/_files")


def shared_directory_project(dest: Path, fixture: Path) -> Path:
    """A city's own fixture with the repository's shared basic directory, themes, synonyms and blank forms."""
    project = make_project(dest, fixture)
    for part in SHARED:
        source, target = REPO / part, project / part
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            shutil.copy(source, target)
    return project


CITIES = {
    "luoyang": (make_project, LUOYANG),
    "luoyang-shared": (shared_directory_project, LUOYANG),  # its own regions and records, the repository's directory
    "kunming": (shared_directory_project, KUNMING),
}


def city_site(factory: pytest.TempPathFactory, city: str) -> Path:
    build, fixture = CITIES[city]
    return build_project_site(build(factory.mktemp(city) / "p", fixture), factory.mktemp(f"{city}-site") / "site")


@pytest.fixture(scope="module")
def luoyang_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return city_site(tmp_path_factory, "luoyang")


@pytest.fixture(scope="module")
def kunming_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return city_site(tmp_path_factory, "kunming")


@pytest.mark.parametrize(
    ("city", "summary"),
    [
        ("luoyang", "共检查 5 条记录：0 个错误，0 个警告。"),
        ("luoyang-shared", "共检查 5 条记录：0 个错误"),  # the shared directory's items it does not implement are coverage warnings
        ("kunming", "共检查 5 条记录：0 个错误"),
    ],
)
def test_second_city_validates_clean(city: str, summary: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build, fixture = CITIES[city]
    code, out = run_cli(build(tmp_path / "p", fixture), "validate", "--check", monkeypatch=monkeypatch)
    assert code == 0 and summary in out, out


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


def test_no_henan_name_reaches_any_page_or_data_of_the_city_outside_henan(kunming_site: Path) -> None:
    """Pages, open data and feeds: the shared directory's roles are named for Kunming, never with Kaifeng's words.
    (search/ holds the character dictionaries, where 汴 is one character among thousands.)"""
    pages = sorted(kunming_site.rglob("*.html"))
    assert len(pages) > 10
    leaks = sorted({(p.relative_to(kunming_site).as_posix(), w) for p in pages for w in HENAN_WORDS if w in p.read_text(encoding="utf-8")})
    assert leaks == []
    data = [p for p in kunming_site.rglob("*") if p.suffix in {".json", ".xml", ".csv"} and p.relative_to(kunming_site).parts[0] != "search"]
    assert any(p.name == "items.json" for p in data)
    leaks = sorted({(p.relative_to(kunming_site).as_posix(), w) for p in data for w in LOCAL_NAMES if w in p.read_text(encoding="utf-8")})
    assert leaks == []


def test_the_city_outside_henan_reads_the_directory_with_its_own_names(kunming_site: Path) -> None:
    card = (kunming_site / "items/530102/wuhua-shebaoka-shenling/index.html").read_text(encoding="utf-8")
    assert "已在昆明市参加社会保险或拟参保的人员" in card  # {所在市}
    assert "或通过“一部手机办事通”“掌上社保”申请邮寄到家" in card  # {政务服务移动端} from its mkdocs.yml
    assert "可以向昆明市五华区人力资源和社会保障局反映" in card  # {实施机关}
    shop = (kunming_site / "items/530102/wuhua-getihu-sheli-dengji/index.html").read_text(encoding="utf-8")
    assert "通过企业服务移动端或企业登记全程电子化服务平台申请" in shop  # channels it does not configure: generic words
    assert [r for page in (card, shop) for r in roles_in(page) if r in ROLES] == []  # no role left unnamed


def test_a_second_henan_city_with_the_shared_directory_names_no_kaifeng(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Luoyang's own records read the repository's directory (低保 000502001000): 洛阳市 where it says {所在市}, no
    Kaifeng name and no Kaifeng app on any page."""
    site = city_site(tmp_path_factory, "luoyang-shared")
    pages = sorted(site.rglob("*.html"))
    leaks = sorted({(p.relative_to(site).as_posix(), w) for p in pages for w in KAIFENG_WORDS if w in p.read_text(encoding="utf-8")})
    assert leaks == []
    dibao = (site / "items/410302/11410302MB0C4444154000502001000/index.html").read_text(encoding="utf-8")
    assert "家庭财产状况符合洛阳市最低生活保障家庭财产认定的规定" in dibao
