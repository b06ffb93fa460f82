"""National exchange rows -> one implementation record (plain data in the model's shape), for `banshi import`.

A standard element (name, legal basis, time limit, conditions, materials, service objects, steps, result, remedies)
is left out when the row says what the directory item says (written the same way, model/national.py), so the record
inherits it; otherwise the record states it (and `banshi validate` asks for a variation where one is needed).
The facts the national columns cannot hold come back from extend_field (export/national.py writes them there);
rows from another system have no extend_field, and what is then missing is reported, never made up.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from generator.model import national as N
from generator.model.catalog import Catalog
from generator.model.codes import BASIC_CODE_RE, ITEM_TYPES
from generator.model.records import DirectoryItem, Material
from generator.validate.resolve import Resolver
from generator.workflow.import_differences import awaiting_approval
from generator.workflow.national_read import Cell

PAREN_RE = re.compile(r"^(.*)（([^（）]*)）$")


@dataclass
class Task:
    """The rows of one implementation code, by table part and handling item."""

    code: str
    basic: list[Cell] = field(default_factory=list)
    extend: dict[str, Cell] = field(default_factory=dict)  # handling item ("" none) -> row
    material: dict[str, list[Cell]] = field(default_factory=dict)
    fee_project: dict[str, list[Cell]] = field(default_factory=dict)
    questions: dict[str, list[Cell]] = field(default_factory=dict)

    @property
    def deleted(self) -> bool:
        return all(c.get("cd_operation") == N.OPERATION["删除"] for c in self.basic)


@dataclass
class Built:
    data: dict[str, Any] | None  # the record, None when it cannot be made
    notes: list[str] = field(default_factory=list)  # what could not be mapped (Chinese)
    errors: list[str] = field(default_factory=list)  # why the record is not written
    proposal: dict[str, Any] | None = None  # a directory item the catalog lacks


def group(rows: dict[str, list[Cell]]) -> dict[str, Task]:
    tasks: dict[str, Task] = {}
    for table, cells in rows.items():
        part = N.part_of(table)
        for c in cells:
            task = tasks.setdefault(c.get("task_code"), Task(c.get("task_code")))
            unit = c.get("task_handle_item")
            if part == "basic":
                task.basic.append(c)
            elif part == "extend":
                task.extend[unit] = c
            else:
                getattr(task, part).setdefault(unit, []).append(c)
    for task in tasks.values():
        for part in ("material", "fee_project", "questions"):
            for cells in getattr(task, part).values():
                cells.sort(key=lambda c: int(c.get("order_num")) if digits(c.get("order_num")) else 0)
    return tasks


def digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def split(text: str) -> list[str]:
    return [t for t in text.split(N.SEP) if t] if text and text != N.NONE_TEXT else []


def parse_law(text: str) -> list[dict[str, Any]]:
    out = []
    for part in split(text):
        law, _, article = part.partition("》 ")
        out.append({"law": law + "》", "article": article} if article else {"law": part})
    return out


def parse_paren(text: str, key: str, inner: str) -> list[dict[str, Any]]:
    out = []
    for part in split(text):
        m = PAREN_RE.match(part)
        out.append({key: m.group(1), inner: m.group(2)} if m else {key: part, inner: ""})
    return out


class Mapper:
    """Builds one record; collects what it could not map."""

    def __init__(self, catalog: Catalog, task: Task, where: Any) -> None:
        self.catalog, self.task, self.where = catalog, task, where
        self.out = Built(None)

    def note(self, cell: Cell, column: str, message: str) -> None:
        self.out.notes.append(f"{self.where(cell.table, cell.line)}：{column}：{message}")

    def error(self, cell: Cell, column: str, message: str) -> None:
        self.out.errors.append(f"{self.where(cell.table, cell.line)}：{column}：{message}")

    def code(self, codes: dict[str, str], cell: Cell, column: str, default: str | None = None) -> str | None:
        raw = cell.get(column)
        value = N.decode(codes, raw)
        if value is None and default is None:
            self.error(cell, column, f"代码「{raw}」不在代码表中（可用：{'、'.join(f'{v} {k}' for k, v in codes.items())}）")
        return value or default

    def stated_code(self, codes: dict[str, str], cell: Cell, column: str) -> str | None:
        """A code the row may leave empty: an empty cell is a field the guide does not state (未公布), not an error."""
        return self.code(codes, cell, column) if cell.get(column) else None

    def stated_number(self, cell: Cell, column: str) -> int | None:
        return self.number(cell, column) if cell.get(column) else None

    def number(self, cell: Cell, column: str) -> int | None:
        raw = cell.get(column)
        if digits(raw):
            return int(raw)
        self.error(cell, column, f"应为整数，实际是「{raw}」")
        return None


def material(m: Mapper, c: Cell, deferred: set[str], exempt: dict[str, dict[str, str]], window: frozenset[str] = frozenset()) -> dict[str, Any]:
    name = c.get("material_name")
    need = m.code({"必要": "1", "非必要": "0"}, c, "is_need", "必要")
    out: dict[str, Any] = {
        "name": name,
        "necessity": "容缺后补" if name in deferred else need,
        "kind": m.stated_code(N.MATERIAL_TYPE, c, "material_type"),
        "form": m.stated_code(N.MATERIAL_FORMAT, c, "material_format"),
        "copies": int(c.get("page_num")) if digits(c.get("page_num")) else None,
        "paper_size": c.get("page_format") or "A4",
        "source": m.stated_code(N.SOURCE_TYPE, c, "source_type"),
    }
    optional = {"source_note": "source_explain", "fill_instructions": "fill_explain", "basis": "by_law", "blank_form": "form_guid", "sample": "example_guid"}
    out |= {key: c.get(col) for key, col in optional.items() if c.get(col)}
    if name in window:  # 窗口提供 rides in extend_field (the exchange tables have no column for it)
        out["provided_at_window"] = True
    if c.get("remark") and name not in exempt:
        m.note(c, "remark", f"备注「{c.get('remark')[:40]}」在 Banshi 记录中没有对应字段，未导入")
    return out


def same_materials(mine: list[dict[str, Any]], standard: list[Material]) -> bool:
    try:
        return [Material.model_validate(x) for x in mine] == [s.model_copy(update={"exempt": None}) for s in standard]
    except ValidationError:
        return False


def build(catalog: Catalog, task: Task, where: Any) -> Built:
    m = Mapper(catalog, task, where)
    first = task.basic[0]
    units = [c.get("task_handle_item") for c in task.basic]
    ext_row = task.extend.get(units[0])
    extra: dict[str, Any] = {}
    if ext_row is not None and ext_row.get("extend_field"):
        try:
            loaded = json.loads(ext_row.get("extend_field"))
            extra = loaded if isinstance(loaded, dict) and loaded.get("banshi") == 1 else {}
        except ValueError:
            pass
        if not extra:
            m.note(ext_row, "extend_field", "扩展字段不是 Banshi 导出的内容，未导入")
    elif ext_row is None:
        why = "征收类上报表没有扩展信息表" if first.table.startswith("up_task_handle_") else "扩展信息表（up_task_*_extend）中没有本事项的行"
        m.error(first, "task_code", f"{why}：网上办理、进驻大厅、审批结果、办理地点等记录必填的内容无从得知，无法组成记录")
        return m.out
    basic_code = first.get("catalog_code")
    deps = [d for d in catalog.departments.values() if d.credit_code == first.get("dept_code")]
    if not deps:
        m.error(
            first,
            "dept_code",
            f"目录（items/_catalog/departments.yaml）中没有统一社会信用代码为 {first.get('dept_code')} 的部门（{first.get('dept_name')}）；请先添加该部门",
        )
    town = ext_row.get("town_code")
    if town and town not in catalog.regions:
        town_name = f"（{ext_row.get('town_name')}）" if ext_row.get("town_name") else ""
        m.error(ext_row, "town_code", f"目录（items/_catalog/regions.yaml）中没有区划 {town}{town_name}；请先添加该区划")
    if not BASIC_CODE_RE.match(basic_code):
        m.error(first, "catalog_code", f"基本编码「{basic_code}」应为 12 位数字")
        return m.out
    std = catalog.directory.get(basic_code)
    if std is None:
        m.out.proposal = proposal(m, task, basic_code)
        m.error(
            first,
            "catalog_code",
            f"基本目录中没有基本编码 {basic_code}（{first.get('task_name')}）；已写出基本目录事项的提议，审核后放入 items/_catalog/directory/ 再导入",
        )
    if m.out.errors or std is None or not deps:
        return m.out
    dep = next((d for d in deps if not town or d.region == town), deps[0])
    rec: dict[str, Any] = {"implementation_code": task.code, "basic_code": basic_code, "region": dep.region, "department": dep.id}
    rec["status"] = m.code(N.TASK_STATE, first, "task_state")
    rec["updated"] = extra.get("updated")
    if not rec["updated"]:
        m.note(first, "updated", "交换表没有“最近更新日期”：记录的 updated 取导入当天，请核实")
    power = m.code(N.POWER_SOURCE, first, "power_source") if "power_source" in first.values else extra.get("power_source")
    rec["power_source"] = power if power != "法定本级行使" else None  # the model's default
    rec["case_type"] = m.stated_code(N.PROJECT_TYPE, first, "project_type")
    explain = first.get("promise_explain")
    note = extra.get("time_limit_note")
    own_note = None if explain in ("", N.NONE_TEXT, note) else explain.removesuffix(N.SEP + note) if note else explain
    promised = {"value": m.stated_number(first, "promise_day"), "unit": m.stated_code(N.DAY_TYPE, first, "promise_type"), "note": own_note}
    rec["promised_time_limit"] = promised if first.get("promise_day") or first.get("promise_type") else None
    rec["time_limit_note"] = note
    rec["onsite_visits"] = m.stated_number(first, "limit_scene_num")
    rec["onsite_reason"] = ext_row.get("limit_scene_explain") or None
    depth_raw = ext_row.get("online_handle_depth")
    depth = N.decode(N.ONLINE_DEPTH, depth_raw)
    if depth is None and depth_raw:
        steps = max(int(s) for s in depth_raw.split(",") if s.isdigit()) if any(s.isdigit() for s in depth_raw.split(",")) else 1
        depth = "Ⅰ" if steps <= 1 else "Ⅱ" if steps <= 2 else "Ⅲ" if steps <= 4 else "Ⅳ"
        m.note(ext_row, "online_handle_depth", f"「{depth_raw}」不是 Banshi 导出的组合，按最高环节 {steps} 记为 {depth}，请核实")
    online_cells = ("online_handle_depth", "is_online", "is_pay_online", "is_express", "is_schedule")
    rec["online"] = (
        None
        if not any(ext_row.get(c) for c in online_cells)
        else {
            "depth": depth or "Ⅰ",
            "apply": ext_row.get("is_online") == "1",
            "payment": ext_row.get("is_pay_online") == "1",
            "express_delivery": ext_row.get("is_express") == "1",
            "appointment": ext_row.get("is_schedule") == "1",
            "appointment_url": extra.get("appointment_url"),
        }
    )
    rec["in_service_hall"] = ext_row.get("is_entry_center") == "1" if ext_row.get("is_entry_center") else None
    fees = task.fee_project.get(units[0], [])
    reducible = fees[0].get("desc_explain") if fees else None
    rec["fee"] = (
        {
            "charged": first.get("is_fee") == "1",
            "items": [{"name": f.get("fee_name"), "standard": f.get("fee_stand"), "basis": f.get("by_law")} for f in fees],
            "reducible": reducible or None,
        }
        if first.get("is_fee")
        else None
    )
    rec["locations"] = extra.get("locations") or locations(m, first)
    rec["consult"], rec["complaint"] = contact(first.get("link_way")), contact(first.get("supervise_way"))
    # what a published guide says beyond the old columns (docs/national-export.md): bodies, limits, refusal grounds
    rec["entrusted_body"] = first.get("entrust_name") or None
    rec["quantity_limit"] = ext_row.get("limit_explain") or None
    rec["joint_bodies"] = split(ext_row.get("other_dept"))
    rec["intermediary_services"] = extra.get("intermediary_services") or split(ext_row.get("service_type"))
    for key in ("accepting_body", "refusal_grounds", "stage_limits", "case_situations"):
        rec[key] = extra.get(key)
    if rec["case_situations"]:  # the exchange's one 办件类型 was derived from them (model/national.exchanged_case_type)
        rec["case_type"] = None
    # Standard elements: stated only where they differ from the directory item as this record reads it (its roles
    # named, the project's own legal bases added: docs/roles.md), which is what the export wrote.
    std = Resolver(catalog).at(basic_code, dep.region, dep.id) if dep.region in catalog.regions else std
    std_data = std.model_dump(mode="json")
    same = {
        "name": first.get("task_name") == std.name,
        "item_type": first.get("task_type") == ITEM_TYPES[std.item_type],
        "legal_basis": first.get("by_law") == N.law(std_data["legal_basis"]),
        "legal_time_limit": (first.get("anticipate_day"), first.get("anticipate_type"), first.get("anticipate_explain"))
        == (str(std.legal_time_limit.value), N.DAY_TYPE[std.legal_time_limit.unit], std.legal_time_limit.note or ""),
        "conditions": first.get("accept_condition") == N.join(std.conditions),
        "service_objects": first.get("server_type") == ",".join(N.SERVER_TYPE[s] for s in std.service_objects),
        "steps": first.get("handle_flow") == N.flow(std_data["steps"]),
        "result": (ext_row.get("result_type"), ext_row.get("result_name"), ext_row.get("result_guid"))
        == (N.RESULT_TYPE[std.result.type], std.result.name, std.result.sample or ""),
    }
    values = {
        "name": first.get("task_name"),
        "item_type": next((k for k, v in ITEM_TYPES.items() if v == first.get("task_type")), None),
        "legal_basis": parse_law(first.get("by_law")),
        "legal_time_limit": {
            "value": m.number(first, "anticipate_day"),
            "unit": m.code(N.DAY_TYPE, first, "anticipate_type"),
            "note": first.get("anticipate_explain") or None,
        },
        "conditions": split(first.get("accept_condition")),
        "service_objects": [N.decode(N.SERVER_TYPE, s) for s in first.get("server_type").split(",") if s],
        "steps": parse_paren(first.get("handle_flow"), "name", "actor"),
        "result": {"type": m.code(N.RESULT_TYPE, ext_row, "result_type"), "name": ext_row.get("result_name"), "sample": ext_row.get("result_guid") or None},
    }
    for key, equal in same.items():
        if not equal:
            rec[key] = values[key]
            m.note(first, key, "与基本目录不同，已写入记录，记为待批准的本地差异（批准后在 variations 中写明批准单位和文号）")
    exempt = {e["name"]: e for e in extra.get("exempt_materials", [])}
    deferred = set(extra.get("deferred", []))
    window = frozenset(extra.get("window_provided", []))
    per_unit = {u: [material(m, c, deferred, exempt, window) for c in task.material.get(u, [])] for u in units}
    own = per_unit[units[0]]
    conditions, alternatives = extra.get("material_conditions", {}), extra.get("material_alternatives", {})
    for mat in own:
        mat |= {k: v for k, v in (("condition", conditions.get(mat["name"])), ("alternatives", alternatives.get(mat["name"]))) if v}
    if not same_materials(own, std.materials):
        rec["materials"] = own
    rec["exempt_materials"] = list(exempt.values())
    rec["variations"] = extra.get("variations", [])
    rec["variations"] += awaiting_approval(rec, std)
    rec["special_procedures"] = extra.get("special_procedures") or parse_paren(first.get("special_procedure"), "name", "time_limit")
    if units[0]:
        rec["handling_items"] = handling_items(task, units, per_unit, rec, std_data, where)
    questions = [{"q": q.get("question"), "a": q.get("answer")} for q in task.questions.get(units[0], [])]
    rec["faq"] = questions[len(std.faq) :] if questions[: len(std.faq)] == [f.model_dump() for f in std.faq] else questions
    if extra.get("remedies") and extra["remedies"] != std.remedies:
        rec["remedies"] = extra["remedies"]
    keywords = extra.get("keywords", [])
    rec["keywords"] = keywords[len(std.keywords) :] if keywords[: len(std.keywords)] == list(std.keywords) else keywords
    rec["scheduled"] = extra.get("scheduled", [])
    m.out.data = rec
    return m.out


def handling_items(task: Task, units: list[str], per_unit: dict[str, Any], rec: dict[str, Any], std: dict[str, Any], where: Any) -> list[dict[str, Any]]:
    record_steps = N.flow(rec.get("steps") or std["steps"])
    out = []
    for cell in task.basic:
        unit = cell.get("task_handle_item")
        ext = task.extend.get(unit)
        try:
            own = json.loads(ext.get("extend_field")) if ext and ext.get("extend_field") else {}
        except ValueError:
            own = {}
        own = own if isinstance(own, dict) else {}
        h: dict[str, Any] = {"code": unit[-2:], "name": own.get("handling_item") or unit[-2:]}
        if unit != units[0] and per_unit[unit] != per_unit[units[0]]:
            h["materials"] = per_unit[unit]
        if cell.get("handle_flow") != record_steps:
            h["steps"] = own.get("steps") or parse_paren(cell.get("handle_flow"), "name", "actor")
        out.append(h)
    return out


def contact(text: str) -> dict[str, Any] | None:
    """A phone and a note from one cell; None for an empty cell (未公布); a cell with no phone is all note."""
    if not text:
        return None
    phone, _, note = text.partition(N.SEP)
    if not any(ch.isdigit() for ch in phone):  # exported from a contact with a note only
        return {"note": text}
    return {"phone": phone, "note": note or None}


def locations(m: Mapper, first: Cell) -> list[dict[str, Any]]:
    """Locations from transact_addr / transact_time when no extend_field carries them (rows from another system)."""
    hours = split(first.get("transact_time"))
    out = []
    for part in split(first.get("transact_addr")):
        match = PAREN_RE.match(part)
        address, window = (match.group(1), match.group(2)) if match else (part, None)
        out.append({"address": address, "window": window, "hours": hours[0] if len(hours) == 1 else first.get("transact_time")})
    m.note(first, "transact_addr", "办理地点名称、窗口电话不在交换表中，未导入")
    return out


def proposal(m: Mapper, task: Task, basic_code: str) -> dict[str, Any]:
    """A directory item made from the row's standard elements, for a person to review (never written into items/)."""
    first = task.basic[0]
    ext = task.extend.get(first.get("task_handle_item"))
    deferred: set[str] = set()
    data = {
        "basic_code": basic_code,
        "name": first.get("task_name"),
        "item_type": next((k for k, v in ITEM_TYPES.items() if v == first.get("task_type")), first.get("task_type")),
        "exercise_levels": [N.decode(N.USE_LEVEL, v) for v in first.get("use_level").split(",") if v],
        "legal_basis": parse_law(first.get("by_law")),
        "legal_time_limit": {"value": m.number(first, "anticipate_day"), "unit": N.decode(N.DAY_TYPE, first.get("anticipate_type"))},
        "conditions": split(first.get("accept_condition")),
        "materials": [material(m, c, deferred, {}) for c in task.material.get(first.get("task_handle_item"), [])],
        "service_objects": [N.decode(N.SERVER_TYPE, s) for s in first.get("server_type").split(",") if s],
        "steps": parse_paren(first.get("handle_flow"), "name", "actor"),
        "result": {"type": N.decode(N.RESULT_TYPE, ext.get("result_type")) if ext else None, "name": ext.get("result_name") if ext else None},
    }
    try:
        DirectoryItem.model_validate(data)
    except ValidationError as exc:
        data["_待补充"] = [f"{'.'.join(str(x) for x in e['loc'])}：{e['msg']}" for e in exc.errors()][:20]
    return data
