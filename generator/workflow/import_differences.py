"""Differences an imported record states from the directory without a declaration: declared as awaiting approval.

A published guide, or another system's exchange rows, may say what the directory does not. `banshi import` writes the
record as the rows say, and declares each such standard element in `variations` with a reason and no approval, so
the record validates with a 待批准 warning (validate/variation_rules.py) instead of an error: the difference is never
a reason to refuse the import, nor to publish the directory's text instead of the office's.
"""

from __future__ import annotations

from typing import Any, get_args

from pydantic import ValidationError

from generator.model.elements import differs, material_diff
from generator.model.records import DirectoryItem, ImplementationRecord, Variation

#: The reason a difference the exchange rows carry without a declaration is recorded with: not an approval, so the
#: record is imported and the difference shows as 待批准 (validate/variation_rules.py) until an approver signs it.
IMPORTED_DIFFERENCE = "交换表中的内容与基本目录不同（导入时照录，待核实）"


def awaiting_approval(rec: dict[str, Any], std: DirectoryItem) -> list[dict[str, str]]:
    """A declaration, awaiting approval, of each standard element the imported record states differently from the
    directory without one (a difference is never a reason to refuse the import, nor to publish the directory's text)."""
    try:
        model = ImplementationRecord.model_validate({k: v for k, v in rec.items() if v is not None})  # None: not written
    except ValidationError:
        return []  # the import reports the record's problems itself
    declared = {v.get("field") for v in rec["variations"] if isinstance(v, dict)}
    out = []
    for key in get_args(Variation.model_fields["field"].annotation):
        stated = getattr(model, key)
        if key in declared or stated is None:
            continue
        if any(material_diff(std.materials, stated)) if key == "materials" else differs(key, stated, std):
            out.append({"field": key, "reason": IMPORTED_DIFFERENCE})
    return out
