"""The JSON Schemas for records, generated from the typed model (never written by hand)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from generator.model.records import BundlesFile, DepartmentsFile, DirectoryItem, ImplementationRecord, LocalBasisFile, RegionsFile, SynonymsFile, ThemesFile

SCHEMAS: dict[str, type[BaseModel]] = {
    "item.schema.json": ImplementationRecord,
    "directory.schema.json": DirectoryItem,
    "regions.schema.json": RegionsFile,
    "departments.schema.json": DepartmentsFile,
    "themes.schema.json": ThemesFile,
    "synonyms.schema.json": SynonymsFile,
    "bundles.schema.json": BundlesFile,
    "local_basis.schema.json": LocalBasisFile,
}


def schema_text(model: type[BaseModel]) -> str:
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = out_dir / name
        path.write_text(schema_text(model), encoding="utf-8")
        written.append(path)
    return written


def stale_schemas(out_dir: Path) -> list[str]:
    """Schema files that differ from what the model generates."""
    return [name for name, model in SCHEMAS.items() if not (out_dir / name).is_file() or (out_dir / name).read_text(encoding="utf-8") != schema_text(model)]
