"""Three published 办事指南 written as records without inventing a value (tests/fixtures/guides/SOURCES.md): a Henan
district's 居民身份证首次申领, a Yunnan district's 个体工商户注册登记 and a Qinghai county's 城市低保.

They validate with no error; their differences from the directory, declared without an approval, are 待批准 warnings in
the validation output, the PR summary and the consistency check; what a guide does not state is absent from the data
and says 未公布 on the page; the concepts the guides use (accepting, entrusted and joint bodies, refusal grounds, stage
limits, case types by situation, a class of places, conditional materials) reach the page, the checklist and the JSON-LD.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.model.national import FOLDER
from tests.conftest import build_project_site
from tests.support import make_guides_project, run_cli

ID_CARD = "items/411202/hb-gaj/jumin-shenfenzheng-shouci.yaml"
BUSINESS = "items/530114/cg-scjgj/getihu-zhuce-dengji.yaml"
DIBAO = "items/630224/hl-mzj/chengshi-dibao.yaml"
#: (file, variations[i]) of every declared difference: each guide's own wording, not yet approved.
AWAITING = {
    (ID_CARD, "variations[0]"),  # name
    (ID_CARD, "variations[1]"),  # conditions
    (ID_CARD, "variations[2]"),  # materials
    (BUSINESS, "variations[0]"),  # name
    (BUSINESS, "variations[1]"),  # legal_basis (2018)
    (BUSINESS, "variations[2]"),  # conditions
    (BUSINESS, "variations[3]"),  # materials
    (DIBAO, "variations[0]"),  # name
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_guides_project(tmp_path_factory.mktemp("guides") / "p")
    return build_project_site(project, tmp_path_factory.mktemp("guides-site") / "site")


def page_text(site: Path, record: str, name: str = "index.html") -> str:
    region, stem = record.split("/")[1], Path(record).stem
    return (site / "items" / region / stem / name).read_text(encoding="utf-8")


def test_the_guides_validate_with_only_awaiting_approval_warnings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_guides_project(tmp_path / "p")
    code, out = run_cli(project, "validate", "--format", "json", monkeypatch=monkeypatch)
    findings = json.loads(out)["findings"]
    assert code == 0, out
    assert [f for f in findings if f["severity"] == "error"] == []
    # the ID-card guide names no office above the district's police: the directory's remedies keep their own words
    role = ("items/411202/hb-gaj/jumin-shenfenzheng-shouci.yaml", "department")
    assert {(f["file"], f["field"]) for f in findings} == AWAITING | {role}
    assert all(f["severity"] == "warning" for f in findings), findings
    assert all(f["message"].startswith("待批准：") for f in findings if (f["file"], f["field"]) != role), findings
    assert [f["message"].endswith("页面照基本目录写作「上一级主管部门」") for f in findings if (f["file"], f["field"]) == role] == [True]
    code, out = run_cli(project, "fmt", "--check", monkeypatch=monkeypatch)
    assert code == 0 and "需要整理" not in out, out  # written in the canonical style, as a clerk's record would be


def test_the_pr_summary_and_the_consistency_check_show_them_to_reviewers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_guides_project(tmp_path / "p")
    code, summary = run_cli(project, "validate", "--check", "--format", "markdown", monkeypatch=monkeypatch)
    assert code == 0, summary
    assert "0 个错误" in summary and "没有错误，警告请核实" in summary
    assert f"| `{BUSINESS}:" in summary and "待批准：设定依据与基本目录不同（理由：照录本级公布的办事指南（2018年发布））" in summary
    code, report = run_cli(project, "check", "--format", "json", monkeypatch=monkeypatch)
    awaiting = [f for f in json.loads(report)["findings"] if f["kind"] == "awaiting-approval"]
    assert code == 0 and len(awaiting) == len(AWAITING) and all(f["severity"] == "warning" for f in awaiting)
    basis = next(f for f in awaiting if f["file"] == BUSINESS and f["field"] == "legal_basis")
    assert basis["compared"][0]["label"] == "基本目录" and "《个体工商户条例》" in basis["compared"][1]["value"]


def test_what_a_guide_does_not_state_is_absent_from_the_data(site: Path) -> None:
    records = {r["source_file"]: r for r in json.loads((site / "data" / "items.json").read_text(encoding="utf-8"))}
    assert set(records) == {ID_CARD, BUSINESS, DIBAO}
    schema = json.loads((site / "data" / "resolved-item.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert [(r["source_file"], e.message) for r in records.values() for e in validator.iter_errors(r)] == []
    for record in records.values():
        for field in ("implementation_code", "department_credit_code", "consult", "complaint", "online", "onsite_visits"):
            assert record[field] is None, (record["source_file"], field)
        assert "未公布" not in json.dumps(record, ensure_ascii=False), record["source_file"]  # never a placeholder
    card = records[ID_CARD]
    unstated = dict.fromkeys(("name", "address", "hours", "phone", "map_url"))
    assert card["locations"] == [{"place_class": "户籍所在地派出所", "window": "户政窗口", **unstated}]
    assert card["materials"][1]["condition"] == "未满十六周岁的居民由监护人代为申领的" and card["materials"][0]["kind"] is None
    assert records[DIBAO]["stage_limits"][0]["limit"] == {"value": 10, "unit": "自然日", "note": "接到镇人民政府审核意见后，审批时限一般不超过十天"}


def test_the_id_card_page_says_what_the_guide_says_and_no_more(site: Path) -> None:
    html = page_text(site, ID_CARD)
    assert '<th scope="row">实施编码</th><td>未公布</td>' in html
    assert '<th scope="row">受理机构</th><td>户籍所在地派出所</td>' in html
    assert "决定机构</th><td><a" in html and "三门峡市公安局湖滨分局</a>" in html
    assert '<th scope="row">统一社会信用代码</th><td>未公布</td>' in html
    assert "<small>提交情形：未满十六周岁的居民由监护人代为申领的</small>" in html
    assert "办理场所：户籍所在地派出所（户政窗口）<br>时间：未公布" in html
    ask = '<span class="bs-ask">（可拨打政务服务便民热线 <a href="tel:12345">12345</a> 询问）</span>'  # where to ask instead
    assert f'<th scope="row">咨询方式</th><td>未公布{ask}</td>' in html and f'<th scope="row">监督投诉</th><td>未公布{ask}</td>' in html
    assert "网上办理情况未公布" in html and "到办事现场次数：未公布" in html
    card = '要带的材料 <strong data-count="bring">2</strong> 项<span data-count-clause>，其中 <span data-count="optional">1</span> 项视情况提供</span></p>'
    assert card in html  # the guardian's card: only under 16
    assert "暂不支持" not in html  # no claim the guide does not make
    assert set(re.findall(r'href="tel:([^"]+)"', html)) == {"12345"}  # no phone but the configured hotline, where to ask
    assert "None" not in re.sub(r"<script.*?</script>", "", html, flags=re.S)
    checklist = page_text(site, ID_CARD, "checklist/index.html")
    assert "仅限：未满十六周岁的居民由监护人代为申领的" in checklist and "到现场次数未公布" in checklist and "None" not in checklist


def test_the_business_and_dibao_pages_show_bodies_refusals_and_stage_limits(site: Path) -> None:
    business = page_text(site, BUSINESS)
    assert '<th scope="row">受委托机构</th><td>呈贡区政务服务大厅A区企业注册区窗口</td>' in business
    assert "即办件；承诺件（按情形，情形未公布）" in business
    refusal = business.split('<h3 id="refusal">不予受理、不予许可的情形</h3>')[1].split("</ol>")[0]
    assert "当场作出不予受理或者作出不予登记的决定" in refusal
    assert "<small>提交情形：申请登记经营范围有法律、行政法规和国务院决定规定必须在登记前报经批准的项目的</small>" in business
    dibao = page_text(site, DIBAO)
    assert '<th scope="row">联办机构</th><td>居住地社区居委会、镇人民政府</td>' in dibao
    stage = "10 个自然日（接到镇人民政府审核意见后，审批时限一般不超过十天）"
    assert f'<th scope="row">审批时限</th><td>{stage}<span class="bs-meta">（县民政局）</span></td>' in dibao
    assert '<th scope="row">承诺办结时限</th><td><strong>未公布</strong></td>' in dibao
    assert "收费情况未公布" in dibao


def json_ld(html: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


def test_json_ld_names_the_bodies_and_leaves_out_what_is_not_stated(site: Path) -> None:
    card = json_ld(page_text(site, ID_CARD))
    assert card["provider"] == {
        "@type": "GovernmentOrganization",
        "name": "三门峡市公安局湖滨分局",
        "department": [{"@type": "GovernmentOrganization", "name": "户籍所在地派出所", "description": "受理机构"}],
    }
    assert [i["propertyID"] for i in card["identifier"]] == ["基本编码"]
    (channel,) = card["availableChannel"]
    assert channel["serviceLocation"] == {"@type": "CivicStructure", "name": "户籍所在地派出所", "description": "办理场所：户籍所在地派出所"}
    dibao = json_ld(page_text(site, DIBAO))
    assert [d["description"] for d in dibao["provider"]["department"]] == ["受理机构", "联办机构", "联办机构"]


def test_a_record_named_as_its_guide_names_it_is_found_by_the_directory_name(site: Path) -> None:
    from generator.search.static_query import SiteFiles, query

    hits = query(SiteFiles(site / "search" / "static"), "低保").hits  # 低保 is rewritten to 最低生活保障
    assert [h["name"] for h in hits] == ["城市低保审批"]


def test_the_national_export_says_why_it_leaves_them_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_guides_project(tmp_path / "p")
    (project / FOLDER).mkdir(parents=True)
    (project / FOLDER / "settings.yaml").write_text('data_source: "410"\nis_single_login: "1"\napp_is_single_login: "0"\n', encoding="utf-8")
    code, out = run_cli(project, "export", "--format", "national", "--out", str(tmp_path / "tables"), monkeypatch=monkeypatch)
    assert code == 0, out
    assert "已导出 0 个事项" in out and "未导出：3 个事项的办事指南未公布实施编码（交换表以实施编码为主键）" in out
    assert (tmp_path / "tables" / "up_task_general_basic.csv").read_text(encoding="utf-8-sig").count("\n") == 1  # the header only


def test_history_keys_a_record_without_a_code_by_its_file_name(tmp_path: Path) -> None:
    from generator.history.versions import owner_of
    from generator.validate.loading import load_project

    catalog = load_project(make_guides_project(tmp_path / "p")).catalog
    assert owner_of(DIBAO, catalog) == "chengshi-dibao"
    assert owner_of("items/530114/hl-mzj/chengshi-dibao.yaml", catalog) is None  # another region's department
    # a code-shaped name in a department whose credit code is not stated speaks for nothing (and does not crash)
    assert owner_of("items/630224/hl-mzj/11630224MB0A55551T4000502001000.yaml", catalog) is None


def test_a_record_without_a_code_has_its_change_history(tmp_path: Path) -> None:
    """Its file's name keys its history, for the item at that very path only: a same-named file elsewhere is ignored."""
    from generator.history.changes import read_history
    from generator.validate.project import validate
    from tests.test_history import git

    repo = make_guides_project(tmp_path / "repo")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "first", date="2026-09-15T10:00:00+08:00")
    record = repo / DIBAO
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("joint_bodies: [居住地社区居委会, 镇人民政府]", "joint_bodies: [居住地社区居委会]"), encoding="utf-8")
    spoof = repo / "items/530114/cg-scjgj/chengshi-dibao.yaml"  # another department's folder, the same file name
    spoof.write_text(record.read_text(encoding="utf-8"), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "change", date="2026-10-20T09:30:00+08:00")
    git(repo, "rm", "-q", "items/530114/cg-scjgj/chengshi-dibao.yaml")
    git(repo, "commit", "-q", "-m", "rm", date="2026-10-21T09:30:00+08:00")
    result = validate(repo)
    history = read_history(repo, result.items, result.catalog, today=dt.date(2026, 12, 1))
    entries = history.for_item("chengshi-dibao")
    assert [e.status for e in entries] == ["changed", "added"]
    assert any("联办机构" in line for line in entries[0].lines), entries[0].lines


def test_no_page_of_the_guides_site_prints_none_and_departments_say_not_stated(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    assert [p.relative_to(site).as_posix() for p in pages if "None" in p.read_text(encoding="utf-8")] == []
    department = (site / "departments" / "hb-gaj" / "index.html").read_text(encoding="utf-8")
    assert "统一社会信用代码 未公布" in department


def test_banshi_new_explains_why_it_cannot_make_a_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_guides_project(tmp_path / "p")
    code, out = run_cli(project, "new", "--region", "411202", "--department", "hb-gaj", "--basic-code", "000701001001", monkeypatch=monkeypatch)
    assert code == 64 and "统一社会信用代码未公布，无法生成实施编码" in out and "Traceback" not in out
