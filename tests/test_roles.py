"""Roles in the shared basic directory (docs/roles.md): each record reads the directory with its own names, a record
that writes the text itself needs none, names are substituted once per distinct set, and the repository's directory
names no city. The error cases (unknown role, no parent, no kind, a wrong channel) are data in tests/cases/role-*.yaml."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from generator.history.changes import read_history
from generator.model.roles import AUTHORITIES, CHANNELS, generic, roles_in
from generator.validate.project import validate
from tests.support import FOOD_CITY, FOOD_COUNTY, REPO, edit, make_project
from tests.test_history import git

REMEDIES = "对决定不服的，可以向{上一级主管部门}或者{本级人民政府}申请行政复议，也可以通过{政务服务移动端}或{企业登记平台}咨询（{所在市}）。"
LOCAL_WORDS = re.compile("开封|汴|河南|豫事办|豫商通")


def project_with_roles(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "p")
    directory = project / "items/_catalog/directory/000104001000.yaml"
    directory.write_text(directory.read_text(encoding="utf-8") + f"remedies: {REMEDIES}\n", encoding="utf-8")
    departments = project / "items/_catalog/departments.yaml"
    text = departments.read_text(encoding="utf-8")
    for name in ("开封市市场监督管理局", "开封市龙亭区市场监督管理局"):
        text = text.replace(f"name: {name}\n", f"name: {name}\n    kind: 市场监管\n")
    departments.write_text(text, encoding="utf-8")
    own = project / FOOD_CITY  # the city office has no parent region: it writes its own remedies
    own.write_text(own.read_text(encoding="utf-8") + "remedies: 对决定不服的，可以向开封市人民政府申请行政复议。\n", encoding="utf-8")
    return project


def test_each_record_reads_the_directory_with_its_own_names(tmp_path: Path) -> None:
    result = validate(project_with_roles(tmp_path))
    assert [f for f in result.findings if f.severity == "error"] == []
    items = {i.file: i for i in result.items}
    county = items[FOOD_COUNTY]
    # parent region's office of the same kind; the record's own government; mkdocs.yml's channel; a channel the
    # configuration names as written; the city the record lies in
    assert county.remedies == (
        "对决定不服的，可以向开封市市场监督管理局或者龙亭区人民政府申请行政复议，也可以通过“豫事办”或河南省企业登记全程电子化服务平台咨询（开封市）。"
    )
    assert items[FOOD_CITY].remedies == "对决定不服的，可以向开封市人民政府申请行政复议。"  # its own text, no role to name


def test_a_channel_left_out_of_the_configuration_reads_as_its_generic_words(tmp_path: Path) -> None:
    project = project_with_roles(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("        政务服务移动端: “豫事办”\n", ""), encoding="utf-8")
    county = next(i for i in validate(project).items if i.file == FOOD_COUNTY)
    assert "也可以通过省级政务服务移动端或" in (county.remedies or "")


def test_names_are_substituted_once_per_distinct_set() -> None:
    """Records whose names are the same share one resolved directory item: a text naming only a channel is resolved
    once for the whole city, one naming the record's government once per region."""
    result = validate(REPO)
    by_basic: dict[str, list] = {}
    for item in result.items:
        by_basic.setdefault(item.basic_code, []).append(item)
    food = by_basic["000106003000"]  # {食品经营许可系统} only
    assert len(food) > 1 and len({id(i.standard) for i in food}) == 1
    ids = by_basic["000701001001"]  # {上一级主管部门} and {本级人民政府}
    assert len(ids) > 1 and len({id(i.standard) for i in ids}) == len({i.region.code for i in ids})
    assert len([k for k in result.catalog.resolved if k[0] == "item"]) < len(result.items)


def test_the_directory_page_reads_roles_as_words() -> None:
    assert generic("向{上一级主管部门}或{本级人民政府}，通过{政务服务移动端}") == "向上一级主管部门或本级人民政府，通过省级政务服务移动端"


def test_the_repository_directory_names_no_city_and_only_known_roles() -> None:
    """The shared directory holds the national standard: no Kaifeng or Henan name, no app of one province."""
    files = sorted((REPO / "items/_catalog/directory").glob("*.yaml"))
    assert len(files) > 40
    local = [f.name for f in files if LOCAL_WORDS.search(f.read_text(encoding="utf-8"))]
    assert local == []
    known = set(AUTHORITIES) | set(CHANNELS)
    unknown = {r for f in files for r in roles_in(f.read_text(encoding="utf-8")) if r not in known}
    assert unknown == set()


def test_history_lists_what_a_record_reads_not_how_the_directory_words_it(tmp_path: Path) -> None:
    """Rewording a directory text into a role is no change for a record whose names are the words it had; a change
    of what the role stands for is; a field the record writes itself is never the directory's change."""
    repo = make_project(tmp_path / "repo")
    directory = "items/_catalog/directory/000104001000.yaml"
    (repo / directory).write_text((repo / directory).read_text(encoding="utf-8") + "remedies: 也可以通过“豫事办”咨询。\n", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "first", date="2026-09-15T10:00:00+08:00")
    edit(repo, directory, "通过“豫事办”咨询", "通过{政务服务移动端}咨询")  # Kaifeng's mkdocs.yml: 政务服务移动端: “豫事办”
    git(repo, "commit", "-q", "-am", "reworded into a role", date="2026-10-01T10:00:00+08:00")
    edit(repo, FOOD_CITY, "complaint:", "remedies: 本局自己的救济途径。\ncomplaint:")
    edit(repo, directory, "通过{政务服务移动端}咨询", "通过{企业服务移动端}咨询")  # now “豫商通”: a real change
    git(repo, "commit", "-q", "-am", "another channel", date="2026-10-20T10:00:00+08:00")
    result = validate(repo)
    assert [f for f in result.findings if f.severity == "error"] == []
    history = read_history(repo, result.items, result.catalog, dt.date(2026, 12, 1))
    by_code = {code: [(e.status, e.lines) for e in entries if e.status == "directory"] for code, entries in history.by_code.items()}
    county, city = Path(FOOD_COUNTY).stem, Path(FOOD_CITY).stem
    assert len(by_code[county]) == 1 and "“豫商通”" in " ".join(by_code[county][0][1])  # the reword left no entry
    assert by_code.get(city, []) == []  # it writes its own remedies


def test_the_projects_own_legal_bases_follow_the_directorys() -> None:
    """Henan's regulations are not in the shared directory but in items/_catalog/local_basis.yaml: every record of
    the item lists them after the directory's national ones."""
    result = validate(REPO)
    dibao = [i for i in result.items if i.basic_code == "000502001000"]
    national = [b.law for b in result.catalog.directory["000502001000"].legal_basis]
    assert dibao and all([b.law for b in i.legal_basis] == [*national, "《河南省最低生活保障审核确认办法》"] for i in dibao)
