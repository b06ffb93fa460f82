"""Security review findings on input: symlinks, YAML 1.1 surprises, impossible dates, Unicode digits,
invisible characters, length limits and GitHub annotation injection. Each case fails without its fix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.model.characters import describe
from generator.model.findings import Finding
from tests.support import FOOD_COUNTY, edit, line_of, make_project, run_cli, validate_json

FOOD_MATERIALS = ("食品经营许可申请书", "营业执照", "与食品经营相适应的主要设备设施布局、操作流程等文件")  # the directory's


def replaced_materials(line: int) -> list[tuple[str, int, str, str]]:
    """The record's one material 「表」 instead of the directory's three: each dropped one and the added one."""
    dropped = [(FOOD_COUNTY, line - 1, "materials", f"删去了基本目录中的申请材料「{name}」") for name in FOOD_MATERIALS]
    return [*dropped, (FOOD_COUNTY, line, "materials[0].name", "增加了基本目录以外的申请材料「表」")]


MATERIAL = "name: 表, necessity: 必要, kind: 原件, form: 纸质, source: 其他"
SYMLINK_HINT = "删除这个链接（git rm），把真实文件放到 items/ 下"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p")


def errors(report: dict) -> list[tuple[str, int, str, str]]:
    return sorted((f["file"], f["line"], f["field"], f["message"]) for f in report["findings"] if f["severity"] == "error")


def symlink_error(file: str, target: str, outside: bool = True) -> tuple[str, int, str, str]:
    where = "，指向仓库之外" if outside else ""
    return (file, 1, "", f"这是一个符号链接（指向「{target}」{where}）：Banshi 不读取、不发布符号链接")


# --- 1. symlinks are never followed -------------------------------------------------------------------------


def test_symlinks_anywhere_under_items_are_errors_and_never_read(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "outside-secret.yaml"
    secret.write_text("region: SECRET-REGION-VALUE\n", encoding="utf-8")
    os.symlink("/proc/self/environ", project / "items/_files/env.txt")
    os.symlink("../../.git/config", project / "items/_files/gitconfig.txt")
    os.symlink(secret, project / "items/410202/lt-scjgj/secret.yaml")
    os.symlink(tmp_path, project / "items/410202/linked-dir")
    os.symlink(secret, project / "items/_catalog/directory/999999999999.yaml")
    code, report = validate_json(project, monkeypatch)
    assert code == 1
    assert errors(report) == sorted(
        [
            symlink_error("items/410202/linked-dir", str(tmp_path)),
            symlink_error("items/410202/lt-scjgj/secret.yaml", str(secret)),
            symlink_error("items/_catalog/directory/999999999999.yaml", str(secret)),
            symlink_error("items/_files/env.txt", "/proc/self/environ"),
            symlink_error("items/_files/gitconfig.txt", "../../.git/config", outside=False),
        ]
    )
    assert all(f["hint"] == SYMLINK_HINT for f in report["findings"])
    code, out = run_cli(project, "validate", "items/410202/lt-scjgj/secret.yaml", monkeypatch=monkeypatch)
    assert code == 1 and "SECRET-REGION-VALUE" not in out and "items/410202/lt-scjgj/secret.yaml:1:1: 错误" in out


def test_symlinked_attachment_reference_and_unpublishable_files(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    os.symlink("/etc/passwd", project / "items/_files/forms/passwd.pdf")
    (project / "items/_files/page.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    edit(project, FOOD_COUNTY, "  charged: false", f"  charged: false\nmaterials:\n  - {{{MATERIAL}, blank_form: items/_files/forms/passwd.pdf}}")
    code, report = validate_json(project, monkeypatch)
    assert code == 1
    line = line_of(project, FOOD_COUNTY, "blank_form")
    assert errors(report) == sorted(
        [
            *replaced_materials(line),
            (FOOD_COUNTY, line, "materials[0].blank_form", "附件路径「items/_files/forms/passwd.pdf」指向仓库 items/_files/ 之外"),
            ("items/_files/forms/passwd.pdf", 1, "", "这是一个符号链接（指向「/etc/passwd」，指向仓库之外）：Banshi 不读取、不发布符号链接"),
            ("items/_files/page.html", 1, "", "附件类型「.html」不允许发布"),
        ]
    )


def test_symlink_inside_files_to_inside_file_is_refused_too(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    os.symlink("食品经营许可申请书.txt", project / "items/_files/forms/copy.txt")
    edit(project, FOOD_COUNTY, "  charged: false", f"  charged: false\nmaterials:\n  - {{{MATERIAL}, sample: items/_files/forms/copy.txt}}")
    code, report = validate_json(project, monkeypatch)
    assert code == 1
    line = line_of(project, FOOD_COUNTY, "sample:")
    assert errors(report) == sorted(
        [
            *replaced_materials(line),
            (FOOD_COUNTY, line, "materials[0].sample", "附件「items/_files/forms/copy.txt」是符号链接（或位于符号链接的目录中），不会发布"),
            symlink_error("items/_files/forms/copy.txt", "食品经营许可申请书.txt", outside=False),
        ]
    )


def test_fmt_never_writes_through_a_symlink(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("b: 1\na:   2\n", encoding="utf-8")
    os.symlink(outside, project / "items/410202/lt-scjgj/link.yaml")
    code, _ = run_cli(project, "fmt", monkeypatch=monkeypatch)
    assert code == 0
    assert outside.read_text(encoding="utf-8") == "b: 1\na:   2\n"


# --- 5. YAML 1.2 core semantics and dates -------------------------------------------------------------------

BAD_VALUES = [
    # (old text, new text, field, message)
    ("updated: 2026-10-12", "updated: 2026-02-30", "updated", "日期「2026-02-30」不存在（月份应为 01-12，日期不能超过当月天数）：请核对后填写，如 2026-09-30"),
    ("updated: 2026-10-12", "updated: 2026-13-45", "updated", "日期「2026-13-45」不存在（月份应为 01-12，日期不能超过当月天数）：请核对后填写，如 2026-09-30"),
    ("updated: 2026-10-12", "updated: 2026-9-3", "updated", "日期「2026-9-3」格式不对：应写成 年-月-日，如 2026-09-30"),
    ("onsite_visits: 1", "onsite_visits: 010", "onsite_visits", "到办事现场次数要填写十进制整数，这里是「010」"),
    ("onsite_visits: 1", "onsite_visits: 0_1", "onsite_visits", "到办事现场次数要填写十进制整数，这里是「0_1」"),
    ("onsite_visits: 1", "onsite_visits: 0x1", "onsite_visits", "到办事现场次数要填写十进制整数，这里是「0x1」"),
    ("onsite_visits: 1", "onsite_visits: 1:30", "onsite_visits", "到办事现场次数要填写十进制整数，这里是「1:30」"),
    ("in_service_hall: true", "in_service_hall: yes", "in_service_hall", "是否进驻政务服务大厅要填写 true（是）或 false（否），不能写「yes」"),
    ("in_service_hall: true", "in_service_hall: on", "in_service_hall", "是否进驻政务服务大厅要填写 true（是）或 false（否），不能写「on」"),
]


@pytest.mark.parametrize(("old", "new", "field", "message"), BAD_VALUES, ids=[case[1] for case in BAD_VALUES])
def test_yaml_12_values_and_dates_are_findings(project: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str, field: str, message: str) -> None:
    edit(project, FOOD_COUNTY, old, new)
    code, report = validate_json(project, monkeypatch)
    assert code == 1
    assert errors(report) == [(FOOD_COUNTY, line_of(project, FOOD_COUNTY, new), field, message)]


@pytest.mark.parametrize("command", [["validate"], ["check"], ["fmt", "--check"], ["build"], ["diff", "HEAD"]])
def test_impossible_date_never_crashes_a_command(project: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    edit(project, FOOD_COUNTY, "updated: 2026-10-12", "updated: 2026-02-30")
    if command[0] == "diff":
        for args in (["init", "-q"], ["add", "-A"], ["-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "x"]):
            assert os.system(f"cd '{project}' && git {' '.join(args)} >/dev/null") == 0
        edit(project, FOOD_COUNTY, "updated: 2026-02-30", "updated: 2026-13-45")
    code, out = run_cli(project, *command, monkeypatch=monkeypatch)
    assert code in (0, 1), out
    assert "Traceback" not in out and "内部错误" not in out


def test_quoted_date_and_leading_zero_code_are_read_as_written(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(project, FOOD_COUNTY, "updated: 2026-10-12", 'updated: "2026-09-30"')
    edit(project, FOOD_COUNTY, 'basic_code: "000104001000"', "basic_code: 000104001000")  # YAML 1.1: octal 4195840
    code, report = validate_json(project, monkeypatch)
    assert (code, report["findings"]) == (0, [])


def test_gbk_file_does_not_crash_fmt(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = project / FOOD_COUNTY
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk", errors="replace"))
    code, out = run_cli(project, "fmt", "--check", monkeypatch=monkeypatch)
    assert code == 1
    assert f"无法整理 {FOOD_COUNTY}: 文件不是有效的 UTF-8 编码" in out


# --- 7. ids are ASCII -----------------------------------------------------------------------------------------

FULL_WIDTH = [
    (
        "handling",
        "  charged: false",
        '  charged: false\nhandling_items:\n  - {code: "０１", name: 新办}',
        "handling_items[0].code",
        "业务办理项两位代码「０１」含全角数字「０」（全角输入法打出的）",
    ),
    ("region", 'region: "410202"', 'region: "٤١٠٢٠٢"', "region", "「٤١٠٢٠٢」格式不对（行政区划代码（6 位或乡镇 9 位））"),
    (
        "basic",
        'basic_code: "000104001000"',
        'basic_code: "０００１０４００１０００"',
        "basic_code",
        "基本编码「０００１０４００１０００」含全角数字「０」（全角输入法打出的）",
    ),
]


@pytest.mark.parametrize(("case", "old", "new", "field", "message"), FULL_WIDTH, ids=[c[0] for c in FULL_WIDTH])
def test_unicode_digits_in_ids_are_refused(project: Path, monkeypatch: pytest.MonkeyPatch, case: str, old: str, new: str, field: str, message: str) -> None:
    edit(project, FOOD_COUNTY, old, new)
    code, report = validate_json(project, monkeypatch)
    assert code == 1
    line = line_of(project, FOOD_COUNTY, new.splitlines()[-1].strip()[:12])
    assert (FOOD_COUNTY, line, field, message) in errors(report)


def test_department_id_and_code_helpers_are_ascii() -> None:
    from generator.model.codes import basic_code_problem

    assert basic_code_problem("０００１０４００１０００", None) == "基本编码应为 12 位数字"
    assert basic_code_problem("000104001000\n", None) == "基本编码应为 12 位数字"


# --- 9. invisible characters, phones, lengths ---------------------------------------------------------------

INVISIBLE = ["\u200f", "\u061c", "\u200b", "\u200d", "中\ufeff文", "\u2028", "\u0085", "\U000e0041", "\u00ad", "\ue000标记\ue001"]


@pytest.mark.parametrize("char", INVISIBLE, ids=[f"U+{ord(c[-1] if len(c) > 1 and c[0] == '中' else c[0]):04X}" for c in INVISIBLE])
def test_invisible_characters_are_refused(project: Path, monkeypatch: pytest.MonkeyPatch, char: str) -> None:
    edit(project, FOOD_COUNTY, "window: 综合受理窗口", f'window: "综合{char}受理窗口"'.replace("\u2028", "\\L").replace("\u0085", "\\N"))
    code, report = validate_json(project, monkeypatch)
    assert code == 1
    [finding] = report["findings"]
    invisible = next(c for c in char if c not in "中文标记")
    assert finding["field"] == "locations[0].window" and finding["message"].startswith("文本中含有看不见的")
    assert describe(invisible) in finding["message"], "the character is named, with its code point"


def test_phone_with_trailing_newline_is_refused(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(project, FOOD_COUNTY, "    phone: 0371-22331002", '    phone: "0371-22331002\\n"')
    _, report = validate_json(project, monkeypatch)
    assert errors(report) == [
        (FOOD_COUNTY, 22, "locations[0].phone", "电话号码写成「区号-号码」（如 0371-23456789），或 12345 等服务热线；只写一行半角数字和 -")
    ]


LIMITS = [
    ("name", "  charged: false", "  charged: false\nname: " + "长" * 101, "name", "事项名称过长：101 个字，上限 100 个字"),
    ("text", "window: 综合受理窗口", "window: " + "窗" * 501, "locations[0].window", "窗口过长：501 个字，上限 500 个字"),
    (
        "list",
        "  charged: false",
        "  charged: false\nkeywords: [" + ", ".join(f"k{i}" for i in range(201)) + "]",
        "keywords",
        "本地俗称、搜索关键词过多：201 项，上限 200 项",
    ),
    ("newline in name", "  charged: false", '  charged: false\nname: "食品\\n经营"', "name", "这一项只能写一行：请删除其中的换行"),
]


@pytest.mark.parametrize(("case", "old", "new", "field", "message"), LIMITS, ids=[c[0] for c in LIMITS])
def test_length_limits_say_the_limit(project: Path, monkeypatch: pytest.MonkeyPatch, case: str, old: str, new: str, field: str, message: str) -> None:
    edit(project, FOOD_COUNTY, old, new)
    code, report = validate_json(project, monkeypatch)
    assert code == 1
    assert errors(report) == [(FOOD_COUNTY, line_of(project, FOOD_COUNTY, new.splitlines()[-1][:12]), field, message)]


# --- 10. GitHub annotations --------------------------------------------------------------------------------


def test_github_annotation_escapes_like_actions_core() -> None:
    finding = Finding("error", "items/x\n::error file=README.md,line=1::forged\r.yaml", 3, 1, "f", "受理方式: a,b", "50% 不对\n第二行", "改")
    line = finding.as_github()
    assert "\n" not in line and "\r" not in line
    assert line == (
        "::error file=items/x%0A%3A%3Aerror file=README.md%2Cline=1%3A%3Aforged%0D.yaml,line=3,col=1,title=受理方式%3A a%2Cb"
        "::f: 50%25 不对%0A第二行 修改建议：改"
    )


def test_newline_in_file_name_injects_no_workflow_command(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = project / "items/410202/lt-scjgj" / "x\n::error file=README.md,line=1::伪造的错误注释\n.yaml"
    bad.write_text("foo: 1\n", encoding="utf-8")
    code, out = run_cli(project, "validate", "--format", "github", monkeypatch=monkeypatch)
    assert code == 1
    assert [line for line in out.splitlines() if line.startswith("::")] == out.splitlines()
    assert not any(line.startswith("::error file=README.md") for line in out.splitlines())
