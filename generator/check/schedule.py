"""Scheduled changes whose 生效日期 has passed: the site already publishes them; the record should say so itself."""

from __future__ import annotations

from generator.check.base import CheckContext
from generator.model.schedule import build_date


def rule_due_schedules(ctx: CheckContext) -> None:
    today = build_date()
    for entry in ctx.entries:
        for i, change in enumerate((entry.written or entry.record).scheduled):
            if change.effective > today:
                continue
            fields = "、".join(change.set)
            ctx.add(
                "scheduled-due",
                "warning",
                entry,
                path=("scheduled", i, "effective"),
                field_name=f"scheduled[{i}].effective",
                section="基本信息",
                message=f"{change.effective} 生效的调整已经生效（网站已按新内容发布）：{fields}",
                hint="把 set 中的新内容写入记录正文相应字段，更新 updated，然后删除这条 scheduled",
            )
