"""Open data of the built sample site: exports equal the validated records; the CSV reads back in pandas; JSON-LD
expands with pyld; feeds parse with feedparser; the dashboard's figures equal an independent count."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import feedparser
import pandas
import pytest
from pyld import jsonld

from generator.export.columns import columns, csv_row
from generator.export.national import TABLES
from generator.model.national import FOLDER
from generator.validate.project import validate
from tests.support import REPO

SCHEMA = "https://schema.org/"
JSONLD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


@pytest.fixture(scope="module")
def validated() -> Any:
    return validate(REPO)


@pytest.fixture(scope="module")
def exported(repo_site: Path) -> list[dict[str, Any]]:
    return json.loads((repo_site / "data" / "items.json").read_text(encoding="utf-8"))


def test_items_json_has_every_validated_record_resolved(exported: list[dict[str, Any]], validated: Any, repo_site: Path) -> None:
    assert not validated.errors
    assert len(exported) == len(validated.items) == validated.records
    by_code = {r["implementation_code"]: r for r in exported}
    assert set(by_code) == {i.code for i in validated.items}
    for item in validated.items:
        record = by_code[item.code]
        # inherited standard elements are filled in, exemptions applied
        assert record["name"] == item.name and record["item_type"] == item.item_type
        assert record["legal_time_limit"] == item.legal_time_limit.model_dump(mode="json")
        assert [m["name"] for m in record["materials"]] == [m.name for m in item.materials]
        assert sum(m["exempt"] is not None for m in record["materials"]) == sum(m.exempt is not None for m in item.materials)
        assert record["conditions"] == list(item.conditions) and record["service_objects"] == item.service_objects
        assert record["department_credit_code"] == item.department.credit_code and record["region_name"] == item.region.name
        assert record["page_url"].endswith(f"/items/{item.region.code}/{item.code}/")
        assert (record["apply_url"] is not None) == (item.record.online.apply and item.record.status == "在用")
        beside = repo_site / "items" / item.region.code / item.code / "index.json"
        assert json.loads(beside.read_text(encoding="utf-8")) == record


def test_csv_reads_back_in_pandas_with_the_same_rows(exported: list[dict[str, Any]], repo_site: Path) -> None:
    path = repo_site / "data" / "items.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    frame = pandas.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(frame.columns) == [c.name for c in columns()]
    assert len(frame) == len(exported)
    assert frame.values.tolist() == [csv_row(r) for r in exported]
    first = frame.iloc[0]
    assert int(first["materials.count"]) == len(exported[0]["materials"])
    assert first["materials"].split("；")[0] == exported[0]["materials"][0]["name"]


def test_national_tables_count_items_materials_and_fees(exported: list[dict[str, Any]], repo_site: Path) -> None:
    national = repo_site / "data" / "national"
    tables = {t: pandas.read_csv(national / f"{t}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False) for t in TABLES}
    for name, frame in tables.items():
        assert list(frame.columns) == [m.column for m in TABLES[name]]
    basic = pandas.concat([tables["up_task_general_basic"], tables["up_task_public_basic"]])
    units = {r["implementation_code"]: max(1, len(r["handling_items"])) for r in exported}
    assert len(basic) == sum(units.values())  # one row per handling item
    materials = pandas.concat([tables["up_task_general_material"], tables["up_task_public_material"]])
    per_unit = sum(len(h["materials"]) if h.get("materials") is not None else len(r["materials"]) for r in exported for h in r["handling_items"])
    assert len(materials) == per_unit + sum(len(r["materials"]) for r in exported if not r["handling_items"])
    task = basic.drop_duplicates("task_code").set_index("task_code")
    for r in exported:
        row = task.loc[r["implementation_code"]]
        assert row["catalog_code"] == r["basic_code"] and row["dept_code"] == r["department_credit_code"]
        assert row["project_type"] == {"即办件": "1", "承诺件": "2"}[r["case_type"]]
        assert row["promise_day"] == str(r["promised_time_limit"]["value"])


def test_catalog_files_and_schemas(repo_site: Path, validated: Any) -> None:
    data = repo_site / "data"
    assert len(json.loads((data / "directory.json").read_text(encoding="utf-8"))) == len(validated.catalog.directory)
    assert len(json.loads((data / "regions.json").read_text(encoding="utf-8"))) == len(validated.catalog.regions)
    assert len(json.loads((data / "departments.json").read_text(encoding="utf-8"))) == len(validated.catalog.departments)
    assert sorted(p.name for p in (data / "schema").glob("*.json")) == sorted(p.name for p in (REPO / "schema").glob("*.json"))
    page = (data / "index.html").read_text(encoding="utf-8")
    for name in ("items.json", "items.csv", "national/up_task_general_basic.csv", "directory.json"):
        assert f'href="{name}"' in page
    for column in columns():  # the data dictionary lists every column
        assert f"<code>{column.name}</code>" in page


def no_fetch(url: str, options: dict[str, Any] | None = None) -> Any:
    raise AssertionError(f"JSON-LD processing tried to fetch {url}")


def test_item_pages_carry_government_service_json_ld(repo_site: Path, exported: list[dict[str, Any]]) -> None:
    record = next(r for r in exported if r["apply_url"] and any(loc.get("phone") for loc in r["locations"]))
    html = (repo_site / "items" / record["region"] / record["implementation_code"] / "index.html").read_text(encoding="utf-8")
    (raw,) = JSONLD_RE.findall(html)
    expanded = jsonld.expand(json.loads(raw), {"documentLoader": no_fetch})
    (service,) = expanded
    assert service["@type"] == [SCHEMA + "GovernmentService"]

    def values(node: dict[str, Any], prop: str) -> list[Any]:
        return node[SCHEMA + prop]

    def text(node: dict[str, Any], prop: str) -> str:
        return values(node, prop)[0]["@value"]

    assert text(service, "name") == record["name"]
    assert text(service, "serviceType") == record["item_type"]
    ids = {text(i, "propertyID"): text(i, "value") for i in values(service, "identifier")}
    assert ids == {"实施编码": record["implementation_code"], "基本编码": record["basic_code"]}
    (provider,) = values(service, "provider")
    assert provider["@type"] == [SCHEMA + "GovernmentOrganization"] and text(provider, "name") == record["department_name"]
    assert text(values(provider, "identifier")[0], "value") == record["department_credit_code"]
    (area,) = values(service, "areaServed")
    assert text(area, "name") == record["region_name"]
    assert sorted(text(a, "audienceType") for a in values(service, "audience")) == sorted(record["service_objects"])
    channels = values(service, "availableChannel")
    assert [text(c, "serviceUrl") for c in channels if SCHEMA + "serviceUrl" in c] == [record["apply_url"]]
    places = [values(c, "serviceLocation")[0] for c in channels if SCHEMA + "serviceLocation" in c]
    assert [text(values(p, "address")[0], "streetAddress").split("（")[0] for p in places] == [loc["address"].split("（")[0] for loc in record["locations"]]
    assert [text(p, "openingHours") for p in places] == [loc["hours"] for loc in record["locations"]]
    phones = [text(values(c, "servicePhone")[0], "telephone") for c in channels if SCHEMA + "servicePhone" in c]
    assert record["consult"]["phone"] in phones
    assert text(values(service, "serviceOutput")[0], "name") == record["result"]["name"]


def test_feeds_parse_and_list_their_changes(repo_site: Path, exported: list[dict[str, Any]]) -> None:
    feed = feedparser.parse((repo_site / "feeds" / "all.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "开封市政务服务办事指南：事项变更"  # the site title from mkdocs.yml
    assert 0 < len(feed.entries) <= 50
    # an item's change links to its page; a 基本目录 change (one entry for all its regions) to the service's page; a
    # deleted item's to the home page
    home = exported[0]["page_url"][: exported[0]["page_url"].index("items/")]
    services = {home + f"services/{r['basic_code']}/" for r in exported} | {home}
    pages = {r["page_url"] for r in exported} | services
    assert all(e.link.removesuffix("#changes") in pages for e in feed.entries)
    dep = exported[0]["department"]
    dep_feed = feedparser.parse((repo_site / "feeds" / "departments" / f"{dep}.xml").read_bytes())
    assert not dep_feed.bozo
    own_pages = {r["page_url"] for r in exported if r["department"] == dep} | services
    assert dep_feed.entries and all(e.link.removesuffix("#changes") in own_pages for e in dep_feed.entries)


def independent_figures(records: list[dict[str, Any]], key: str | None) -> dict[str, dict[str, Any]]:
    """The dashboard's figures counted straight from items.json, without generator/model/figures.py."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        if r["status"] == "在用":
            groups[r[key] if key else "total"].append(r)
    out = {}
    for name, rs in groups.items():
        limits = [
            1 - r["promised_time_limit"]["value"] / r["legal_time_limit"]["value"]
            for r in rs
            if r["promised_time_limit"]["unit"] == r["legal_time_limit"]["unit"] and r["legal_time_limit"]["value"] > 0
        ]
        out[name] = {
            "items": len(rs),
            "online": sum(r["online"]["apply"] for r in rs),
            "full_online": sum(r["online"]["depth"] == "Ⅳ" for r in rs),
            "at_most_once": sum(r["onsite_visits"] <= 1 for r in rs),
            "zero_visits": sum(r["onsite_visits"] == 0 for r in rs),
            "instant": sum(r["case_type"] == "即办件" for r in rs),
            "in_hall": sum(r["in_service_hall"] for r in rs),
            "compression_average": round(sum(limits) / len(limits), 4) if limits else None,
            "exempt_materials": sum(m["exempt"] is not None for r in rs for m in r["materials"]),
            "materials": sum(len(r["materials"]) for r in rs),
        }
    return out


def test_dashboard_figures_equal_an_independent_count(repo_site: Path, exported: list[dict[str, Any]]) -> None:
    progress = json.loads((repo_site / "data" / "progress.json").read_text(encoding="utf-8"))

    def pick(figures: dict[str, Any]) -> dict[str, Any]:
        return {k: figures[k] for k in independent_figures(exported, None)["total"]}

    assert pick(progress["total"]) == independent_figures(exported, None)["total"]
    for key, group in (("tier", "by_tier"), ("region", "by_region"), ("department", "by_department")):
        expected = independent_figures(exported, key)
        assert {k: pick(v) for k, v in progress[group].items()} == expected
    html = (repo_site / "progress" / "index.html").read_text(encoding="utf-8")
    total = progress["total"]
    assert f"{total['online_share'] * 100:.1f}%" in html and f"{total['items']}</span> 个在用事项" in html
    charts = re.findall(r"<svg .*?</svg>", html, re.DOTALL)
    assert len(charts) >= 1 and not any("<script" in c for c in charts)
    assert Counter(re.findall(r'<table class="bs-progress" id="([a-z-]+)"', html)) == Counter(
        {"table-tiers": 1, "table-months": 1, "table-regions": 1, "table-departments": 1}
    )


def test_export_command_writes_the_national_tables(make_mini_project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from tests.support import run_cli

    project = make_mini_project()
    (project / FOLDER).mkdir(parents=True, exist_ok=True)
    (project / FOLDER / "settings.yaml").write_text('data_source: "410"\nis_single_login: "1"\napp_is_single_login: "0"\n', encoding="utf-8")
    code, _ = run_cli(project, "export", "--format", "national", "--out", str(tmp_path / "nat"), monkeypatch=monkeypatch)
    assert code == 0
    records = validate(project)
    nat = tmp_path / "nat"
    tables = [pandas.read_csv(nat / f"up_task_{f}_basic.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False) for f in ("general", "public")]
    assert sorted(set(pandas.concat(tables)["task_code"])) == sorted(i.code for i in records.items)
    code, _ = run_cli(project, "export", "--format", "csv", "--out", str(tmp_path / "csv"), monkeypatch=monkeypatch)
    assert code == 0 and len(pandas.read_csv(tmp_path / "csv" / "items.csv", encoding="utf-8-sig")) == len(records.items)


def test_mapping_table_in_docs_is_current() -> None:
    from generator.export.national import mapping_markdown

    text = (REPO / "docs" / "national-export.md").read_text(encoding="utf-8")
    section = text.split("<!-- banshi:mapping:start -->\n")[1].split("<!-- banshi:mapping:end -->")[0]
    assert section == mapping_markdown(), "run: banshi export --mapping and paste it between the markers of docs/national-export.md"
