"""Load implementation records: parse on every core (fast C parser), validate against the model here.

Parsing is the costly part of validation, and files are independent: worker processes (generator/parallel.py)
return plain data; the model is built in this process. Positions for messages are only
computed for the files that need one (LazySource). With a ParseCache (generator/load/parse_cache.py), a file whose
bytes were parsed before is read and hashed but not parsed again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from generator.load.files import rel
from generator.load.parse_cache import ParseCache, Parsed, digest
from generator.load.pydantic_errors import findings_from_error
from generator.load.yaml_source import LazySource, SourceError, data_from_text, load_data, read_regular, text_of
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
    digest: bytes | None = None  # of the file's bytes, when it was read through the parse cache


def _parse(path: Path) -> Parsed:
    try:
        return ("ok", load_data(path))
    except SourceError as exc:
        return _source_error(exc)
    except OSError as exc:
        return ("os", exc.strerror or str(exc))


def _source_error(exc: SourceError) -> Parsed:
    return ("source", [(e.line, e.column, e.message, e.hint) for e in exc.all()])


def _parse_bytes(raw: bytes) -> Parsed:
    try:
        return ("ok", data_from_text(text_of(raw)))
    except SourceError as exc:
        return _source_error(exc)


def _parse_unless_cached(cache: ParseCache, root: Path) -> Callable[[Path], tuple[bytes | None, Parsed | None]]:
    """For a worker: (digest of the file's bytes, their parse), or (digest, None) when the cache has that digest, or
    (None, parse) for a file that is not cached (one read_regular refuses, or that cannot be read)."""

    def parse(path: Path) -> tuple[bytes | None, Parsed | None]:
        try:
            raw = read_regular(path)
        except SourceError as exc:
            return None, _source_error(exc)
        except OSError as exc:
            return None, ("os", exc.strerror or str(exc))
        file_digest = digest(raw)
        if cache.lookup(rel(path, root), file_digest) is not None:
            return file_digest, None
        return file_digest, _parse_bytes(raw)

    return parse


def iter_parsed(
    paths: Sequence[Path], workers: int | None = None, cache: ParseCache | None = None, root: Path | None = None
) -> Iterator[tuple[bytes | None, Parsed]]:
    """(digest of the bytes, parse) of each file in order (generator/parallel.py: forked workers from PARALLEL_FROM
    files on); with a cache (and the root its files are relative to), files whose bytes it knows are not parsed
    again, and new parses go into it. Without a cache the digest is None."""
    if cache is None or root is None:
        yield from ((None, parsed) for parsed in fork_map(_parse, paths, min_items=PARALLEL_FROM, workers=workers))
        return
    results = fork_map(_parse_unless_cached(cache, root), paths, min_items=PARALLEL_FROM, workers=workers)
    for path, (file_digest, parsed) in zip(paths, results, strict=True):
        file = rel(path, root)
        if parsed is None:  # a worker found the digest in its (forked) copy of this cache
            known = cache.lookup(file, file_digest or b"")
            yield (file_digest, known) if known is not None else (None, _parse(path))
            continue
        if file_digest is not None:
            cache.lookup(file, file_digest)  # seen by this run, in the parent's copy
            cache.store(file, file_digest, parsed)
        yield file_digest, parsed


def load_records(root: Path, paths: Iterable[Path], workers: int | None = None) -> list[LoadedRecord]:
    return list(iter_records(root, paths, workers))


def iter_records(root: Path, paths: Iterable[Path], workers: int | None = None, cache: ParseCache | None = None) -> Iterator[LoadedRecord]:
    paths = list(paths)
    for path, (file_digest, (kind, value)) in zip(paths, iter_parsed(paths, workers, cache, root), strict=True):
        loaded = LoadedRecord(path=path, file=rel(path, root), digest=file_digest)
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
