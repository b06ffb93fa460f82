"""One version of a record given as bytes (an old blob from git history): the size cap, the YAML refusals, the
record model (with the text rules of model/values.py) and the record rules, exactly as for a file in items/.

History quotes an old version only when this passes (docs/history.md). Two record rules read the working tree,
not the version, and are left out here: attachments (the file must exist now) and the `banshi new` placeholder
marks (read from the file on disk). Neither guards what history quotes: a link is quoted as text the model has
already checked, and a placeholder mark lives in a YAML comment, which is never data.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import BaseModel, ValidationError

from generator.load.pydantic_errors import findings_from_error
from generator.load.yaml_source import MAX_BYTES, Source, SourceError, parse_text
from generator.model.catalog import Catalog
from generator.model.records import DirectoryItem, ImplementationRecord
from generator.validate.context import RuleContext
from generator.validate.material_rules import rule_attachments
from generator.validate.placeholder_rules import rule_placeholders
from generator.validate.record_rules import RULES

WORKING_TREE_RULES = (rule_attachments, rule_placeholders)
TOO_LARGE = f"文件过大（上限 {MAX_BYTES // 1000} KB）"


@dataclass(frozen=True)
class Version:
    """A checked version: the model when every rule passed, else the first error (Chinese) and no model."""

    model: BaseModel | None
    problem: str = ""
    basic_code: str = ""  # known whenever the model was read, valid or not


def _parsed(raw: bytes | None, model: type[BaseModel], file: str) -> tuple[BaseModel | None, str, Source | None]:
    if raw is None:
        return None, TOO_LARGE, None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, "文件不是有效的 UTF-8 编码", None
    try:
        source = parse_text(text)
    except SourceError as exc:
        return None, f"第 {exc.line} 行：{exc.message}", None
    try:
        return model.model_validate(source.data), "", source
    except ValidationError as exc:
        first = findings_from_error(exc, model, source, file)
        where = f"第 {first[0].line} 行：" if first else ""
        return None, where + (first[0].message if first else "不符合记录格式"), source


def check_record_version(
    raw: bytes | None, file: str, root: Path, catalog: Catalog, directory_at: Callable[[str], DirectoryItem | None] = lambda code: None
) -> Version:
    """raw is None when the blob is over the size cap (it was never read). `directory_at(basic_code)` is the
    directory item as it was at that time, or None to check against the current catalog's."""
    record, problem, source = _parsed(raw, ImplementationRecord, file)
    if not isinstance(record, ImplementationRecord) or source is None:
        return Version(None, problem)
    then = directory_at(record.basic_code)
    if then is not None and then.basic_code == record.basic_code:
        catalog = replace(catalog, directory=ChainMap({then.basic_code: then}, catalog.directory))  # type: ignore[arg-type]
    ctx = RuleContext(record, source, file, root, catalog)
    for rule in RULES:
        if rule not in WORKING_TREE_RULES:
            rule(ctx)
    errors = [f for f in ctx.findings if f.severity == "error"]
    if errors:
        return Version(None, f"第 {errors[0].line} 行：{errors[0].message}", record.basic_code)
    return Version(record, "", record.basic_code)


def check_directory_version(raw: bytes | None, file: str) -> Version:
    """A directory item's old version: the size cap, the YAML refusals, the model, and its file name."""
    item, problem, _ = _parsed(raw, DirectoryItem, file)
    if not isinstance(item, DirectoryItem):
        return Version(None, problem)
    if file.rsplit("/", 1)[-1] != f"{item.basic_code}.yaml":
        return Version(None, f"文件名与基本编码 {item.basic_code} 不一致")
    return Version(item, "", item.basic_code)
