"""The sample catalog in items/ is valid and as large and varied as the guide promises."""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import cache

from generator.model.codes import division_tier
from generator.validate.project import Validation, validate
from generator.workflow.schema_export import stale_schemas
from tests.support import REPO

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../../schema/item.schema.json"
REQUIRED_SERVICES = [
    "居民身份证申领",
    "居民身份证换领",
    "居民身份证补领",
    "户口迁移",
    "出生登记",
    "生育登记",
    "结婚登记",
    "离婚登记",
    "社会保障卡申领",
    "社会保障卡补领",
    "城乡居民养老保险参保登记",
    "失业保险金",
    "异地就医",
    "住房公积金提取",
    "机动车驾驶证",
    "机动车注册登记",
    "企业设立登记",
    "个体工商户设立登记",
    "食品经营许可",
    "药品零售",
    "建筑工程施工许可",
    "建设工程规划许可",
    "不动产首次登记",
    "不动产转移登记",
    "不动产抵押登记",
    "最低生活保障",
    "残疾人证",
    "出生医学证明",
    "教师资格认定",
    "医师执业注册",
    "道路运输经营许可",
    "烟草专卖零售许可",
    "特种设备使用登记",
    "排污许可",
    "高龄津贴",
    "老年人优待证",
    "临时救助",
    "护照",
    "往来港澳通行证",
    "法律援助",
]


@cache
def repo() -> Validation:
    return validate(REPO)


def test_sample_catalog_has_no_errors() -> None:
    result = repo()
    assert [f for f in result.findings if f.severity == "error"] == []
    assert len(result.items) == result.records


def test_sample_catalog_size() -> None:
    result = repo()
    cat = result.catalog
    tiers = Counter(division_tier(code) for code in cat.regions)
    assert tiers["市"] == 1 and tiers["县"] == 9 and tiers["乡"] >= 8
    assert len({cat.regions[c].parent for c in cat.regions if division_tier(c) == "乡"}) >= 3
    assert len(cat.departments) >= 20
    assert len(cat.directory) >= 40
    assert result.records >= 150
    item_tiers = Counter(division_tier(i.region.code) for i in result.items)
    assert item_tiers["市"] and item_tiers["县"] and item_tiers["乡"]
    tiers_by_code: dict[str, set[str]] = defaultdict(set)
    for item in result.items:
        tiers_by_code[item.basic_code].add(division_tier(item.region.code))
    assert sum(len(t) >= 2 for t in tiers_by_code.values()) >= 15


def test_required_services_present() -> None:
    names = [i.name for i in repo().items]
    missing = [s for s in REQUIRED_SERVICES if not any(s in n for n in names)]
    assert missing == []


def test_every_record_starts_with_schema_comment() -> None:
    for item in repo().items:
        first = (REPO / item.file).read_text(encoding="utf-8").splitlines()[0]
        assert first == SCHEMA_COMMENT, item.file


def test_schema_files_match_the_model() -> None:
    assert stale_schemas(REPO / "schema") == []
