"""Open data other systems can use, on the built sample site: the Frictionless package validates and lists every
file under data/ with its real columns; the published JSON Schema accepts every resolved record (and refuses a
broken one); items.xlsx keeps codes and phones as text; the companion tables equal the records' nested lists;
JSON-LD carries structured hours only where the text is understood, and marks paused items."""

from __future__ import annotations

import csv
import json
import logging
from collections import defaultdict
from pathlib import Path
from typing import Any

import frictionless
import jsonschema
import openpyxl
import pytest
import yaml
from pyld import jsonld

from generator.export.columns import cell
from generator.export.companion import COMPANIONS, fields
from generator.export.hours import parse
from tests.support import REPO
from tests.test_open_data import JSONLD_RE, SCHEMA, no_fetch

HOURS_CASES = yaml.safe_load((REPO / "tests" / "fixtures" / "opening_hours.yaml").read_text(encoding="utf-8"))
NOT_RESOURCES = {"datapackage.json", "index.html"}  # the package itself and the 开放数据 page


@pytest.fixture(scope="module")
def data(repo_site: Path) -> Path:
    return repo_site / "data"


@pytest.fixture(scope="module")
def exported(data: Path) -> list[dict[str, Any]]:
    return json.loads((data / "items.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def package(data: Path) -> dict[str, Any]:
    return json.loads((data / "datapackage.json").read_text(encoding="utf-8"))


def test_datapackage_validates_with_frictionless(data: Path, package: dict[str, Any]) -> None:
    report = frictionless.Package(str(data / "datapackage.json")).validate()
    problems = [(task.name, error.message) for task in report.tasks for error in task.errors]
    assert report.valid and not problems, problems[:10]
    assert len(report.tasks) == len(package["resources"])
    # terms: the update frequency configured in mkdocs.yml; licence and contact are not configured, so not invented
    options = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"][0]["banshi"]["open_data"]
    assert package["updateFrequency"] == options["update_frequency"]
    assert "licenses" not in package and "contributors" not in package
    assert "开放许可：未公布" in package["description"] and "联系方式：未公布" in package["description"]


def test_a_broken_table_fails_the_frictionless_validation(data: Path, package: dict[str, Any], tmp_path: Path) -> None:
    """The validator reads the cells: a count that is not a number and a code missing from items.csv fail."""
    copy = tmp_path / "data"
    (copy / "national").mkdir(parents=True)
    for resource in package["resources"]:
        (copy / resource["path"]).parent.mkdir(parents=True, exist_ok=True)
        (copy / resource["path"]).write_bytes((data / resource["path"]).read_bytes())
    (copy / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    text = (copy / "fees.csv").read_text(encoding="utf-8-sig").splitlines()
    first = text[1].split(",")
    first[0], first[1] = "1141" + "0" * 27, "一"
    (copy / "fees.csv").write_text("\n".join([text[0], ",".join(first), *text[2:]]) + "\n", encoding="utf-8-sig")
    report = frictionless.Package(str(copy / "datapackage.json")).validate()
    types = {error.type for task in report.tasks if task.name == "fees.csv" for error in task.errors}
    assert not report.valid and {"type-error", "foreign-key"} <= types


def test_every_file_under_data_is_a_resource_with_its_columns(data: Path, package: dict[str, Any]) -> None:
    on_disk = {p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file()} - NOT_RESOURCES
    listed = {r["path"] for r in package["resources"]}
    assert listed == on_disk
    assert not [r["path"] for r in package["resources"] if r["title"] == r["path"]]  # every file is described
    workbook = openpyxl.load_workbook(data / "items.xlsx", read_only=True)
    for resource in package["resources"]:
        if "schema" not in resource:
            continue
        names = [f["name"] for f in resource["schema"]["fields"]]
        if resource["format"] == "csv":
            with (data / resource["path"]).open(encoding="utf-8-sig", newline="") as handle:
                assert next(csv.reader(handle)) == names, resource["path"]
        else:
            sheet = workbook[resource["dialect"]["sheetName"]]
            assert [c.value for c in next(sheet.iter_rows(max_row=1))] == names, resource["name"]
    workbook.close()


def test_the_json_schema_validates_every_resolved_record(data: Path, exported: list[dict[str, Any]], repo_site: Path) -> None:
    schema = json.loads((data / "resolved-item.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    jsonschema.Draft202012Validator.check_schema(schema)
    for record in exported:
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(record)]
        assert not errors, (record["implementation_code"], errors[:5])
    beside = json.loads((repo_site / "items" / exported[0]["region"] / exported[0]["implementation_code"] / "index.json").read_text(encoding="utf-8"))
    assert validator.is_valid(beside)
    # and it refuses what is not a published record
    broken = [
        {**exported[0], "implementation_code": int(exported[0]["implementation_code"][:15])},
        {k: v for k, v in exported[0].items() if k != "name"},
        {**exported[0], "materials": None},
        {**exported[0], "status": "停用"},
        {**exported[0], "page_url": 1},
        {**exported[0], "extra": 1},
    ]
    assert [validator.is_valid(b) for b in broken] == [False] * len(broken)


def test_xlsx_keeps_codes_and_phones_as_text(data: Path, exported: list[dict[str, Any]]) -> None:
    workbook = openpyxl.load_workbook(data / "items.xlsx", read_only=True)
    assert workbook.sheetnames == ["items", *(t.name for t in COMPANIONS)]
    rows = workbook["items"].iter_rows()
    head = [c.value for c in next(rows)]
    by_code = {r["implementation_code"]: r for r in exported}
    seen = 0
    for row in rows:
        values = dict(zip(head, row, strict=True))
        code = values["implementation_code"]
        assert code.data_type == "s" and len(code.value) == 31
        record = by_code[code.value]
        for name in ("basic_code", "region", "department_credit_code", "consult.phone", "complaint.phone"):
            assert values[name].data_type == "s", name
        assert values["consult.phone"].value == record["consult"]["phone"]
        assert values["region"].value == record["region"]  # a 6- or 9-digit number-like code, kept as written
        assert values["onsite_visits"].value == record["onsite_visits"] and values["onsite_visits"].data_type == "n"
        seen += 1
    assert seen == len(exported)
    locations = workbook["locations"].iter_rows(values_only=True)
    loc_head = next(locations)
    phones = [dict(zip(loc_head, r, strict=True))["phone"] for r in locations]
    expected = [loc.get("phone") for r in exported for loc in r["locations"]]
    assert phones == expected and any(isinstance(p, str) and p.startswith("0") for p in phones)
    workbook.close()


def read_table(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_companion_tables_equal_the_records_nested_lists(data: Path, exported: list[dict[str, Any]]) -> None:
    lists = {
        "materials": lambda r: [("", m) for m in r["materials"]] + [(h["code"], m) for h in r["handling_items"] for m in h.get("materials") or ()],
        "locations": lambda r: [("", loc) for loc in r["locations"]],
        "fees": lambda r: [("", fee) for fee in r["fee"]["items"]],
    }
    for table in COMPANIONS:
        got: dict[str, list[dict[str, str]]] = defaultdict(list)
        for row in read_table(data / f"{table.name}.csv"):
            got[row.pop("implementation_code")].append(row)
        element_fields = [f for f in fields(table) if f.path]
        for record in exported:
            expected = []
            for position, (handling, element) in enumerate(lists[table.name](record), 1):
                row = {"position": str(position)} if not table.handling_items else {"handling_item": handling, "position": str(position)}
                for f in element_fields:
                    value: Any = element
                    for key in f.path:
                        value = value.get(key) if isinstance(value, dict) else None
                    row[f.name] = cell(value)
                expected.append(row)
            assert got.pop(record["implementation_code"], []) == expected, (table.name, record["implementation_code"])
        assert not got  # no row for a code that is not published
    exempt = [r for r in read_table(data / "materials.csv") if r["exempt.reason"]]
    assert exempt and all(r["exempt.source"] for r in exempt)  # 免提交 travels in full, not as a name only


@pytest.mark.parametrize("case", HOURS_CASES, ids=[c["text"][:24] for c in HOURS_CASES])
def test_hours_text_is_read_only_where_understood(case: dict[str, Any]) -> None:
    spans = parse(case["text"])
    got = None if spans is None else [[list(s.days), s.opens, s.closes, s.note] for s in spans]
    assert got == case["spans"]


def service_node(repo_site: Path, record: dict[str, Any]) -> dict[str, Any]:
    html = (repo_site / "items" / record["region"] / record["implementation_code"] / "index.html").read_text(encoding="utf-8")
    (raw,) = JSONLD_RE.findall(html)
    (service,) = jsonld.expand(json.loads(raw), {"documentLoader": no_fetch})
    return service


def places(service: dict[str, Any]) -> list[dict[str, Any]]:
    return [c[SCHEMA + "serviceLocation"][0] for c in service[SCHEMA + "availableChannel"] if SCHEMA + "serviceLocation" in c]


def test_json_ld_opening_hours_specification_only_for_understood_hours(repo_site: Path, exported: list[dict[str, Any]]) -> None:
    parsed = next(r for r in exported if parse(r["locations"][0]["hours"]) is not None)
    (place, *_) = places(service_node(repo_site, parsed))
    specs = place[SCHEMA + "openingHoursSpecification"]
    expected = parse(parsed["locations"][0]["hours"])
    assert expected is not None and len(specs) == len(expected)
    for spec, span in zip(specs, expected, strict=True):
        assert spec["@type"] == [SCHEMA + "OpeningHoursSpecification"]
        assert [d["@id"] for d in spec[SCHEMA + "dayOfWeek"]] == [SCHEMA + d for d in span.days]  # schema.org days, not strings
        assert (spec[SCHEMA + "opens"][0]["@value"], spec[SCHEMA + "closes"][0]["@value"]) == (span.opens, span.closes)
    assert place[SCHEMA + "openingHours"][0]["@value"] == parsed["locations"][0]["hours"]  # the text stays
    unparsed = next(r for r in exported if "夏季" in r["locations"][0]["hours"])
    (place, *_) = places(service_node(repo_site, unparsed))
    assert SCHEMA + "openingHoursSpecification" not in place
    assert place[SCHEMA + "openingHours"][0]["@value"] == unparsed["locations"][0]["hours"]


def test_json_ld_marks_a_paused_item(repo_site: Path, exported: list[dict[str, Any]]) -> None:
    paused = next(r for r in exported if r["status"] == "暂停")
    (hours,) = service_node(repo_site, paused)[SCHEMA + "hoursAvailable"]
    assert hours["@type"] == [SCHEMA + "OpeningHoursSpecification"]
    assert hours[SCHEMA + "opens"][0]["@value"] == hours[SCHEMA + "closes"][0]["@value"] == "00:00"  # closed all day
    assert len(hours[SCHEMA + "dayOfWeek"]) == 7
    assert "暂停办理" in hours[SCHEMA + "description"][0]["@value"]
    in_use = next(r for r in exported if r["status"] == "在用")
    assert SCHEMA + "hoursAvailable" not in service_node(repo_site, in_use)


def test_configured_terms_reach_the_package_and_missing_ones_warn(make_mini_project, caplog: pytest.LogCaptureFixture) -> None:
    from generator.site.build import build_site
    from tests.conftest import working_dir

    project = make_mini_project()
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    terms = (
        "        licence: {name: CC-BY-4.0, title: 知识共享署名 4.0 国际, url: https://creativecommons.org/licenses/by/4.0/}\n"
        "        contact: {name: 测试用的开放数据联系单位, email: open-data@example.org, phone: 0371-23456789}\n"
    )
    config.write_text(text.replace("      open_data:\n", "      open_data:\n" + terms), encoding="utf-8")
    with working_dir(project), caplog.at_level(logging.WARNING):
        build_site(config, project / "site")
    package = json.loads((project / "site" / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"] == [{"name": "CC-BY-4.0", "title": "知识共享署名 4.0 国际", "path": "https://creativecommons.org/licenses/by/4.0/"}]
    (contact,) = package["contributors"]
    assert contact["title"] == "测试用的开放数据联系单位" and contact["email"] == "open-data@example.org" and contact["phone"] == "0371-23456789"
    assert "未公布" not in package["description"]
    assert frictionless.Package(str(project / "site" / "data" / "datapackage.json")).validate().valid
    assert not [r for r in caplog.records if "open_data" in r.getMessage()]

    config.write_text(text, encoding="utf-8")  # the repository's own terms: no licence, no contact
    with working_dir(project), caplog.at_level(logging.WARNING):
        build_site(config, project / "site")
    (warning,) = [r.getMessage() for r in caplog.records if "open_data" in r.getMessage()]
    assert "开放许可、联系方式未配置" in warning


def test_columns_in_docs_are_current() -> None:
    from generator.export.datapackage import columns_markdown

    text = (REPO / "docs" / "open-data.md").read_text(encoding="utf-8")
    section = text.split("<!-- banshi:columns:start -->\n")[1].split("<!-- banshi:columns:end -->")[0]
    assert section == columns_markdown(), "paste generator.export.datapackage.columns_markdown() between the markers of docs/open-data.md"


def test_a_table_too_long_for_a_sheet_leaves_the_workbook_out(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from generator.export import xlsx
    from generator.export.reuse import write_reuse_files

    for name in ("items.csv", *(f"{t.name}.csv" for t in COMPANIONS)):
        (tmp_path / name).write_bytes((data / name).read_bytes())
    monkeypatch.setattr(xlsx, "EXCEL_ROWS", 500)  # the sample: 210 items, 870 materials
    tables = ("items.csv", *(f"{t.name}.csv" for t in COMPANIONS))
    files = {name: len(list(csv.reader((tmp_path / name).open(encoding="utf-8-sig", newline="")))) - 1 for name in tables}  # the export's counts
    with caplog.at_level(logging.WARNING):
        write_reuse_files(tmp_path, files).result()
    assert "items.xlsx" not in files and not (tmp_path / "items.xlsx").exists()
    assert any("materials.csv" in r.getMessage() and "CSV" in r.getMessage() for r in caplog.records)
    assert "resolved-item.schema.json" in files


def test_a_cell_longer_than_excel_allows_is_cut_and_says_so() -> None:
    from generator.export.xlsx import CUT_NOTE, EXCEL_CELL_MAX, xlsx_text

    def units(text: str) -> int:
        return len(text.encode("utf-16-le")) // 2

    assert xlsx_text("a" * EXCEL_CELL_MAX) == "a" * EXCEL_CELL_MAX
    for long in ("材" * 40000, "\U00020000" * 20000):  # a character outside the BMP takes two UTF-16 units
        cut = xlsx_text(long)
        assert cut.endswith(CUT_NOTE) and EXCEL_CELL_MAX - 1 <= units(cut) <= EXCEL_CELL_MAX


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ("contact: {name: 某单位, email: 不是邮箱}", "open_data.contact.email「不是邮箱」不是电子邮箱地址"),
        ("licence: {name: CC-BY-4.0, url: 'javascript:alert(1)'}", "open_data.licence.url「javascript:alert(1)」应为 http:// 或 https:// 开头的网址"),
    ],
)
def test_a_bad_link_or_email_in_the_terms_stops_the_build_in_chinese(
    make_mini_project, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, terms: str, message: str
) -> None:
    from tests.support import run_cli

    project = make_mini_project()
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("      open_data:\n", f"      open_data:\n        {terms}\n"), encoding="utf-8")
    with caplog.at_level(logging.ERROR):
        code, out = run_cli(project, "build", monkeypatch=monkeypatch)
    assert code == 1 and "mkdocs.yml 配置有误，未生成网站" in out and "Traceback" not in out
    assert any(message in r.getMessage() for r in caplog.records)
    assert not (project / "site").exists()


def test_the_workbook_carries_the_data_date_not_the_build_clock(tmp_path: Path) -> None:
    """items.xlsx is created 'on' the newest record's 更新日期: the same data gives the same bytes whenever it is
    built (a serial and a parallel build compare equal; an unchanged catalog rewrites nothing)."""
    import zipfile

    from generator.export.datapackage import item_fields
    from generator.export.xlsx import write_workbook

    fields = item_fields()
    rows = [{f.name: "" for f in fields} | {"implementation_code": f"c{n}", "updated": day} for n, day in enumerate(["2026-03-01", "2026-11-30", "bad"])]
    source = tmp_path / "items.csv"
    with source.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, [f.name for f in fields])
        writer.writeheader()
        writer.writerows(rows)
    write_workbook(tmp_path / "items.xlsx", [("items", source, fields)])
    core = zipfile.ZipFile(tmp_path / "items.xlsx").read("docProps/core.xml").decode()
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-30T00:00:00Z</dcterms:created>' in core, core
