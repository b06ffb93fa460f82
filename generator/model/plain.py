"""Plain-language labels beside the official terms (网上办理深度, 行使层级, 办件类型, 必要性): the one home of these words.

The item page, the bundle page, the printed checklist (as Jinja globals, render/pages.py) and the search page's
badges and filters (as JSON in the page, search.mjs) all read them from here. The official term always stays on the
page; the plain words stand beside it, so a citizen understands and a clerk still finds the term of the standard.

The depth wording follows the model's own definitions (records.Online.depth) and the validation rule that Ⅰ and Ⅱ
cannot take an application online (validate/visit_rules.py); nothing here promises more than those say.
"""

from __future__ import annotations

import json

#: What the page says (and the consistency table shows) where a guide does not state a field; the data leaves it out.
NOT_STATED = "未公布"
#: A declared difference from the directory with no approval reference yet: shown to reviewers, never blocking.
AWAITING_APPROVAL = "待批准"

# official term -> the question it answers, in a citizen's words
TERMS: dict[str, str] = {
    "网上办理深度": "网上能办到哪一步",
    "行使层级": "由哪一级办理",
    "办件类型": "能不能当场办结",
    "必要性": "是不是一定要带",
}

ONLINE_DEPTH: dict[str, str] = {
    "Ⅰ": "网上只能查看办事指南，申请要到现场",
    "Ⅱ": "网上可以下载表格或预约，申请要到现场",
    "Ⅲ": "网上可以提交申请、预审材料",
    "Ⅳ": "全程网上办理，不用到现场",
}

LEVEL: dict[str, str] = {
    "国家": "国家部门办理",
    "省": "省里的部门办理",
    "市": "市里的部门办理",
    "县": "县（区）里的部门办理",
    "乡": "乡镇（街道）办理",
    "村": "村（社区）办理",
}

CASE_TYPE: dict[str, str] = {
    "即办件": "材料齐全当场办结",
    "承诺件": "受理后在承诺时限内办结",
}

NECESSITY: dict[str, str] = {
    "必要": "必须提供",
    "非必要": "视情况提供，不是人人都要",
    "容缺后补": "暂时没有也可以先受理，之后补交",
}

# the values of each term, by the official term (what the search page reads)
VALUES: dict[str, dict[str, str]] = {
    "网上办理深度": ONLINE_DEPTH,
    "行使层级": LEVEL,
    "办件类型": CASE_TYPE,
    "必要性": NECESSITY,
}


def plain(term: str, value: str) -> str:
    """The plain words for one value of an official term; empty when there are none (the official value stands alone)."""
    return VALUES.get(term, {}).get(value, "")


def plain_json() -> str:
    """TERMS and VALUES for the search page (data-plain on #bs-search)."""
    return json.dumps({"terms": TERMS, "values": VALUES}, ensure_ascii=False, separators=(",", ":"))
