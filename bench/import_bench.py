"""Time `banshi import` of the national exchange tables: a synthetic catalog (bench/synth.py) exported with
`banshi export --format national`, then imported into the same catalog without records.

    python bench/import_bench.py --records N [--format text|json]

Prints the rows read (all tables), the records written, wall and CPU seconds of the import alone, and rows/s.
About 8 table rows per record: --records 13000 gives a little over 100k rows.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
OUT = REPO / "bench" / "out"
SETTINGS = 'data_source: "410"\nis_single_login: "1"\napp_is_single_login: "0"\n'  # the bench's own statements


def prepare(records: int) -> tuple[Path, Path]:
    from bench.run import prepare as prepare_project
    from generator.model.national import FOLDER

    project = prepare_project(records)
    (project / FOLDER).mkdir(parents=True, exist_ok=True)
    (project / FOLDER / "settings.yaml").write_text(SETTINGS, encoding="utf-8")
    tables = OUT / f"national-n{records}"
    if not (tables / "up_task_general_basic.csv").is_file():
        command = [sys.executable, "-m", "generator.cli", "export", "--format", "national", "--out", str(tables)]
        subprocess.run(command, cwd=project, check=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    empty = OUT / f"import-n{records}"
    shutil.rmtree(empty, ignore_errors=True)
    shutil.copytree(project / "items" / "_catalog", empty / "items" / "_catalog")
    shutil.copytree(project / "items" / "_files", empty / "items" / "_files")
    shutil.copy(project / "mkdocs.yml", empty / "mkdocs.yml")
    return tables, empty


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=13000)
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args()
    from generator.workflow.national_import import import_tables

    tables, empty = prepare(args.records)
    rows = sum(sum(1 for _ in p.open(encoding="utf-8-sig")) - 1 for p in tables.glob("*.csv"))
    wall, cpu = time.perf_counter(), time.process_time()
    report = import_tables(empty, tables)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    result = {
        "rows": rows,
        "records_written": len(report.added),
        "errors": len(report.errors),
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "rows_per_s": round(rows / wall),
        "load_avg": os.getloadavg()[0],
    }
    print(json.dumps(result) if args.format == "json" else "\n".join(f"{k}: {v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
