"""Standard elements (四级四同): every implementation states the directory's name, type, basis, limit,
conditions and materials, unless the record declares the variation; materials dropped only as 免提交."""

from __future__ import annotations

from generator.check.base import CheckContext, Compared, Entry, value_text
from generator.model.records import DirectoryItem, ImplementationRecord, Material

ELEMENTS = {
    "name": ("事项名称", "基本信息"),
    "item_type": ("事项类型", "基本信息"),
    "legal_basis": ("设定依据", "设定依据"),
    "legal_time_limit": ("法定办结时限", "办理时限"),
    "conditions": ("受理条件", "办理条件"),
}
MATERIAL_FIELDS = {
    "necessity": "必要性",
    "kind": "材料类型",
    "form": "材料形式",
    "copies": "份数",
    "paper_size": "纸张规格",
    "source": "来源渠道",
}
MAX_PEERS = 5


def differs(key: str, stated: object, std: DirectoryItem) -> bool:
    if stated is None:
        return False
    expected = getattr(std, key)
    if key == "name" and isinstance(stated, str) and stated.startswith(expected + "（") and stated.endswith("）"):
        return False  # a handling item may add a qualifier: 食品经营许可（新办）
    return stated != expected


def effective(rec: ImplementationRecord, std: DirectoryItem, key: str) -> object:
    stated = getattr(rec, key)
    return getattr(std, key) if stated is None else stated


def rule_standard_elements(ctx: CheckContext) -> None:
    for basic_code, entries in ctx.by_basic.items():
        std = ctx.catalog.directory.get(basic_code)
        if std is None:
            continue  # validate reports unknown basic codes
        std_file = ctx.directory_file(basic_code)
        for key, (label, section) in ELEMENTS.items():
            deviating = [e for e in entries if differs(key, getattr(e.record, key), std)]
            for entry in deviating:
                declared = next((v for v in entry.record.variations if v.field == key), None)
                mine = effective(entry.record, std, key)
                compared = [Compared("基本目录", std_file, value_text(key, getattr(std, key))), Compared(ctx.label(entry), entry.file, value_text(key, mine))]
                if declared is not None:
                    ctx.add(
                        "declared-variation",
                        "info",
                        entry,
                        path=(key,),
                        field_name=key,
                        section=section,
                        message=f"已声明的本地差异：{label}与基本目录不同（理由：{declared.reason}；批准：{declared.approved_by}）",
                        hint="无需修改；差异已声明，将在一致性核查页公开",
                        related=[std_file],
                        compared=compared,
                    )
                    continue
                peers = [p for p in deviating if p is not entry][:MAX_PEERS]
                same = [p for p in peers if effective(p.record, std, key) == mine]
                compared += [Compared(ctx.label(p), p.file, value_text(key, effective(p.record, std, key))) for p in peers]
                agree = len(entries) - len(deviating)
                message = f"{label}与基本目录不一致：{len(entries)} 条实施记录中 {agree} 条与基本目录一致"
                if len(deviating) > 1:
                    message += f"，{len(deviating)} 条不一致（其中 {len(same)} 条与本记录相同）"
                hint = (
                    "事项类型不能本地变更：删除 item_type 以沿用基本目录"
                    if key == "item_type"
                    else f"删除本字段以沿用基本目录；确需不同，在 variations 中声明 field: {key}、理由（reason）和批准单位（approved_by）"
                )
                ctx.add(
                    "standard-element",
                    "error",
                    entry,
                    path=(key,),
                    field_name=key,
                    section=section,
                    message=message,
                    hint=hint,
                    related=[std_file, *(p.file for p in peers)],
                    compared=compared,
                )
        for entry in entries:
            check_materials(ctx, entry, std, std_file)
            stale_variations(ctx, entry, std, std_file)


def stale_variations(ctx: CheckContext, entry: Entry, std: DirectoryItem, std_file: str) -> None:
    """A declared variation whose field now says what the directory says: the directory caught up, or the variation was undone."""
    rec = entry.record
    for i, variation in enumerate(rec.variations):
        stated = getattr(rec, variation.field)
        if stated is None:
            continue  # validate warns about a variation without the field
        same = stated == getattr(std, variation.field) if variation.field == "materials" else not differs(variation.field, stated, std)
        if not same:
            continue
        label = ELEMENTS.get(variation.field, ("申请材料", "申请材料"))[0]
        ctx.add(
            "stale-variation",
            "warning",
            entry,
            path=("variations", i, "field"),
            field_name=f"variations[{i}].field",
            section=ELEMENTS.get(variation.field, ("", "申请材料"))[1],
            message=f"声明了{label}的本地差异（{variation.approved_by}），但本记录的{label}与基本目录已经一致",
            hint=f"删除这条 variations 声明和记录中的 {variation.field} 字段，沿用基本目录",
            related=[std_file],
        )


def material_diff(std: list[Material], mine: list[Material]) -> tuple[list[str], list[tuple[int, str]], list[tuple[int, str, list[str]]]]:
    """Dropped names, added (index, name), changed (index, name, changed attribute labels)."""
    std_by_name = {m.name: m for m in std}
    mine_names = {m.name for m in mine}
    dropped = [m.name for m in std if m.name not in mine_names]
    added = [(i, m.name) for i, m in enumerate(mine) if m.name not in std_by_name]
    changed = []
    for i, m in enumerate(mine):
        base = std_by_name.get(m.name)
        if base is not None:
            attrs = [label for key, label in MATERIAL_FIELDS.items() if getattr(m, key) != getattr(base, key)]
            if attrs:
                changed.append((i, m.name, attrs))
    return dropped, added, changed


def check_materials(ctx: CheckContext, entry: Entry, std: DirectoryItem, std_file: str) -> None:
    rec = entry.record
    if rec.materials is None:
        return
    dropped, added, changed = material_diff(std.materials, rec.materials)
    if not (dropped or added or changed):
        return
    compared = [
        Compared("基本目录", std_file, value_text("materials", std.materials)),
        Compared(ctx.label(entry), entry.file, value_text("materials", rec.materials)),
    ]
    declared = next((v for v in rec.variations if v.field == "materials"), None)
    if declared is not None:
        parts = [f"删去「{n}」" for n in dropped] + [f"新增「{n}」" for _, n in added] + [f"「{n}」的{'、'.join(a)}不同" for _, n, a in changed]
        ctx.add(
            "declared-variation",
            "info",
            entry,
            path=("materials",),
            field_name="materials",
            section="申请材料",
            message=f"已声明的本地差异：申请材料{'，'.join(parts)}（理由：{declared.reason}；批准：{declared.approved_by}）",
            hint="无需修改；差异已声明，将在一致性核查页公开",
            related=[std_file],
            compared=compared,
        )
        return
    for name in dropped:
        ctx.add(
            "material-dropped",
            "error",
            entry,
            path=("materials",),
            field_name="materials",
            section="申请材料",
            message=f"删去了基本目录中的申请材料「{name}」",
            hint="地方只能以「免提交」方式减少材料：保留该材料（或删除 materials 沿用基本目录），并在 exempt_materials 中写明名称、理由和共享来源",
            related=[std_file],
            compared=compared,
        )
    for i, name in added:
        ctx.add(
            "material-added",
            "error",
            entry,
            path=("materials", i, "name"),
            field_name=f"materials[{i}].name",
            section="申请材料",
            message=f"增加了基本目录以外的申请材料「{name}」",
            hint="地方不能自行增加材料：删除该材料；确需增加，在 variations 中声明 field: materials、理由和批准单位",
            related=[std_file],
            compared=compared,
        )
    for i, name, attrs in changed:
        ctx.add(
            "standard-element",
            "error",
            entry,
            path=("materials", i),
            field_name=f"materials[{i}]",
            section="申请材料",
            message=f"申请材料「{name}」的{'、'.join(attrs)}与基本目录不一致",
            hint="与基本目录保持一致，或删除 materials 沿用基本目录；确需不同，在 variations 中声明 field: materials",
            related=[std_file],
            compared=compared,
        )
