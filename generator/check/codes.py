"""Codes across records: one implementation code per file, one code per implementing body and directory item.

(The level digit of a single code is a per-record rule: validate/region_rules.py.)
"""

from __future__ import annotations

from collections import defaultdict

from generator.check.base import CheckContext, Compared, Entry
from generator.model.item import record_key


def _report_group(ctx: CheckContext, kind: str, entries: list[Entry], message: str, hint: str) -> None:
    """One error per record of a group that must be a single record, each naming the others."""
    compared = [Compared(ctx.label(e), e.file, record_key(e.record, e.file)) for e in entries]
    for entry in entries:
        ctx.add(
            kind,
            "error",
            entry,
            path=("implementation_code",),
            field_name="implementation_code",
            section="事项编码",
            message=message,
            hint=hint,
            related=[e.file for e in entries if e is not entry],
            compared=compared,
        )


def rule_duplicates(ctx: CheckContext) -> None:
    by_code: dict[str, list[Entry]] = defaultdict(list)
    by_body: dict[tuple[str, str, str], list[Entry]] = defaultdict(list)
    for entry in ctx.entries:
        by_code[record_key(entry.record, entry.file)].append(entry)
        by_body[(entry.record.region, entry.record.department, entry.record.basic_code)].append(entry)
    for code, entries in sorted(by_code.items()):
        if len(entries) > 1:
            if any(e.record.implementation_code is None for e in entries):  # keyed by its file name (no 实施编码 stated)
                message = f"文件名 {code} 同时用作 {len(entries)} 个记录的网页地址"
                hint = "文件名就是网页地址，全部记录里只能用一次：把其中一个文件改名，如在前面加上区划名称的拼音"
            else:
                message, hint = f"实施编码 {code} 同时出现在 {len(entries)} 个文件中", "一个实施编码只能对应一个文件：删除或合并重复的记录"
            _report_group(ctx, "duplicate-code", entries, message, hint)
    for (_region, _dep, basic_code), entries in sorted(by_body.items()):
        codes = sorted({record_key(e.record, e.file) for e in entries})
        if len(codes) > 1:
            _report_group(
                ctx,
                "duplicate-implementation",
                entries,
                f"同一实施主体对基本编码 {basic_code} 有 {len(codes)} 个不同的实施编码：{'、'.join(codes)}",
                "同一主体实施同一事项只保留一条记录；不同办理情形请写在 handling_items 中",
            )
