"""Every class of malformed record is rejected with file, line, field and a Chinese fix; nothing crashes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import FOOD_COUNTY, edit, line_of, make_project, validate_json


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def only_error(report: dict, file: str) -> dict:
    """The one finding of the report: exactly one, an error, in `file` (a second finding fails the test)."""
    (finding,) = report["findings"]
    assert finding["severity"] == "error" and finding["file"] == file, finding
    return finding


def assert_chinese(finding: dict) -> None:
    for key in ("message", "hint"):
        assert any("\u4e00" <= ch <= "\u9fff" for ch in finding[key]), finding


def test_alias_bomb(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = "\n".join(["a0: &a0 [x, x, x, x, x, x, x, x, x]"] + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)])
    (project / FOOD_COUNTY).write_text(bomb + "\n", encoding="utf-8")
    code, report = validate_json(project, monkeypatch)
    finding = only_error(report, FOOD_COUNTY)
    assert code == 1
    assert "锚点和别名" in finding["message"]


def test_invalid_utf8(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = project / FOOD_COUNTY
    raw = path.read_bytes().replace("综合受理窗口".encode(), "综合受理窗口".encode("gbk"))
    path.write_bytes(raw)
    code, report = validate_json(project, monkeypatch)
    finding = only_error(report, FOOD_COUNTY)
    assert code == 1
    assert "UTF-8" in finding["message"]
    assert finding["line"] == line_of_bytes(raw, "综合受理窗口".encode("gbk"))


def line_of_bytes(raw: bytes, needle: bytes) -> int:
    return raw[: raw.index(needle)].count(b"\n") + 1


@pytest.mark.parametrize(
    "text",
    ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "点击 &lt;这里&gt;", "{{ config }}", "javascript:alert(1)"],
)
def test_markup_in_text_rejected(project: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    edit(project, FOOD_COUNTY, "window: 综合受理窗口", f"window: '{text}'")
    code, report = validate_json(project, monkeypatch)
    finding = only_error(report, FOOD_COUNTY)
    assert code == 1
    assert finding["field"] == "locations[0].window"
    assert finding["line"] == line_of(project, FOOD_COUNTY, "window:")
    assert_chinese(finding)


@pytest.mark.parametrize(
    ("link", "expect"),
    [
        ("javascript:alert(1)", "https"),
        ("data:text/html;base64,PHNjcmlwdD4=", "https"),
        ("http://www.kaifeng.gov.cn/map", "https"),
        ("https://user@evil.example/", "用户名"),
    ],
)
def test_unsafe_links_rejected(project: Path, monkeypatch: pytest.MonkeyPatch, link: str, expect: str) -> None:
    edit(project, FOOD_COUNTY, "window: 综合受理窗口", f"window: 综合受理窗口\n    map_url: '{link}'")
    code, report = validate_json(project, monkeypatch)
    finding = only_error(report, FOOD_COUNTY)
    assert code == 1 and finding["field"] == "locations[0].map_url"
    assert expect in finding["message"]


@pytest.mark.parametrize("path", ["items/_files/../../../etc/passwd", "/etc/passwd", "../secret.pdf", "items\\_files\\x.pdf"])
def test_attachment_leaving_repository(project: Path, monkeypatch: pytest.MonkeyPatch, path: str) -> None:
    directory = project / "items/_catalog/directory/000104001000.yaml"
    text = directory.read_text(encoding="utf-8").replace("blank_form: items/_files/forms/食品经营许可申请书.txt", f"blank_form: '{path}'")
    directory.write_text(text, encoding="utf-8")
    code, report = validate_json(project, monkeypatch)
    directory_file = "items/_catalog/directory/000104001000.yaml"
    own = [(f["file"], f["field"], f["line"]) for f in report["findings"] if f["file"] == directory_file]
    assert code == 1 and own == [(directory_file, "materials[0].blank_form", line_of(project, directory_file, "blank_form:"))]
    (finding,) = (f for f in report["findings"] if f["file"] == directory_file)
    assert "items/_files/" in finding["message"]
    # the records of the broken directory item wait for it, and the popular list no longer finds it: nothing else
    others = sorted((f["file"], f["field"]) for f in report["findings"] if f["file"] != directory_file)
    assert others == [
        ("items/410200/kf-scjgj/11410200MB0A11111W3000104001000.yaml", "basic_code"),
        ("items/410202/lt-scjgj/11410202MB0A22221F4000104001000.yaml", "basic_code"),
        ("items/_catalog/themes.yaml", "popular[0]"),
    ]


def test_file_over_one_megabyte(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = project / FOOD_COUNTY
    path.write_text(path.read_text(encoding="utf-8") + "#" + "x" * 1_100_000 + "\n", encoding="utf-8")
    code, report = validate_json(project, monkeypatch)
    assert code == 1
    assert "过大" in only_error(report, FOOD_COUNTY)["message"]


def test_bad_record_does_not_hide_good_ones(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / FOOD_COUNTY).write_bytes(b"\xff\xfe\x00garbage")
    code, report = validate_json(project, monkeypatch)
    assert code == 1
    assert report["records"] == 4
    assert {f["file"] for f in report["findings"]} == {FOOD_COUNTY}
