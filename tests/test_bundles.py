"""一件事一次办 bundles (items/_catalog/bundles.yaml): each seeded mistake is found at its line and field, in Chinese.

The mini fixture implements 食品经营许可 (000104001000) in 开封市 and 龙亭区, 最低生活保障 (000502001000) in
兰考县 and its 堌阳镇; a bundle of both is valid in 兰考县 (the city's item serves it), not in 龙亭区.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.address.apply_link import ApplyLinks
from tests.support import make_project, validate_json

BUNDLES = "items/_catalog/bundles.yaml"
HEAD = "bundles:\n  - id: kaidian-dibao\n    name: 测试一件事\n    description: 说明\n    life_event: 社会救助\n"
CONTACT = '    contact: {phone: "12345"}\n'


def members(*rows: tuple[int | None, str]) -> str:
    out = "    members:\n"
    for order, code in rows:
        out += f'      - basic_code: "{code}"\n' + (f"        order: {order}\n" if order is not None else "")
    return out


VALID = HEAD + '    regions: ["410225"]\n' + members((1, "000104001000"), (2, "000502001000")) + CONTACT

# (id, bundles.yaml text, expected [(line, field, words in the message)])
CASES = [
    ("valid", VALID, []),
    (
        "unknown-code",
        HEAD + '    regions: ["410225"]\n' + members((1, "000104001000"), (2, "000999001000")) + CONTACT,
        [(10, "bundles[0].members[1].basic_code", "000999001000 不在基本目录中")],
    ),
    (
        "not-implemented-where-offered",
        HEAD + '    regions: ["410225", "410202"]\n' + members((1, "000104001000"), (2, "000502001000")) + CONTACT,
        [(10, "bundles[0].members[1].basic_code", "「最低生活保障」在 龙亭区（410202）没有实施记录")],
    ),
    (
        "duplicate-order",
        HEAD + '    regions: ["410225"]\n' + members((1, "000104001000"), (1, "000502001000")) + CONTACT,
        [(11, "bundles[0].members[1].order", "办理顺序 1 重复")],
    ),
    (
        "gap-in-order",
        HEAD + '    regions: ["410225"]\n' + members((1, "000104001000"), (3, "000502001000")) + CONTACT,
        [(7, "bundles[0].members", "缺少 2")],
    ),
    (
        "order-left-out",
        HEAD + '    regions: ["410225"]\n' + members((1, "000104001000"), (None, "000502001000")) + CONTACT,
        [(10, "bundles[0].members[1].order", "")],
    ),
    (
        "duplicate-member-and-unknown-region",
        HEAD + '    regions: ["410299"]\n' + members((1, "000104001000"), (2, "000104001000")) + CONTACT,
        [(6, "bundles[0].regions[0]", "区划 410299 不在 regions.yaml 中"), (10, "bundles[0].members[1].basic_code", "成员事项 000104001000 重复")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=i) for i, t, e in CASES])
def test_bundle_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: list[tuple[int, str, str]]) -> None:
    project = make_project(tmp_path)
    (project / BUNDLES).write_text(text, encoding="utf-8")
    code, report = validate_json(project, monkeypatch)
    found = [f for f in report["findings"] if f["file"] == BUNDLES]
    assert [(f["line"], f["field"]) for f in found] == [(line, field) for line, field, _ in expected], found
    for finding, (_, _, words) in zip(found, expected, strict=True):
        assert words in finding["message"], finding
        assert finding["severity"] == "error" and finding["hint"], finding
    assert code == (1 if expected else 0)


def test_record_links_follow_the_apply_rules() -> None:
    rules = ApplyLinks("https://www.hnzwfw.gov.cn/apply?code={implementation_code}", ("www.hnzwfw.gov.cn",))
    assert rules.allows("https://www.hnzwfw.gov.cn/yuyue?code=1")
    assert not rules.allows("http://www.hnzwfw.gov.cn/yuyue")  # not https
    assert not rules.allows("https://evil.example.com/yuyue")  # host not allowed
    assert not rules.allows("https://user:pw@www.hnzwfw.gov.cn/")  # credentials
