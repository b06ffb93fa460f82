"""One implementation record resolved for reuse: inherited standard elements filled, codes, region, department, URLs.

The fields and their meaning come from the model (ImplementationRecord and its field descriptions); the few
fields the export adds are described once in ADDED. The data dictionary and the CSV columns derive from both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from generator.address.apply_link import ApplyLinks
from generator.address.links import DATA_FILE, page_url
from generator.address.paths import item_page
from generator.history.changes import History
from generator.model.catalog import Catalog
from generator.model.codes import division_tier
from generator.model.item import Item
from generator.model.records import ImplementationRecord

# Standard elements an implementation record inherits from its directory item when it leaves them out.
INHERITED = ("name", "item_type", "legal_basis", "legal_time_limit", "conditions", "materials", "service_objects", "steps", "result", "remedies")

# Fields the export adds to the record's own: name -> (description, JSON type).
ADDED: dict[str, tuple[str, str]] = {
    "level": ("行使层级（由实施编码第 19 位得出）：国家、省、市、县、乡、村", "string"),
    "tier": ("本站的区划层级：市、县、乡", "string"),
    "region_name": ("行政区划名称", "string"),
    "region_path": ("所属区划（从市到本级，以“/”分隔）", "string"),
    "department_name": ("实施主体名称", "string"),
    "department_credit_code": ("实施主体的统一社会信用代码", "string"),
    "department_nature": ("实施主体性质：法定机关、授权组织、受委托组织", "string"),
    "exercise_levels": ("基本目录规定的行使层级", "array"),
    "themes": ("主题（人生事件、企业事件），取自基本目录", "array"),
    "page_url": ("办事指南页面地址", "string"),
    "data_url": ("本事项 JSON 数据地址", "string"),
    "apply_url": ("在线办理地址；不提供在线申报时为空", "string"),
    "source_file": ("仓库中的记录文件", "string"),
    "last_changed": ("最近更新：记录在仓库历史中最后一次变更的日期（无历史时同 updated）", "string"),
}
ORDER_FIRST = ("implementation_code", "basic_code", "name", "item_type", "level", "tier", "region", "region_name", "region_path")


@dataclass(frozen=True)
class Context:
    """What resolving needs besides the item: the site's address, the apply-link template, the regions."""

    site_url: str
    apply: ApplyLinks
    catalog: Catalog
    standards: dict[int, tuple[Any, dict[str, Any]]] = field(default_factory=dict, compare=False)  # id -> (the object, kept alive; its dump)

    paths: dict[str, str] = field(default_factory=dict, compare=False)
    history: History | None = None

    def region_path(self, code: str) -> str:
        if code not in self.paths:
            self.paths[code] = "/".join(r.name for r in self.catalog.region_path(code))
        return self.paths[code]

    def standard(self, item: Item) -> dict[str, Any]:
        """The item's directory item, its roles named (docs/roles.md), as JSON data: dumped once per distinct
        resolution, which records of the same region and kind of office share."""
        key = id(item.standard)
        if key not in self.standards:
            self.standards[key] = (item.standard, item.standard.model_dump(mode="json"))
        return self.standards[key][1]

    def page(self, item: Item) -> str:
        return self.site_url.rstrip("/") + "/" + page_url(item_page(item))

    def data(self, item: Item) -> str:
        return self.page(item) + DATA_FILE

    def apply_url(self, item: Item) -> str | None:
        return self.apply.url_for(item) if item.applies_online else None


@cache
def field_names() -> tuple[str, ...]:
    """Every field of a resolved record, in the published order."""
    names = [*ORDER_FIRST]
    for name in [*ImplementationRecord.model_fields, *ADDED]:
        if name not in names:
            names.append(name)
    return tuple(names)


def resolve(item: Item, urls: Context) -> dict[str, Any]:
    """The resolved record as JSON-ready data (dates as ISO strings): one model dump per record; the directory
    item's dump is shared by all its implementations."""
    own = item.record.model_dump(mode="json", warnings=False)
    std = urls.standard(item)
    for name in INHERITED:
        if own.get(name) is None:
            own[name] = std[name]
    if item.record.exempt_materials:
        own["materials"] = [m.model_dump(mode="json") for m in item.materials]
    own["faq"] = [*std["faq"], *own["faq"]]
    own["keywords"] = [*std["keywords"], *own["keywords"]]
    region_path = urls.region_path(item.region.code)
    added = {
        "level": item.level,
        "tier": division_tier(item.region.code),
        "region_name": item.region.name,
        "region_path": region_path,
        "department_name": item.department.name,
        "department_credit_code": item.department.credit_code,
        "department_nature": item.department.nature,
        "exercise_levels": list(item.standard.exercise_levels),
        "themes": item.themes,
        "page_url": urls.page(item),
        "data_url": urls.data(item),
        "apply_url": urls.apply_url(item),
        "source_file": item.file,
        "last_changed": ((urls.history.last_change(item.code) if urls.history else None) or item.record.updated).isoformat(),
    }
    merged = {**own, **added}
    return {name: merged.get(name) for name in field_names()}
