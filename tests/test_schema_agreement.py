"""The editor and CI agree: every edit in tests/schema_corpus.yaml gets the same verdict from the JSON Schema
(what the VS Code YAML extension checks) and from `banshi validate`, and the verdict the corpus states."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.load.yaml_source import SourceError, parse_text
from tests.support import FOOD_COUNTY, REPO, edit, make_project, validate_json

CORPUS = yaml.safe_load((REPO / "tests" / "schema_corpus.yaml").read_text(encoding="utf-8"))
SCHEMA = json.loads((REPO / "schema" / "item.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


def schema_verdict(text: str) -> bool:
    try:
        data: Any = parse_text(text).data
    except SourceError:
        return False
    return VALIDATOR.is_valid(data)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("agreement") / "p")


def test_schema_and_validator_agree(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = (project / FOOD_COUNTY).read_text(encoding="utf-8")
    disagreements, wrong = [], []
    for old, new, expected in CORPUS:
        (project / FOOD_COUNTY).write_text(original, encoding="utf-8")
        edit(project, FOOD_COUNTY, old, new)
        text = (project / FOOD_COUNTY).read_text(encoding="utf-8")
        _, report = validate_json(project, monkeypatch, FOOD_COUNTY)
        by_validator = not any(f["severity"] == "error" for f in report["findings"])
        by_schema = schema_verdict(text)
        if by_validator != by_schema:
            disagreements.append((new, {"validate": by_validator, "schema": by_schema}, [f["message"] for f in report["findings"]]))
        elif by_validator != expected:
            wrong.append((new, expected, [f["message"] for f in report["findings"]]))
    (project / FOOD_COUNTY).write_text(original, encoding="utf-8")
    agreed = len(CORPUS) - len(disagreements)
    print(f"schema/validator agreement: {agreed}/{len(CORPUS)}")
    assert not disagreements, json.dumps(disagreements, ensure_ascii=False, indent=1)
    assert not wrong, json.dumps(wrong, ensure_ascii=False, indent=1)


def error_messages(node: Any) -> list[str]:
    if isinstance(node, dict):
        return ([node["errorMessage"]] if "errorMessage" in node else []) + [m for v in node.values() for m in error_messages(v)]
    if isinstance(node, list):
        return [m for v in node for m in error_messages(v)]
    return []


def test_the_schema_speaks_chinese() -> None:
    messages = error_messages(SCHEMA)
    assert len(messages) >= 12 and all(any("\u4e00" <= ch <= "\u9fff" for ch in m) for m in messages)


def test_vscode_maps_every_schema_to_its_files() -> None:
    from generator.workflow.schema_export import SCHEMAS

    mapping = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    assert {Path(k).name for k in mapping} == set(SCHEMAS)
    record = "items/410202/lt-scjgj/x.yaml"
    import fnmatch

    assert any(fnmatch.fnmatch(record, glob.replace("**/", "*/")) for glob in mapping["./schema/item.schema.json"])
    assert not any(fnmatch.fnmatch("items/_catalog/regions.yaml", glob.replace("**/", "*/")) for glob in mapping["./schema/item.schema.json"])
