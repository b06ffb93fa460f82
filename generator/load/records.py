"""Load implementation records: parse on every core (fast C parser), validate against the model here.

Parsing is the costly part of validation, and files are independent: worker processes (generator/parallel.py)
return plain data; the model is built in this process. Positions for messages are only
computed for the files that need one (LazySource).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator.load.files import rel
from generator.load.pydantic_errors import findings_from_error
from generator.load.yaml_source import LazySource, SourceError, load_data
from generator.model.findings import Finding
from generator.model.records import ImplementationRecord
from generator.parallel import fork_map

PARALLEL_FROM = 1000  # below this many files a process pool costs more than it saves


@dataclass
class LoadedRecord:
    path: Path
    file: str
    record: ImplementationRecord | None = None
    source: LazySource | None = None
    findings: list[Finding] = field(default_factory=list)


Parsed = tuple[str, Any]


def _parse(path: Path) -> Parsed:
    try:
        return ("ok", load_data(path))
    except SourceError as exc:
        return ("source", [(e.line, e.column, e.message, e.hint) for e in exc.all()])
    except OSError as exc:
        return ("os", exc.strerror or str(exc))


def iter_parsed(paths: Sequence[Path], workers: int | None = None) -> Iterator[Parsed]:
    """Parsed files in order (generator/parallel.py: forked workers from PARALLEL_FROM files on)."""
    return fork_map(_parse, paths, min_items=PARALLEL_FROM, workers=workers)


def load_records(root: Path, paths: Iterable[Path], workers: int | None = None) -> list[LoadedRecord]:
    return list(iter_records(root, paths, workers))


def iter_records(root: Path, paths: Iterable[Path], workers: int | None = None) -> Iterator[LoadedRecord]:
    paths = list(paths)
    for path, (kind, value) in zip(paths, iter_parsed(paths, workers), strict=True):
        loaded = LoadedRecord(path=path, file=rel(path, root))
        if kind == "source":
            for line, column, message, hint in value:
                loaded.findings.append(Finding("error", loaded.file, line, column, "", "", message, hint))
        elif kind == "os":
            loaded.findings.append(Finding("error", loaded.file, 1, 1, "", "", f"无法读取文件：{value}", "检查文件是否存在、是否有读取权限"))
        else:
            source = LazySource(value, path)
            try:
                loaded.record = ImplementationRecord.model_validate(value)
                loaded.source = source
            except ValidationError as exc:
                loaded.findings.extend(findings_from_error(exc, ImplementationRecord, source, loaded.file))
        yield loaded
