"""The national exchange tables (the provincial platform's upload layout): one task row per implementation record,
one row per material, one row per fee item. Column names follow the national item tables; each mapping says where
its value comes from and whether the code list behind it is documented or inferred from real exports.

The mapping table in docs/national-export.md is generated from TASK, MATERIAL and FEE (`banshi export --mapping`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

# Code lists of the national tables.
USE_LEVEL = {"国家": "1", "省": "2", "市": "3", "县": "4", "乡": "5", "村": "6"}
POWER_SOURCE = {"法定本级行使": "1", "上级下放": "2", "上级授权": "3", "同级授权": "4", "上级委托": "5", "同级委托": "6"}
SERVER_TYPE = {"自然人": "1", "企业法人": "2", "事业法人": "3", "社会组织法人": "4", "非法人企业": "5", "行政机关": "6", "其他组织": "9"}
PROJECT_TYPE = {"即办件": "1", "承诺件": "2"}
RESULT_TYPE = {"证照": "10", "批文": "20", "其他": "99"}
# Inferred: our four citizen-facing depths against the national seven-step scale (咨询 收件 预审 受理 办理 结果反馈 电子证照).
ONLINE_DEPTH = {"Ⅰ": "1", "Ⅱ": "1,2", "Ⅲ": "1,2,3,4", "Ⅳ": "1,2,3,4,5,6"}
DAY_TYPE = {"工作日": "1", "自然日": "2"}  # inferred
TASK_STATE = {"在用": "1", "暂停": "2", "取消": "3"}  # inferred
IS_NEED = {"必要": "1", "非必要": "0", "容缺后补": "1"}  # 容缺后补 is still required, later: inferred
MATERIAL_TYPE = {"原件": "1", "复印件": "2", "原件和复印件": "3"}
MATERIAL_FORMAT = {"纸质": "1", "电子": "2", "纸质和电子": "3"}
SOURCE_TYPE = {"申请人自备": "10", "政府部门核发": "20", "其他": "99"}  # 10 documented, 20 and 99 inferred

SEP = "；"


def flag(value: object) -> str:
    return "1" if value else "0"


def codes(mapping: dict[str, str], values: list[str]) -> str:
    return ",".join(mapping[v] for v in values if v in mapping)


def handle_type(r: dict[str, Any]) -> str:
    out = ["1"] if r["locations"] else []
    if r["online"]["apply"]:
        out.append("2")
    if r["online"]["express_delivery"]:
        out.append("3")
    return ",".join(out)


def limit_explain(limit: dict[str, Any]) -> str:
    return limit.get("note") or ""


def join(values: list[str]) -> str:
    return SEP.join(v for v in values if v)


@dataclass(frozen=True)
class Mapping:
    column: str
    element: str
    source: str  # the field(s) of the resolved record, for the docs
    inferred: bool
    value: Callable[[dict[str, Any]], str]


def _entry(column: str, element: str, source: str, fn: Callable[[dict[str, Any]], Any], inferred: bool = False) -> Mapping:
    return Mapping(column, element, source, inferred, lambda r: "" if (v := fn(r)) is None else str(v))


TASK: tuple[Mapping, ...] = (
    _entry("task_name", "事项名称", "name", lambda r: r["name"]),
    _entry("catalog_code", "基本编码", "basic_code", lambda r: r["basic_code"]),
    _entry("task_code", "实施编码", "implementation_code", lambda r: r["implementation_code"]),
    _entry(
        "task_handle_item",
        "业务办理项编码",
        "implementation_code + handling_items[].code",
        lambda r: join([r["implementation_code"] + h["code"] for h in r["handling_items"]]),
    ),
    _entry("task_type", "事项类型", "item_type（两位类型码）", lambda r: r["basic_code"][2:4]),
    _entry("use_level", "行使层级", "exercise_levels", lambda r: codes(USE_LEVEL, r["exercise_levels"])),
    _entry("power_source", "权力来源", "power_source", lambda r: POWER_SOURCE[r["power_source"]], inferred=True),
    _entry(
        "by_law", "设定依据", "legal_basis[].law + article", lambda r: join([" ".join(x for x in (b["law"], b.get("article")) if x) for b in r["legal_basis"]])
    ),
    _entry("dept_name", "实施主体", "department_name", lambda r: r["department_name"]),
    _entry("dept_code", "实施主体编码", "department_credit_code", lambda r: r["department_credit_code"]),
    _entry("entrust_name", "委托部门", "（无对应字段，委托时为空）", lambda r: "", inferred=True),
    _entry("server_type", "服务对象", "service_objects", lambda r: codes(SERVER_TYPE, r["service_objects"])),
    _entry("project_type", "办件类型", "case_type", lambda r: PROJECT_TYPE[r["case_type"]]),
    _entry("handle_type", "办理形式", "locations / online.apply / online.express_delivery", handle_type, inferred=True),
    _entry("anticipate_day", "法定时限", "legal_time_limit.value", lambda r: r["legal_time_limit"]["value"]),
    _entry("anticipate_type", "法定时限单位", "legal_time_limit.unit", lambda r: DAY_TYPE[r["legal_time_limit"]["unit"]], inferred=True),
    _entry("anticipate_explain", "法定时限说明", "legal_time_limit.note", lambda r: limit_explain(r["legal_time_limit"])),
    _entry("promise_day", "承诺时限", "promised_time_limit.value", lambda r: r["promised_time_limit"]["value"]),
    _entry("promise_type", "承诺时限单位", "promised_time_limit.unit", lambda r: DAY_TYPE[r["promised_time_limit"]["unit"]], inferred=True),
    _entry(
        "promise_explain",
        "承诺时限说明",
        "promised_time_limit.note, time_limit_note",
        lambda r: join([limit_explain(r["promised_time_limit"]), r["time_limit_note"] or ""]),
    ),
    _entry("accept_condition", "受理条件", "conditions", lambda r: join(r["conditions"])),
    _entry("handle_flow", "办理流程", "steps[].name（actor）", lambda r: join([f"{s['name']}（{s['actor']}）" for s in r["steps"]])),
    _entry("special_procedure", "特别程序", "special_procedures", lambda r: join([f"{p['name']}（{p['time_limit']}）" for p in r["special_procedures"]])),
    _entry("is_fee", "是否收费", "fee.charged", lambda r: flag(r["fee"]["charged"])),
    _entry("fee_basis", "收费依据", "fee.items[].basis", lambda r: join(sorted({i["basis"] for i in r["fee"]["items"]}))),
    _entry(
        "transact_addr",
        "办理地点",
        "locations[].address（window）",
        lambda r: join([loc["address"] + (f"（{loc['window']}）" if loc.get("window") else "") for loc in r["locations"]]),
    ),
    _entry("transact_time", "办理时间", "locations[].hours", lambda r: join(list(dict.fromkeys(loc["hours"] for loc in r["locations"])))),
    _entry("link_way", "咨询方式", "consult.phone, consult.note", lambda r: join([r["consult"]["phone"], r["consult"].get("note") or ""])),
    _entry("supervise_way", "监督投诉方式", "complaint.phone, complaint.note", lambda r: join([r["complaint"]["phone"], r["complaint"].get("note") or ""])),
    _entry("limit_scene_num", "到现场次数", "onsite_visits", lambda r: r["onsite_visits"]),
    _entry("limit_scene_explain", "到现场原因", "onsite_reason", lambda r: r["onsite_reason"]),
    _entry("is_online", "是否网办", "online.apply", lambda r: flag(r["online"]["apply"])),
    _entry("online_handle_url", "网办地址", "apply_url", lambda r: r["apply_url"]),
    _entry("mobile_terminal_url", "移动端地址", "（无对应字段，为空）", lambda r: "", inferred=True),
    _entry("online_handle_depth", "网上办理深度", "online.depth（Ⅰ-Ⅳ 对应到 1-7 步）", lambda r: ONLINE_DEPTH[r["online"]["depth"]], inferred=True),
    _entry("is_pay_online", "网上支付", "online.payment", lambda r: flag(r["online"]["payment"])),
    _entry("is_express", "快递", "online.express_delivery", lambda r: flag(r["online"]["express_delivery"])),
    _entry("is_schedule", "预约", "online.appointment", lambda r: flag(r["online"]["appointment"])),
    _entry("is_entry_center", "进驻大厅", "in_service_hall", lambda r: flag(r["in_service_hall"])),
    _entry("handle_area", "通办范围", "region_name（本区划）", lambda r: r["region_name"], inferred=True),
    _entry("result_type", "审批结果类型", "result.type", lambda r: RESULT_TYPE[r["result"]["type"]]),
    _entry("result_name", "审批结果名称", "result.name", lambda r: r["result"]["name"]),
    _entry("task_state", "状态", "status", lambda r: TASK_STATE[r["status"]], inferred=True),
    _entry("task_version", "版本", "updated（日期作版本号）", lambda r: r["updated"].replace("-", ""), inferred=True),
    _entry("plan_effective_date", "生效日期", "（无对应字段，为空）", lambda r: "", inferred=True),
    _entry("plan_cancel_date", "取消日期", "（无对应字段，为空）", lambda r: "", inferred=True),
)

MATERIAL: tuple[Mapping, ...] = (
    _entry("task_code", "实施编码", "implementation_code", lambda m: m["_task_code"]),
    _entry("material_name", "材料名称", "materials[].name", lambda m: m["name"]),
    _entry("order", "序号", "materials 中的位置（从 1 起）", lambda m: m["_order"]),
    _entry("is_need", "是否必要", "materials[].necessity", lambda m: IS_NEED[m["necessity"]], inferred=True),
    _entry("material_type", "材料类型", "materials[].kind", lambda m: MATERIAL_TYPE[m["kind"]]),
    _entry("material_format", "材料形式", "materials[].form", lambda m: MATERIAL_FORMAT[m["form"]]),
    _entry("page_num", "份数", "materials[].copies", lambda m: m["copies"], inferred=True),
    _entry("page_format", "纸张规格", "materials[].paper_size", lambda m: m["paper_size"]),
    _entry("source_type", "来源渠道", "materials[].source", lambda m: SOURCE_TYPE[m["source"]], inferred=True),
    _entry(
        "source_explain",
        "来源说明",
        "materials[].source_note；免提交时加共享来源",
        lambda m: join([m.get("source_note") or "", (f"免提交：{m['exempt']['source']}" if m.get("exempt") else "")]),
    ),
    _entry("fill_explain", "填报须知", "materials[].fill_instructions", lambda m: m.get("fill_instructions")),
    _entry("accept_stand", "受理标准", "（无对应字段，为空）", lambda m: "", inferred=True),
    _entry("by_law", "材料依据", "materials[].basis", lambda m: m.get("basis")),
    _entry("form_guid", "空白表格", "materials[].blank_form", lambda m: m.get("blank_form")),
    _entry("example_guid", "示例样表", "materials[].sample", lambda m: m.get("sample")),
)

FEE: tuple[Mapping, ...] = (
    _entry("task_code", "实施编码", "implementation_code", lambda f: f["_task_code"]),
    _entry("name", "收费项目", "fee.items[].name", lambda f: f["name"]),
    _entry("standard", "收费标准", "fee.items[].standard", lambda f: f["standard"]),
    _entry("basis", "收费依据", "fee.items[].basis", lambda f: f["basis"]),
    _entry("reducible", "是否可减免", "fee.reducible（有减免政策为 1）", lambda f: flag(f["_reducible"]), inferred=True),
    _entry("reduction_basis", "减免依据", "fee.reducible", lambda f: f["_reducible"]),
)

TABLES: dict[str, tuple[Mapping, ...]] = {"task": TASK, "task_material": MATERIAL, "task_fee_project": FEE}


def rows(table: str, record: dict[str, Any]) -> Iterator[list[str]]:
    """The rows a resolved record contributes to one national table."""
    mappings = TABLES[table]
    if table == "task":
        yield [m.value(record) for m in mappings]
    elif table == "task_material":
        for i, mat in enumerate(record["materials"], 1):
            yield [m.value({**mat, "_task_code": record["implementation_code"], "_order": i}) for m in mappings]
    else:
        for fee in record["fee"]["items"] if record["fee"]["charged"] else []:
            yield [m.value({**fee, "_task_code": record["implementation_code"], "_reducible": record["fee"].get("reducible")}) for m in mappings]


def mapping_markdown() -> str:
    """The mapping table for docs/national-export.md."""
    out = []
    for table, mappings in TABLES.items():
        out += [f"### `{table}`", "", "| column | element | Banshi field | inferred |", "| --- | --- | --- | --- |"]
        out += [f"| `{m.column}` | {m.element} | {m.source} | {'inferred' if m.inferred else ''} |" for m in mappings]
        out.append("")
    return "\n".join(out)
