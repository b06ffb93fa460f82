"""schema.org GovernmentService JSON-LD for an item page.

The context is inline (`@vocab` schema.org; `dayOfWeek` values are schema.org terms), so a JSON-LD processor
expands it without fetching anything. A place's hours are given as text (`openingHours`) and, where hours.parse
understands the whole text, as `openingHoursSpecification`. An item not in use (暂停, 取消) is marked by
`hoursAvailable`: closed every day, with the status in words.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from generator.export.hours import WEEK, parse
from generator.model.item import Item

CONTEXT = {"@vocab": "https://schema.org/", "dayOfWeek": {"@type": "@vocab"}}
RESULT_TYPES = {"证照": "GovernmentPermit", "批文": "CreativeWork", "其他": "Thing"}
NOT_IN_USE = {"暂停": "本事项目前暂停办理，暂不受理申请", "取消": "本事项已取消，不再受理申请"}


def identifier(name: str, value: str) -> dict[str, str]:
    return {"@type": "PropertyValue", "propertyID": name, "value": value}


def opening_hours(text: str) -> list[dict[str, Any]] | None:
    """OpeningHoursSpecification for each weekly span of an hours text; None when the text is not understood."""
    spans = parse(text)
    if spans is None:
        return None
    out = []
    for span in spans:
        spec: dict[str, Any] = {"@type": "OpeningHoursSpecification", "dayOfWeek": list(span.days), "opens": span.opens, "closes": span.closes}
        if span.note:
            spec["description"] = span.note
        out.append(spec)
    return out


def not_in_use(status: str) -> dict[str, Any] | None:
    """The service closed every day, for a paused or withdrawn item (the page says the same)."""
    if status not in NOT_IN_USE:
        return None
    return {"@type": "OpeningHoursSpecification", "dayOfWeek": list(WEEK), "opens": "00:00", "closes": "00:00", "description": NOT_IN_USE[status]}


def organization(name: str, credit_code: str | None = None) -> dict[str, Any]:
    org: dict[str, Any] = {"@type": "GovernmentOrganization", "name": name}
    if credit_code:
        org["identifier"] = identifier("统一社会信用代码", credit_code)
    return org


def provider(item: Item) -> dict[str, Any]:
    """The deciding body (实施主体); the body that takes applications, an entrusted body and joint bodies as its
    departments, as a guide names them (schema.org has no closer terms)."""
    rec, dep = item.record, item.department
    out = organization(dep.name, dep.credit_code)
    others = [("受理机构", rec.accepting_body), ("受委托机构", rec.entrusted_body), *(("联办机构", b) for b in rec.joint_bodies)]
    departments = [{**organization(name), "description": role} for role, name in others if name]
    if departments:
        out["department"] = departments
    return out


def government_service(item: Item, page_url: str, apply_url: str | None, region_path: list[str]) -> dict[str, Any]:
    rec, dep = item.record, item.department
    channels: list[dict[str, Any]] = []
    if apply_url:
        channels.append({"@type": "ServiceChannel", "name": "在线办理", "serviceUrl": apply_url, "availableLanguage": "zh-CN"})
    if rec.consult and rec.consult.phone:
        channels.append(
            {"@type": "ServiceChannel", "name": "咨询电话", "servicePhone": {"@type": "ContactPoint", "telephone": rec.consult.phone, "contactType": "咨询"}}
        )
    for loc in rec.locations:
        # what a guide does not state (address, hours: 未公布) is left out, never filled in
        place: dict[str, Any] = {"@type": "CivicStructure", "name": loc.name or loc.place_class or dep.name}
        if loc.place_class:
            place["description"] = f"办理场所：{loc.place_class}"
        if loc.address:
            place["address"] = {
                "@type": "PostalAddress",
                "streetAddress": loc.address + (f"（{loc.window}）" if loc.window else ""),
                "addressRegion": "".join(region_path),
                "addressCountry": "CN",
            }
        if loc.hours:
            place["openingHours"] = loc.hours
        structured = opening_hours(loc.hours) if loc.hours else None
        if structured:
            place["openingHoursSpecification"] = structured
        if loc.phone:
            place["telephone"] = loc.phone
        channel: dict[str, Any] = {"@type": "ServiceChannel", "name": "窗口办理", "serviceLocation": place}
        if loc.phone:
            channel["servicePhone"] = {"@type": "ContactPoint", "telephone": loc.phone}
        channels.append(channel)
    result = item.result
    service: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "GovernmentService",
        "@id": page_url + "#service",
        "url": page_url,
        "name": item.name,
        "identifier": [*([identifier("实施编码", rec.implementation_code)] if rec.implementation_code else []), identifier("基本编码", item.basic_code)],
        "serviceType": item.item_type,
        "provider": provider(item),
        "areaServed": {"@type": "AdministrativeArea", "name": item.region.name, "identifier": item.region.code},
        "audience": [{"@type": "Audience", "audienceType": name} for name in item.service_objects],
        "availableChannel": channels,
        "serviceOutput": {"@type": RESULT_TYPES[result.type], "name": result.name},
    }
    closed = not_in_use(rec.status)
    if closed:
        service["hoursAvailable"] = closed
    return service


def script(data: dict[str, Any]) -> Markup:
    """The JSON for a <script type="application/ld+json"> element: `<`, `>` and `&` escaped so no text ends it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
