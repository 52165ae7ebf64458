"""Whole-process start-up of the CLI against `python -c "import rdflib"`, paired and interleaved.

Each case runs as its own process, alternating with the baseline; the ratio of each pair, its
median and its spread are printed as a Markdown table and written to benchmarks/results/startup.json.
The persistent store is built by one warm-up run before the timed pairs, as `clusterkg build` leaves it.

    python benchmarks/startup.py              # 7 pairs per case
    python benchmarks/startup.py --pairs 11
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from paired import compare_commands, describe_machine, markdown_table, ratio_cell, seconds, write_result  # noqa: E402

BASELINE = [sys.executable, "-c", "import rdflib"]
CLI = [sys.executable, "-m", "kg"]
CASES = {
    "clusterkg query exports-by-region -f csv": [*CLI, "query", "exports-by-region", "-f", "csv"],
    "clusterkg queries": [*CLI, "queries"],
    "clusterkg --help": [*CLI, "--help"],
}


def run(pairs: int, cases: dict[str, list[str]] = CASES) -> dict:
    """Every case against the baseline, the commands' store in a scratch folder."""
    with tempfile.TemporaryDirectory(prefix="clusterkg-startup-") as folder:
        env = {"CLUSTERKG_STORE": str(Path(folder) / "store"), "COLUMNS": "120"}
        return {name: compare_commands(BASELINE, argv, pairs, env) for name, argv in cases.items()}


def render(results: dict) -> str:
    rows = [[name, seconds(stats["candidate_median"]), seconds(stats["baseline_median"]), ratio_cell(stats),
             str(stats["pairs"])] for name, stats in results.items()]
    return markdown_table(["command", "median", "`import rdflib`", "ratio (spread)", "pairs"], rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=7, help="timed pairs per case (default 7, at least 5)")
    args = parser.parse_args(argv)
    if args.pairs < 5:
        parser.error("--pairs must be at least 5")
    results = run(args.pairs)
    path = write_result("startup", {"baseline": "python -c 'import rdflib'", "cases": results})
    print(render(results))
    print(f"\n{describe_machine(json.loads(path.read_text())['machine'])}")
    print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
