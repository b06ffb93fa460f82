"""CPU cost of the reuse outputs (companion tables, record schema, workbook, package) on a prepared bench project.

    python bench/open_data_cost.py --project /tmp/bench-out/n10000 [--rounds 2]

Loads and validates the project once, then runs the items export pass (items.json, items.csv, national tables;
no per-item index.json) without and with the reuse outputs, alternately, and prints CPU seconds (this process and
its forked workers) and wall seconds of each run. CPU is the steadier figure on a shared machine.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.address.apply_link import ApplyLinks
from generator.check.verdict import judge
from generator.export.datapackage import Publisher
from generator.export.national_batch import snapshot_batch
from generator.export.resolved import Context
from generator.export.reuse import write_package, write_reuse_files
from generator.export.streams import ItemsExport
from generator.export.writer import export_items
from generator.validate.loading import load_project

APPLY = "https://www.hnzwfw.gov.cn/apply?code={implementation_code}&region={region_code}"


def cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--project", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    result = judge(load_project(args.project))
    items = list(result.validation.items)
    ctx = Context("https://example.org/", ApplyLinks(APPLY, ("www.hnzwfw.gov.cn",)), result.validation.catalog)
    with tempfile.TemporaryDirectory(prefix="open-data-cost-") as tmp:
        out = Path(tmp) / "data"
        for _ in range(max(1, min(args.rounds, 10))):
            for reuse in (False, True):
                shutil.rmtree(out, ignore_errors=True)
                started_cpu, started = cpu(), time.perf_counter()
                export = ItemsExport(out, national=out / "national", batch=snapshot_batch(args.project, items), companions=reuse)
                export_items(items, ctx, export, None)
                if reuse:
                    files = {"items.json": export.count, "items.csv": export.count, **{f"{t}.csv": n for t, n in export.companion_rows.items()}}
                    write_reuse_files(out, files).result()
                    write_package(out, Publisher("bench", "https://example.org/"), files, {})
                label = "with reuse outputs" if reuse else "without"
                print(f"{len(items)} records, {label}: cpu {cpu() - started_cpu:.2f} s, wall {time.perf_counter() - started:.2f} s", flush=True)


if __name__ == "__main__":
    main()
