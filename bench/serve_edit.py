"""How long until a one-record edit is visible in `banshi serve` (live preview), on a synthetic catalog.

    python bench/serve_edit.py --records N [--edits K]

Starts `banshi serve` on a free port, waits for the first build, then K times rewrites one record's window
phone number and polls its page until the new number is served; prints each delay and the median.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.run import prepare  # noqa: E402
from generator.search.meili_process import free_port  # noqa: E402


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, needle: str, timeout: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if needle in fetch(url):
            return time.perf_counter() - started
        time.sleep(0.05)
    raise SystemExit(f"not visible after {timeout} s: {needle} at {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    project = prepare(args.records)
    record = sorted((project / "items").glob("4*/*/*.yaml"))[len(list((project / "items").glob("4*"))) // 2]
    region = record.parts[-3]
    url_path = f"items/{region}/{record.stem}/"
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    original = record.read_text(encoding="utf-8")
    try:
        base = f"http://127.0.0.1:{port}/"
        first = wait_for(base + url_path, record.stem, 1800)
        print(f"first build served after {first:.1f} s ({args.records} records)")
        delays = []
        for n in range(args.edits):
            phone = f"0371-6{n:03d}{int(time.time()) % 10000:04d}"
            text = original.replace("    phone: 0371-", f"    phone: {phone}\n    # was 0371-", 1)
            record.write_text(text, encoding="utf-8")
            delays.append(wait_for(base + url_path, phone, 600))
            print(f"  edit {n + 1}: visible after {delays[-1]:.2f} s")
        print(f"one-record edit visible: median {statistics.median(delays):.2f} s, max {max(delays):.2f} s")
    finally:
        record.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
