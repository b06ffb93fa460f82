"""The national platform's upload tables as data: table names, columns (type, length, NOT NULL, as in the public DDL)
and the code lists both the national export (export/national.py) and the import (workflow/national_import.py) use.

Pure data, no I/O. tests/test_national_ddl.py checks every column against the DDL kept in
tests/fixtures/national_ddl/ (JluKobe/MyRepo, TableConstruct/), so a difference fails there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # varchar | text | int | datetime
    length: int | None  # varchar(n): at most n characters
    not_null: bool


def _columns(spec: str) -> tuple[Column, ...]:
    """One column a line: `name kind[!]`, kind a number n for varchar(n), or text / int / datetime; ! = NOT NULL."""
    out = []
    for line in spec.split():
        name, kind = line.split(":")
        not_null = kind.endswith("!")
        kind = kind.rstrip("!")
        if kind.isdigit():
            out.append(Column(name, "varchar", int(kind), not_null))
        else:
            out.append(Column(name, kind, None, not_null))
    return tuple(out)


SYNC = "cd_batch:32! cd_operation:2! cd_time:datetime! data_source:3!"
BASIC = f"""accept_condition:text! anticipate_day:int! anticipate_explain:text anticipate_type:2! app_is_single_login:2!
by_law:text! catalog_code:12! {SYNC} dept_code:50! dept_name:200! dept_type:2! entrust_name:100 fee_basis:text
handle_flow:text! handle_type:5 is_fee:2! is_single_login:2! limit_scene_num:int! link_addr:text link_way:text!
local_catalog_code:50 local_task_code:50 mobile_terminal_url:text plan_cancel_date:datetime plan_effective_date:datetime
power_source:2! project_type:2! promise_day:int! promise_explain:text! promise_type:int! row_guid:50! server_type:32!
special_procedure:500! supervise_way:text! task_code:36! task_handle_item:50 task_name:1000! task_state:2! task_type:2!
task_version:int! transact_addr:500! transact_time:500! use_level:11!"""
EXTEND = f"""{SYNC.split(" data_source")[0]} corp_character_topic_type:100 corp_topic_type:40 data_source:3!
extend_field:2000 handle_area:2 is_entry_center:2! is_express:2! is_online:2! is_pay_online:2! is_schedule:2
is_service_terminals:2 limit_explain:text limit_scene_explain:1000 online_handle_depth:20 online_handle_url:text
other_dept:200 result_guid:256 result_name:200 result_type:30! row_guid:50! service_type:200 task_code:36! task_guid:36!
task_handle_item:50 town_code:18 town_name:200 user_character_topic_type:100 user_topic_type:40 village_code:18
village_name:200"""
MATERIAL = f"""accept_stand:text by_law:text {SYNC} example_guid:256 fill_explain:500 form_guid:256 is_need:2
material_format:2 material_name:200! material_type:2 order_num:int! page_format:200 page_num:int remark:text
row_guid:50! source_explain:500 source_type:2 task_code:36! task_guid:36! task_handle_item:50"""
HANDLE_BASIC = f"""anticipate_day:int! anticipate_explain:text anticipate_type:2! by_law:text! catalog_code:12! {SYNC.split(" data_source")[0]}
collect_type:2 data_source:3! dept_code:50! dept_name:200! dept_type:2! entrust_name:100 handle_flow:text! is_permit_reduce:2
link_way:text! local_catalog_code:50 local_task_code:50 plan_cancel_date:datetime plan_effective_date:datetime power_source:2!
row_guid:50! supervise_way:text! task_code:36! task_handle_item:50 task_name:1000! task_state:2! task_type:2! task_version:int!
use_level:11!"""
FEE = f"""by_law:text {SYNC} desc_explain:text fee_name:200! fee_stand:text! is_desc:2 order_num:int! remark:1000
row_guid:50! task_code:36! task_guid:36! task_handle_item:50"""
QUESTIONS = f"""answer:text! {SYNC} order_num:int! question:1000! row_guid:50! task_code:36! task_guid:36! task_handle_item:50"""

# The table families: which tables an item type goes to (the national platform keeps one set per kind of power).
# 许可、给付、奖励、确认、裁决、其他 -> general; 公共服务 -> public (no power_source / limit_explain); 征收 -> handle (a basic
# table of its own, materials and questions: no extend or fee table).
FAMILIES: dict[str, tuple[str, ...]] = {"general": ("01", "05", "07", "08", "09", "10"), "public": ("20",), "handle": ("04",)}
FOLDER = Path("items") / "_national"  # the catalog's national exchange files: version ledger, settings, import ledger

PARTS = ("basic", "extend", "material", "fee_project", "questions")


def _family_tables(family: str) -> dict[str, tuple[Column, ...]]:
    specs = {"basic": BASIC, "extend": EXTEND, "material": MATERIAL, "fee_project": FEE, "questions": QUESTIONS}
    if family == "handle":
        specs = {"basic": HANDLE_BASIC, "material": MATERIAL, "questions": QUESTIONS}
    dropped = {"power_source", "limit_explain"} if family == "public" else set()
    return {f"up_task_{family}_{part}": tuple(c for c in _columns(spec) if c.name not in dropped) for part, spec in specs.items()}


TABLES: dict[str, tuple[Column, ...]] = {name: cols for family in FAMILIES for name, cols in _family_tables(family).items()}


def table_name(family: str, part: str) -> str:
    return f"up_task_{family}_{part}"


def family_of(type_code: str) -> str | None:
    """The table family of a two-digit item type code; None: the national platform keeps it in tables we do not write."""
    return next((f for f, codes in FAMILIES.items() if type_code in codes), None)


def part_of(table: str) -> str:
    return next(p for p in PARTS if table.endswith("_" + p))


# Code lists of the national tables (value in the record -> code). Which are documented and which inferred is said in
# docs/national-export.md; the import reads them backwards (decode()).
USE_LEVEL = {"国家": "1", "省": "2", "市": "3", "县": "4", "乡": "5", "村": "6"}
POWER_SOURCE = {"法定本级行使": "1", "上级下放": "2", "上级授权": "3", "同级授权": "4", "上级委托": "5", "同级委托": "6"}
SERVER_TYPE = {"自然人": "1", "企业法人": "2", "事业法人": "3", "社会组织法人": "4", "非法人企业": "5", "行政机关": "6", "其他组织": "9"}
PROJECT_TYPE = {"即办件": "1", "承诺件": "2"}
RESULT_TYPE = {"证照": "10", "批文": "20", "其他": "99"}
ONLINE_DEPTH = {"Ⅰ": "1", "Ⅱ": "1,2", "Ⅲ": "1,2,3,4", "Ⅳ": "1,2,3,4,5,6"}  # inferred
DAY_TYPE = {"工作日": "1", "自然日": "2"}  # inferred
TASK_STATE = {"在用": "1", "暂停": "2", "取消": "3"}  # inferred
DEPT_TYPE = {"法定机关": "1", "授权组织": "2", "受委托组织": "3"}  # inferred
IS_NEED = {"必要": "1", "非必要": "0"}  # 容缺后补 is carried in the extension field
MATERIAL_TYPE = {"原件": "1", "复印件": "2", "原件和复印件": "3"}
MATERIAL_FORMAT = {"纸质": "1", "电子": "2", "纸质和电子": "3"}
SOURCE_TYPE = {"申请人自备": "10", "政府部门核发": "20", "其他": "99"}  # 10 documented, 20 and 99 inferred
OPERATION = {"新增": "I", "修改": "U", "删除": "D"}  # cd_operation, inferred from the exchange's sync columns
FLAG = {True: "1", False: "0"}

# Columns holding codes: a spreadsheet must keep them as text (never 1.14E+30).
CODE_COLUMNS = ("task_code", "catalog_code", "dept_code", "task_handle_item", "town_code", "village_code", "row_guid", "task_guid")
SEP = "；"  # several values in one text cell
NONE_TEXT = "无"  # a NOT NULL text column whose source in the record is an empty list or an absent note


def decode(codes: dict[str, str], value: str) -> str | None:
    """The record value of a code; None when the code is not in the list."""
    return next((k for k, v in codes.items() if v == value), None)


# How record values are written into text cells; the import compares a cell with the directory item written the same way.
def join(values: list[str]) -> str:
    return SEP.join(v for v in values if v)


def or_none(text: str) -> str:
    return text or NONE_TEXT


def law(basis: list[dict[str, Any]]) -> str:
    return join([" ".join(x for x in (b["law"], b.get("article")) if x) for b in basis])


def flow(steps: list[dict[str, Any]]) -> str:
    return join([f"{s['name']}（{s['actor']}）" for s in steps])


def get(data: Any, *keys: str) -> Any:
    """data[k1][k2]…, or None where a level is absent (a field the guide does not state: 未公布, left empty)."""
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def exchanged_case_type(r: dict[str, Any]) -> str | None:
    """The one 办件类型 the exchange holds: the record's, or for types by situation (case_situations) 承诺件 when any
    situation is one (the promised limit then applies), else 即办件; None when the record states neither. The import
    reads case_situations back from extend_field, and then keeps them alone (validate/time_rules.py: one or the other)."""
    if r.get("case_type"):
        return str(r["case_type"])
    types = {s.get("case_type") for s in r.get("case_situations") or ()}
    return "承诺件" if "承诺件" in types else ("即办件" if types else None)


def coded(codes: dict[Any, str], value: Any) -> str | None:
    """The code of a record value; None (an empty cell) when the record does not state it."""
    return None if value is None else codes[value]


def promise_explain(r: dict[str, Any]) -> str:
    return or_none(join([get(r, "promised_time_limit", "note") or "", r["time_limit_note"] or ""]))


def addresses(r: dict[str, Any]) -> str:
    """Each place: its address, or the class of places a guide names instead (户籍所在地派出所), with the window."""
    places = [loc.get("address") or loc.get("place_class") or loc.get("name") or "" for loc in r["locations"]]
    return join([p + (f"（{loc['window']}）" if loc.get("window") else "") for p, loc in zip(places, r["locations"], strict=True) if p])


def hours(r: dict[str, Any]) -> str:
    """The places' hours, each once; a place whose hours a guide does not state adds nothing."""
    return join(list(dict.fromkeys(h for loc in r["locations"] if (h := loc.get("hours")))))


def contact(c: dict[str, Any] | None) -> str | None:
    return join([c.get("phone") or "", c.get("note") or ""]) or None if c else None
