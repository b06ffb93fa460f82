"""`banshi import`: the national exchange tables -> records under items/, written in the canonical YAML style.

Never overwrites a local edit silently: `items/_national/imported.csv` keeps, per file, a digest of the text the last import
wrote. A file is replaced only when it is unchanged since then (or already equal to the incoming text); otherwise the
incoming record goes to `items/_national/conflicts/` and the report says so. A record the catalog cannot hold yet (unknown
department or region, a basic code the directory lacks) is not written; for a missing directory item a proposal goes
to `items/_national/proposals/`. Running the same import again changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString as Q

from generator.load.pydantic_errors import explain_error
from generator.load.yaml_source import SourceError, data_from_text
from generator.model.findings import Finding
from generator.model.national import FOLDER
from generator.model.records import DirectoryItem, ImplementationRecord
from generator.validate.catalog_rules import load_catalog
from generator.workflow.fmt import make_yaml, reorder
from generator.workflow.national_read import read_tables
from generator.workflow.national_records import build, group
from generator.workflow.scaffold import SCHEMA_COMMENT

LEDGER = FOLDER / "imported.csv"
CONFLICTS = FOLDER / "conflicts"
PROPOSALS = FOLDER / "proposals"
QUOTED = ("implementation_code", "basic_code", "region", "code", "phone")


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    proposals: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.conflicts)


def clean(value: Any, key: str = "") -> Any:
    """Drop None and empty lists; quote codes and phones; ISO dates become dates."""
    if isinstance(value, dict):
        return CommentedMap((k, clean(v, k)) for k, v in value.items() if v is not None and v != [])
    if isinstance(value, list):
        return CommentedSeq(clean(v, key) for v in value)
    if key in ("updated", "effective") and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if key in QUOTED and isinstance(value, str):
        return Q(value)
    return value


def render(data: dict[str, Any], model: type[BaseModel] = ImplementationRecord) -> str:
    """The canonical text of `banshi fmt` (keys in the model's order), dumped once (tests check fmt leaves it as is)."""
    tree = clean(data)
    reorder(tree, model)
    out = io.StringIO()
    make_yaml().dump(tree, out)
    head = SCHEMA_COMMENT + "\n" if model is ImplementationRecord else ""
    return head + out.getvalue().rstrip("\n") + "\n"


def check(text: str) -> list[str]:
    """Why the written text would not load as a record (Chinese), or nothing."""
    try:
        ImplementationRecord.model_validate(data_from_text(text))
    except SourceError as exc:
        return [exc.message]
    except ValidationError as exc:
        return explain_error(exc, ImplementationRecord)[:10]
    return []


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def read_ledger(root: Path) -> dict[str, str]:
    path = root / LEDGER
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["path"]: row["digest"] for row in csv.DictReader(fh)}


def write_ledger(root: Path, ledger: dict[str, str]) -> None:
    path = root / LEDGER
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["path", "digest"])
        writer.writerows(sorted(ledger.items()))


def existing_records(root: Path) -> dict[str, str]:
    """Implementation code -> repository path of the record files there are now."""
    return {p.stem: p.relative_to(root).as_posix() for p in (root / "items").glob("*/*/*.yaml")}


class Writer:
    """Applies one record's outcome to the tree (or, in a dry run, only reports it)."""

    def __init__(self, root: Path, dry_run: bool, report: ImportReport) -> None:
        self.root, self.dry_run, self.report = root, dry_run, report
        self.ledger = read_ledger(root)
        self.existing = existing_records(root)

    def _local_edit(self, rel: str, current: str) -> bool:
        return self.ledger.get(rel) != digest(current)

    def _put(self, rel: Path, text: str) -> None:
        if not self.dry_run:
            path = self.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")

    def conflict(self, code: str, rel: str, text: str, why: str) -> None:
        target = CONFLICTS / f"{code}.yaml"
        self._put(target, text)
        self.report.conflicts.append(f"{rel}：{why}，未覆盖；导入的内容写在 {target.as_posix()}，请对比后手工合并")

    def record(self, code: str, rel: str, text: str) -> None:
        old_rel = self.existing.get(code)
        if old_rel is not None and old_rel != rel:
            self.conflict(code, old_rel, text, f"本事项在仓库中的位置与导入的区划/部门（{rel}）不同")
            return
        path = self.root / rel
        if not path.exists():
            self._put(Path(rel), text)
            self.report.added.append(rel)
        else:
            current = path.read_text(encoding="utf-8")
            if current == text:
                self.report.unchanged += 1
            elif self._local_edit(rel, current):
                self.conflict(code, rel, text, "本地已修改（与上次导入写入的内容不同）")
                return
            else:
                self._put(Path(rel), text)
                self.report.updated.append(rel)
        self.ledger[rel] = digest(text)

    def delete(self, code: str) -> None:
        rel = self.existing.get(code)
        if rel is None:
            return
        current = (self.root / rel).read_text(encoding="utf-8")
        if self._local_edit(rel, current):
            self.report.conflicts.append(f"{rel}：交换表要求删除（cd_operation D），但本地已修改，未删除；确认后请手工删除")
            return
        if not self.dry_run:
            (self.root / rel).unlink()
        self.ledger.pop(rel, None)
        self.report.deleted.append(rel)

    def proposal(self, data: dict[str, Any]) -> None:
        rel = PROPOSALS / f"{data['basic_code']}.yaml"
        todo = data.pop("_待补充", None)
        text = render(data, DirectoryItem)
        if todo:
            text = "".join(f"# 待补充：{t}\n" for t in todo) + text
        self._put(rel, text)
        self.report.proposals.append(rel.as_posix())

    def finish(self) -> None:
        if not self.dry_run:
            write_ledger(self.root, self.ledger)


def ignored_notes(ignored: dict[tuple[str, str], list[int]], where: Any) -> Iterator[str]:
    for (table, column), lines in sorted(ignored.items()):
        if lines:
            shown = "、".join(str(n) for n in lines[:5]) + ("……" if len(lines) > 5 else "")
            yield f"{where(table, lines[0])}：{column}：Banshi 记录中没有对应字段，未导入（第 {shown} 行，共 {len(lines)} 行有值）"


def import_tables(root: Path, source: Path, dry_run: bool = False, today: dt.date | None = None) -> ImportReport:
    """Read the tables at source and write the records under root/items (ReadError: the input cannot be read)."""
    tables = read_tables(source)
    report = ImportReport(errors=list(tables.errors))
    findings: list[Finding] = []
    catalog = load_catalog(root, findings)
    writer = Writer(root, dry_run, report)
    report.notes.extend(ignored_notes(tables.ignored, tables.where))
    for code, task in sorted(group(tables.rows).items()):
        if code in tables.bad_codes:
            continue
        if not task.basic:
            report.errors.append(f"{tables.source}：实施编码 {code} 只有材料/收费/问答等行，没有基本信息表的行，无法导入")
            continue
        if task.deleted:
            writer.delete(code)
            continue
        first = task.basic[0]
        try:
            built = build(catalog, task, tables.where)
            if built.proposal is not None:
                writer.proposal(built.proposal)
            if built.data is not None:
                built.data["updated"] = built.data["updated"] or (today or dt.date.today()).isoformat()
                text = render(built.data)
        except (ValueError, TypeError, KeyError, AttributeError):  # a hand-edited extend_field of the wrong shape
            report.errors.append(f"{tables.where(first.table, first.line)}：实施编码 {code} 的行（含 extend_field 扩展字段）内容不合格，无法组成记录，未导入")
            continue
        report.notes.extend(built.notes)
        report.errors.extend(built.errors)
        if built.data is None:
            continue
        problems = check(text)
        rel = f"items/{built.data['region']}/{built.data['department']}/{code}.yaml"
        if problems:
            report.errors.append(f"{tables.where(first.table, first.line)}：导入后的记录 {rel} 不合格，未写入：" + "；".join(problems))
            continue
        writer.record(code, rel, text)
    writer.finish()
    return report
