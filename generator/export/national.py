"""The national exchange tables: the rows a resolved record contributes to the national platform's upload tables
(generator/model/national.py has their columns, types, lengths and NOT NULL, as in the public DDL).

One basic and one extend row per handling item (业务办理项; one row with an empty task_handle_item when the record has
none), its materials, the fee items and the questions under that handling item. A column whose source the record does
not have stays empty (NULL); a NOT NULL column without a source is reported by `loadability` (never filled in).
Where a NOT NULL text column's source is an empty list or an absent note (no special procedure, no note on the
promised time limit), the cell says 无: the record states there is none. docs/national-export.md is the reference;
its mapping table is generated from MAPPINGS (`banshi export --mapping`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.export.national_batch import Batch
from generator.model import national as N
from generator.model.national import TABLES as COLUMNS
from generator.model.national import addresses, coded, contact, exchanged_case_type, family_of, flow, get, hours, join, law, or_none, part_of, promise_explain

Row = dict[str, Any]  # {"r": resolved record, "h": handling item or None, "m"/"f"/"q": the sub-row's element, "i": order}
EXTEND_MAX = 2000  # extend_field is varchar(2000)


def handle_type(r: dict[str, Any]) -> str:
    out = ["1"] if r["locations"] else []
    if get(r, "online", "apply"):
        out.append("2")
    if get(r, "online", "express_delivery"):
        out.append("3")
    return ",".join(out)


def handle_code(row: Row) -> str | None:
    return row["r"]["implementation_code"] + row["h"]["code"] if row["h"] else None


def steps_of(row: Row) -> list[dict[str, Any]]:
    h = row["h"]
    return h["steps"] if h and h.get("steps") else row["r"]["steps"]


def materials_of(r: dict[str, Any], h: dict[str, Any] | None) -> list[dict[str, Any]]:
    return h["materials"] if h and h.get("materials") is not None else r["materials"]


# Banshi's facts the national columns have no place for, carried in extend_field as JSON (in this order; when the
# text would pass 2000 characters, the last keys are left out and `loadability` says which).
EXTRA_KEYS = (
    "updated",
    "handling_item",
    "steps",
    "special_procedures",
    "locations",
    "deferred",
    "window_provided",
    "exempt_materials",
    "time_limit_note",
    "appointment_url",
    "power_source",
    "variations",
    "remedies",
    "keywords",
    "scheduled",
    "accepting_body",
    "refusal_grounds",
    "stage_limits",
    "case_situations",
    "material_conditions",
    "material_alternatives",
    "intermediary_services",
)


def extra(row: Row) -> dict[str, Any]:
    r, h = row["r"], row["h"]
    values = {
        "updated": r["updated"],
        "handling_item": h["name"] if h else None,
        "steps": h.get("steps") if h else None,  # a handling item's own steps, with their time limits and notes
        "special_procedures": r["special_procedures"] if any(p.get("note") for p in r["special_procedures"]) else None,
        "locations": [{k: v for k, v in loc.items() if v is not None} for loc in r["locations"]],
        "deferred": [m["name"] for m in materials_of(r, h) if m["necessity"] == "容缺后补"],
        "window_provided": [m["name"] for m in materials_of(r, h) if m.get("provided_at_window")],
        "exempt_materials": r["exempt_materials"],
        "time_limit_note": r["time_limit_note"],
        "appointment_url": get(r, "online", "appointment_url"),
        "power_source": r["power_source"] if family_of(r["basic_code"][2:4]) == "public" else None,
        "variations": r["variations"],
        "remedies": r["remedies"],
        "keywords": r["keywords"],
        "scheduled": r["scheduled"],
        "accepting_body": r["accepting_body"],
        "refusal_grounds": r["refusal_grounds"],
        "stage_limits": r["stage_limits"],
        "case_situations": r["case_situations"],
        "material_conditions": {m["name"]: m["condition"] for m in materials_of(r, h) if m.get("condition")},
        "material_alternatives": {m["name"]: m["alternatives"] for m in materials_of(r, h) if m.get("alternatives")},
        "intermediary_services": r["intermediary_services"],  # service_type holds them joined, up to 200 characters
    }
    return {k: v for k in EXTRA_KEYS if (v := values[k]) not in (None, [], "", {})}


def extend_field(row: Row) -> str:
    data = extra(row)
    while True:
        text = json.dumps({"banshi": 1, **data}, ensure_ascii=False, separators=(",", ":"))
        if len(text) <= EXTEND_MAX or not data:
            return text
        data.pop(list(data)[-1])


@dataclass(frozen=True)
class Mapping:
    column: str
    element: str
    source: str  # the field(s) of the resolved record, for the docs
    inferred: bool
    value: Callable[[Row], Any]


def _m(column: str, element: str, source: str, fn: Callable[[Row], Any], inferred: bool = False) -> Mapping:
    return Mapping(column, element, source, inferred, fn)


COMMON = (
    _m("task_code", "实施编码", "implementation_code", lambda x: x["r"]["implementation_code"]),
    _m("task_handle_item", "业务办理项编码", "implementation_code + handling_items[].code", handle_code),
)
BASIC = (
    _m("accept_condition", "受理条件", "conditions", lambda x: join(x["r"]["conditions"])),
    _m("anticipate_day", "法定办结时限", "legal_time_limit.value", lambda x: x["r"]["legal_time_limit"]["value"]),
    _m("anticipate_explain", "法定办结时限说明", "legal_time_limit.note", lambda x: x["r"]["legal_time_limit"].get("note")),
    _m("anticipate_type", "法定办结时限单位", "legal_time_limit.unit", lambda x: N.DAY_TYPE[x["r"]["legal_time_limit"]["unit"]], True),
    _m("by_law", "设定依据", "legal_basis[].law + article", lambda x: law(x["r"]["legal_basis"])),
    _m("catalog_code", "基本编码", "basic_code", lambda x: x["r"]["basic_code"]),
    _m("dept_code", "实施主体编码", "department_credit_code", lambda x: x["r"]["department_credit_code"]),
    _m("dept_name", "实施主体", "department_name", lambda x: x["r"]["department_name"]),
    _m("dept_type", "实施主体性质", "department_nature", lambda x: N.DEPT_TYPE[x["r"]["department_nature"]], True),
    _m("entrust_name", "委托部门", "entrusted_body", lambda x: x["r"]["entrusted_body"]),
    _m("fee_basis", "收费依据", "fee.items[].basis", lambda x: join(list(dict.fromkeys(i["basis"] for i in get(x["r"], "fee", "items") or ())))),
    _m("handle_flow", "办理流程", "steps[].name（actor）（办理项自己的流程优先）", lambda x: flow(steps_of(x))),
    _m("handle_type", "办理形式", "locations / online.apply / online.express_delivery", lambda x: handle_type(x["r"]), True),
    _m("is_fee", "是否收费", "fee.charged", lambda x: coded(N.FLAG, get(x["r"], "fee", "charged"))),
    _m("limit_scene_num", "到办事现场次数", "onsite_visits", lambda x: x["r"]["onsite_visits"]),
    _m("link_way", "咨询方式", "consult.phone；consult.note", lambda x: contact(x["r"]["consult"])),
    _m("power_source", "权力来源", "power_source", lambda x: N.POWER_SOURCE[x["r"]["power_source"]], True),
    _m("project_type", "办件类型", "case_type；按情形时 case_situations（有承诺件即为承诺件）", lambda x: coded(N.PROJECT_TYPE, exchanged_case_type(x["r"]))),
    _m("promise_day", "承诺办结时限", "promised_time_limit.value", lambda x: get(x["r"], "promised_time_limit", "value")),
    _m("promise_explain", "承诺办结时限说明", "promised_time_limit.note；time_limit_note（都没有时为“无”）", lambda x: promise_explain(x["r"])),
    _m("promise_type", "承诺办结时限单位", "promised_time_limit.unit", lambda x: coded(N.DAY_TYPE, get(x["r"], "promised_time_limit", "unit")), True),
    _m("server_type", "服务对象", "service_objects", lambda x: ",".join(N.SERVER_TYPE[s] for s in x["r"]["service_objects"])),
    _m(
        "special_procedure",
        "特别程序",
        "special_procedures[].name（time_limit）（没有时为“无”）",
        lambda x: or_none(join([f"{p['name']}（{p['time_limit']}）" for p in x["r"]["special_procedures"]])),
    ),
    _m("supervise_way", "监督投诉方式", "complaint.phone；complaint.note", lambda x: contact(x["r"]["complaint"])),
    _m("task_name", "事项名称", "name", lambda x: x["r"]["name"]),
    _m("task_state", "事项状态", "status", lambda x: N.TASK_STATE[x["r"]["status"]], True),
    _m("task_type", "事项类型", "item_type（基本编码第 3-4 位）", lambda x: x["r"]["basic_code"][2:4]),
    _m("transact_addr", "办理地点", "locations[].address 或 place_class（window）", lambda x: addresses(x["r"])),
    _m("transact_time", "办理时间", "locations[].hours（去重）", lambda x: hours(x["r"])),
    _m("use_level", "行使层级", "exercise_levels", lambda x: ",".join(N.USE_LEVEL[v] for v in x["r"]["exercise_levels"])),
)
EXTEND = (
    _m("extend_field", "扩展字段", "JSON：updated、办理项名称、locations、容缺后补、exempt_materials 等（见下文）", extend_field),
    _m("is_entry_center", "是否进驻政务大厅", "in_service_hall", lambda x: coded(N.FLAG, x["r"]["in_service_hall"])),
    _m("is_express", "是否支持物流快递", "online.express_delivery", lambda x: coded(N.FLAG, get(x["r"], "online", "express_delivery"))),
    _m("is_online", "是否网办", "online.apply", lambda x: coded(N.FLAG, get(x["r"], "online", "apply"))),
    _m("is_pay_online", "是否支持网上支付", "online.payment", lambda x: coded(N.FLAG, get(x["r"], "online", "payment"))),
    _m("is_schedule", "是否支持预约办理", "online.appointment", lambda x: coded(N.FLAG, get(x["r"], "online", "appointment"))),
    _m("limit_explain", "数量限制", "quantity_limit", lambda x: x["r"]["quantity_limit"]),
    _m("limit_scene_explain", "办理现场办理原因说明", "onsite_reason", lambda x: x["r"]["onsite_reason"]),
    _m("online_handle_depth", "网上办理深度", "online.depth（Ⅰ-Ⅳ 对应到 1-7 步）", lambda x: coded(N.ONLINE_DEPTH, get(x["r"], "online", "depth")), True),
    _m("online_handle_url", "网办地址", "apply_url", lambda x: x["r"]["apply_url"]),
    _m("other_dept", "联办机构", "joint_bodies", lambda x: join(x["r"]["joint_bodies"]) or None),
    _m("result_guid", "审批结果样本", "result.sample", lambda x: x["r"]["result"].get("sample")),
    _m("result_name", "审批结果名称", "result.name", lambda x: x["r"]["result"]["name"]),
    _m("result_type", "审批结果类型", "result.type", lambda x: N.RESULT_TYPE[x["r"]["result"]["type"]]),
    _m("service_type", "中介服务", "intermediary_services（全文在扩展字段）", lambda x: join(x["r"]["intermediary_services"])[:200] or None),
    _m("town_code", "乡镇街道代码", "region（9 位乡镇区划时）", lambda x: x["r"]["region"] if len(x["r"]["region"]) == 9 else None),
    _m("town_name", "乡镇街道名称", "region_name（乡镇时）", lambda x: x["r"]["region_name"] if len(x["r"]["region"]) == 9 else None),
)
MATERIAL = (
    _m("by_law", "要求提供材料的依据", "materials[].basis", lambda x: x["m"].get("basis")),
    _m("example_guid", "示例样表", "materials[].sample", lambda x: x["m"].get("sample")),
    _m("fill_explain", "填报须知", "materials[].fill_instructions", lambda x: x["m"].get("fill_instructions")),
    _m("form_guid", "空白表格", "materials[].blank_form", lambda x: x["m"].get("blank_form")),
    _m("is_need", "材料必要性", "materials[].necessity（容缺后补记为 1）", lambda x: N.IS_NEED.get(x["m"]["necessity"], "1"), True),
    _m("material_format", "材料形式", "materials[].form", lambda x: coded(N.MATERIAL_FORMAT, x["m"]["form"])),
    _m("material_name", "材料名称", "materials[].name", lambda x: x["m"]["name"]),
    _m("material_type", "材料类型", "materials[].kind", lambda x: coded(N.MATERIAL_TYPE, x["m"]["kind"])),
    _m("order_num", "排序", "materials 中的位置（从 1 起）", lambda x: x["i"]),
    _m("page_format", "纸质材料规格", "materials[].paper_size", lambda x: x["m"]["paper_size"]),
    _m("page_num", "纸质材料份数", "materials[].copies", lambda x: x["m"]["copies"]),
    _m("remark", "备注", "materials[].exempt（免提交：理由；共享来源）", lambda x: exempt_remark(x["m"])),
    _m("source_explain", "来源渠道说明", "materials[].source_note", lambda x: x["m"].get("source_note")),
    _m("source_type", "来源渠道", "materials[].source", lambda x: coded(N.SOURCE_TYPE, x["m"]["source"]), True),
)
FEE = (
    _m("by_law", "收费依据", "fee.items[].basis", lambda x: x["f"]["basis"]),
    _m("desc_explain", "允许减免依据", "fee.reducible", lambda x: x["r"]["fee"].get("reducible")),
    _m("fee_name", "收费项目名称", "fee.items[].name", lambda x: x["f"]["name"]),
    _m("fee_stand", "收费标准", "fee.items[].standard", lambda x: x["f"]["standard"]),
    _m("is_desc", "是否允许减免", "fee.reducible（有减免政策为 1）", lambda x: N.FLAG[bool(x["r"]["fee"].get("reducible"))], True),
    _m("order_num", "排序", "fee.items 中的位置（从 1 起）", lambda x: x["i"]),
)
QUESTIONS = (
    _m("answer", "答案", "faq[].a", lambda x: x["q"]["a"]),
    _m("order_num", "排序", "faq 中的位置（从 1 起）", lambda x: x["i"]),
    _m("question", "问题", "faq[].q", lambda x: x["q"]["q"]),
)
MAPPINGS: dict[str, tuple[Mapping, ...]] = {"basic": BASIC, "extend": EXTEND, "material": MATERIAL, "fee_project": FEE, "questions": QUESTIONS}


def exempt_remark(m: dict[str, Any]) -> str | None:
    ex = m.get("exempt")
    return f"免提交：{ex['reason']}；共享来源：{ex['source']}" if ex else None


@dataclass(frozen=True)
class Table:
    """One output table: its DDL columns and, for each, the mapping that fills it (None: no source, left empty)."""

    name: str
    columns: tuple[N.Column, ...]
    fills: tuple[Mapping | None, ...] = field(repr=False)

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]


def _table(name: str) -> Table:
    own = {m.column: m for m in (*COMMON, *MAPPINGS[part_of(name)])}
    return Table(name, COLUMNS[name], tuple(own.get(c.name) for c in COLUMNS[name]))


OUTPUT: dict[str, Table] = {name: _table(name) for name in COLUMNS}

# The columns the batch fills (national_batch.py), and how.
SYNC = {
    "cd_batch": ("批次号", "每次导出一个：导出时间 + 随机串"),
    "cd_operation": ("同步类型", "I 新增、U 修改、D 删除（--since 时按变化；全量导出为 I）"),
    "cd_time": ("同步时间", "导出时间（北京时间）"),
    "data_source": ("数据来源", "items/_national/settings.yaml"),
    "is_single_login": ("计算机端是否对接单点登录", "items/_national/settings.yaml"),
    "app_is_single_login": ("移动端是否对接单点登录", "items/_national/settings.yaml"),
    "row_guid": ("记录唯一标识", "UUIDv5（实施编码、表、办理项、位置）"),
    "task_guid": ("事项唯一标识", "UUIDv5（实施编码）"),
    "task_version": ("事项版本", "items/_national/versions.csv：解析后的记录每变化一次加 1"),
}


def documented(table: Table) -> tuple[Mapping, ...]:
    """Every column of a table with where its value comes from (the 开放数据 page and dictionary.json)."""
    out = []
    for col, fill in zip(table.columns, table.fills, strict=True):
        if fill is not None:
            out.append(fill)
        elif col.name in SYNC:
            out.append(Mapping(col.name, SYNC[col.name][0], SYNC[col.name][1], col.name in ("cd_operation",), lambda x: None))
        else:
            out.append(Mapping(col.name, "", "（无对应字段，为空）", False, lambda x: None))
    return tuple(out)


TABLES: dict[str, tuple[Mapping, ...]] = {name: documented(table) for name, table in OUTPUT.items()}


def cell(value: Any) -> str:
    return "" if value is None else str(value)


def _units(r: dict[str, Any]) -> Iterator[Row]:
    for h in r["handling_items"] or [None]:
        yield {"r": r, "h": h}


def _sub_rows(part: str, unit: Row) -> Iterator[Row]:
    r, h = unit["r"], unit["h"]
    if part in ("basic", "extend"):
        yield unit
    elif part == "material":
        for i, m in enumerate(materials_of(r, h), 1):
            yield {**unit, "m": m, "i": i}
    elif part == "fee_project":
        for i, f in enumerate(r["fee"]["items"] if get(r, "fee", "charged") else [], 1):
            yield {**unit, "f": f, "i": i}
    else:
        for i, q in enumerate(r["faq"], 1):
            yield {**unit, "q": q, "i": i}


def sub_key(part: str, row: Row) -> str:
    """What identifies a row inside its task: the handling item and the element's order."""
    return f"{part}:{row['h']['code'] if row['h'] else ''}:{row.get('i', 0)}"


def national_rows(record: dict[str, Any], batch: Batch, operation: str = "I", version: int | None = None) -> Iterator[tuple[str, list[str]]]:
    """(table, row) for every row a resolved record contributes; nothing for a type the tables we write do not hold."""
    family = family_of(record["basic_code"][2:4])
    task = record["implementation_code"]
    if family is None or task is None:
        return  # task_code is the exchange's key: a record whose guide states no 实施编码 (未公布) cannot be sent
    sync = {
        "cd_batch": batch.batch,
        "cd_operation": operation,
        "cd_time": batch.time,
        "data_source": batch.settings.get("data_source"),
        "is_single_login": batch.settings.get("is_single_login"),
        "app_is_single_login": batch.settings.get("app_is_single_login"),
        "task_guid": batch.task_guid(task),
        "task_version": version if version is not None else batch.versions.version(task, record),
    }
    for name, table in OUTPUT.items():
        if not name.startswith(f"up_task_{family}_"):
            continue
        part = part_of(name)
        for unit in _units(record):
            for row in _sub_rows(part, unit):
                values = {**sync, "row_guid": batch.row_guid(task, sub_key(part, row))}
                yield name, [cell(fill.value(row) if fill else values.get(col.name)) for col, fill in zip(table.columns, table.fills, strict=True)]


def mapping_markdown() -> str:
    """The mapping table for docs/national-export.md."""
    out = []
    for part, mappings in MAPPINGS.items():
        out += [f"### `up_task_*_{part}`", "", "| column | element | Banshi field | inferred |", "| --- | --- | --- | --- |"]
        out += [f"| `{m.column}` | {m.element} | {m.source} | {'inferred' if m.inferred else ''} |" for m in (*COMMON, *mappings)]
        out.append("")
    return "\n".join(out)
