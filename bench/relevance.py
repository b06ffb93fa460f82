"""Per-kind top-3 relevance of both backends on the sample catalog.

    python -m bench.relevance [--suite dev|heldout|heldout2|all] [--failures]

Starts a private Meilisearch (the pinned binary), indexes the sample catalog's documents, builds the static index
in memory, and runs the suites of tests/relevance/ through generator.search.backends (the code `banshi search
--backend meili|static` and the page's logic share).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> None:
    from bench import relevance_harness as relevance
    from generator.search.backends import local_backends

    parser = argparse.ArgumentParser()
    parser.add_argument("--suite", choices=["dev", "heldout", "heldout2", "heldout3", "all"], default="dev")
    parser.add_argument("--failures", action="store_true")
    parser.add_argument("--verdicts", action="store_true", help="count each backend's match verdicts (exact/related/none) per suite")
    args = parser.parse_args()
    names = ["dev", "heldout", "heldout2", "heldout3"] if args.suite == "all" else [args.suite]
    with tempfile.TemporaryDirectory() as tmp, local_backends(REPO, Path(tmp)) as backends:
        columns = {}
        for name in names:
            cases = relevance.load_suite(name)
            for backend, search in backends.items():
                columns[f"{backend} {name}"] = relevance.evaluate(cases, search)
        print(relevance.markdown_table(columns))
        if args.verdicts:
            print("\n| suite | backend | queries for services it has: exact / related / none | for services it lacks: exact / related / none |")
            print("|---|---|---|---|")
            for name in names:
                for backend, search in backends.items():
                    counts = {True: dict.fromkeys(("exact", "related", "none"), 0), False: dict.fromkeys(("exact", "related", "none"), 0)}
                    for case in relevance.load_suite(name):
                        counts[case["kind"] != "absent"][search(case["q"], case.get("region")).match] += 1
                    print(f"| {name} | {backend} | " + " | ".join(" / ".join(str(c[v]) for v in ("exact", "related", "none")) for c in counts.values()) + " |")
        if args.failures:
            for column, outcomes in columns.items():
                print(f"\n{column} misses:")
                for line in relevance.failures(outcomes):
                    print("  " + line)


if __name__ == "__main__":
    main()
