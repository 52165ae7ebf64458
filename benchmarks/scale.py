"""Scale run: generate a synthetic graph, load it into a persistent store, answer every question.

For one size (e.g. 10M triples = 16,400 clusters) each step runs as its own process, so that its
wall time and peak memory are its own: `clusterkg synth` (streaming to disk), loading the file
into a persistent Oxigraph store (as `clusterkg serve --input FILE --store oxigraph:DIR` does),
then each research question on the reopened store, in a process of its own stopped after
--timeout seconds (median of --repeats runs). Up to 1M triples
(or with --serve-pairs), `clusterkg serve` readiness on that file is timed in pairs against raw
pyoxigraph loading the same file, with the memory of the server's whole process tree once ready.
Results go to benchmarks/results/scale-LABEL.json (serve-ready-LABEL.json with --serve-only).

    python benchmarks/scale.py --clusters 16400 --label 10M --workdir /big/disk
    python benchmarks/scale.py --clusters 1640 --label 1M --serve-only --serve-pairs 7
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from paired import markdown_table, ratio_cell, seconds, summary, write_result  # noqa: E402

from kg.query import list_queries  # noqa: E402

PARAMS = {"region-profile": {"region": "Navoi"}}
QUERY_SCRIPT = """
import json, statistics, sys, time
from kg.query import find_query, run
from kg.store import load_file
graph = load_file(sys.argv[1], "oxigraph:" + sys.argv[2])
stored = find_query(sys.argv[3])
text = stored.text_with(json.loads(sys.argv[5]).get(stored.name))
times = []
for _ in range(int(sys.argv[4])):
    start = time.perf_counter()
    result = run(graph, text)
    rows = len(result.bindings) if result.type == "SELECT" else 1
    times.append(time.perf_counter() - start)
print(json.dumps({"seconds": statistics.median(times), "rows": rows}))
"""
LOAD_SCRIPT = "import sys; from kg.store import load_file; print(len(load_file(sys.argv[1], 'oxigraph:' + sys.argv[2])))"
RAW_LOAD = ("import sys, pyoxigraph as ox; store = ox.Store(); "
            "store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES); print(len(store))")


def time_until_ready(argv: list[str], ready: str) -> tuple[float, float]:
    """Wall seconds of one process until `ready` appears on its stderr, and the memory of its whole
    process tree then (MB, the sum of each process's proportional share: shared pages count once)."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in process.stderr:
        if ready in line:
            elapsed = time.perf_counter() - start
            memory = tree_pss_mb(process.pid)
            process.terminate()
            process.communicate()
            return elapsed, memory
    raise RuntimeError(f"{' '.join(argv[:5])} ended before it was ready")


def tree_pss_mb(pid: int) -> float:
    """Proportional set size of process `pid` and all its descendants, in MB."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1])
        for task in Path(f"/proc/{current}/task").iterdir():
            pending += [int(child) for child in (task / "children").read_text().split()]
    return total / 1024


def peak_of(argv: list[str], timeout: float | None = None) -> dict:
    """Run a process to its end; wall seconds, peak resident memory (MB) and its output.
    subprocess.TimeoutExpired (the process killed) after `timeout` seconds."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=errors)
        killer = threading.Timer(timeout, process.kill) if timeout else None
        if killer:
            killer.start()
        stdout = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if killer:
            killer.cancel()
        errors.seek(0)
        stderr = errors.read().decode()
    process.returncode = os.waitstatus_to_exitcode(status)
    if timeout and elapsed >= timeout and process.returncode == -signal.SIGKILL:
        raise subprocess.TimeoutExpired(argv, timeout)
    if process.returncode:
        raise RuntimeError(f"{' '.join(argv[:4])} failed: {stderr.strip()[-500:]}")
    return {"seconds": elapsed, "peak_mb": usage.ru_maxrss / 1024, "stdout": stdout.decode(), "stderr": stderr}


def disk_mb(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) / 1e6


def serve_ready_pairs(path: Path, pairs: int) -> dict:
    """Seconds until `clusterkg serve --input FILE` listens (Oxigraph in memory) vs raw pyoxigraph's
    load, and memory: the server's process tree when ready vs raw pyoxigraph's peak (MB, medians)."""
    serve = [sys.executable, "-m", "kg", "serve", "--input", str(path), "--store", "oxigraph", "--port", "0"]
    raw = [sys.executable, "-c", RAW_LOAD, str(path)]
    base, cand, base_mb, cand_mb = [], [], [], []
    for number in range(pairs):
        for side in ("raw", "serve") if number % 2 == 0 else ("serve", "raw"):
            if side == "raw":
                loaded = peak_of(raw)
                base.append(loaded["seconds"])
                base_mb.append(loaded["peak_mb"])
            else:
                seconds_taken, memory = time_until_ready(serve, "SPARQL endpoint at")
                cand.append(seconds_taken)
                cand_mb.append(memory)
    return {**summary(base, cand), "pyoxigraph_peak_mb": statistics.median(base_mb),
            "serve_tree_pss_mb": statistics.median(cand_mb)}


def serve_ready_line(ready: dict) -> str:
    return (f"serve ready ÷ raw pyoxigraph load: {ratio_cell(ready)}; memory when ready "
            f"{ready['serve_tree_pss_mb']:.0f} MB (all its processes) vs pyoxigraph's peak {ready['pyoxigraph_peak_mb']:.0f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clusters", type=int, required=True, help="synthetic clusters (~610 triples each)")
    parser.add_argument("--label", required=True, help="size label, e.g. 10M")
    parser.add_argument("--workdir", type=Path, default=Path("benchmarks/.cache"), help="where the file and store go")
    parser.add_argument("--repeats", type=int, default=3, help="runs per question; the median is kept (default 3)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds a question may take (default 600)")
    parser.add_argument("--serve-pairs", type=int, help="serve-readiness pairs (default: 5 up to 2,000 clusters, else 0)")
    parser.add_argument("--serve-only", action="store_true",
                        help="time only serve readiness (--serve-pairs, default 5); results to serve-ready-LABEL.json")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    path, store = args.workdir / f"synth-{args.clusters}.nt", args.workdir / f"store-{args.clusters}"
    steps: dict[str, dict] = {}
    if not path.exists():
        steps["synth"] = peak_of([sys.executable, "-m", "kg", "synth", "--clusters", str(args.clusters), "-o", str(path)])
    if args.serve_only:
        ready = serve_ready_pairs(path, args.serve_pairs or 5)
        written = write_result(f"serve-ready-{args.label}", {"label": args.label, "clusters": args.clusters,
                                                             "file_mb": path.stat().st_size / 1e6, **ready})
        print(serve_ready_line(ready))
        print(f"wrote {written}", file=sys.stderr)
        return 0
    steps["load into the persistent store"] = peak_of([sys.executable, "-c", LOAD_SCRIPT, str(path), str(store)])
    loaded = steps["load into the persistent store"]
    questions, peaks = {}, []
    for name in [stored.name for stored in list_queries()]:
        print(f"{args.label}: {name}…", file=sys.stderr, flush=True)
        try:
            answered = peak_of([sys.executable, "-c", QUERY_SCRIPT, str(path), str(store), name, str(args.repeats),
                                json.dumps(PARAMS)], timeout=args.timeout)
        except subprocess.TimeoutExpired:
            questions[name] = {"seconds": None, "rows": None, "note": f"stopped after {args.timeout:g} s"}
            continue
        questions[name] = json.loads(answered["stdout"])
        peaks.append(answered["peak_mb"])
    result = {
        "label": args.label, "clusters": args.clusters, "triples": int(loaded["stdout"]),
        "file_mb": path.stat().st_size / 1e6, "store_disk_mb": disk_mb(store),
        "steps": {name: {k: v for k, v in step.items() if k in ("seconds", "peak_mb")} for name, step in steps.items()},
        "questions": questions, "questions_peak_mb": max(peaks, default=None), "timeout": args.timeout,
    }
    pairs = args.serve_pairs if args.serve_pairs is not None else (5 if args.clusters <= 2000 else 0)
    if pairs:
        result["serve_ready_vs_pyoxigraph_load"] = serve_ready_pairs(path, pairs)
    written = write_result(f"scale-{args.label}", result)
    rows = [[name, seconds(step["seconds"]), f"{step['peak_mb']:.0f} MB"] for name, step in result["steps"].items()]
    rows += [[f"query {name}", seconds(answer["seconds"]) if answer["seconds"] is not None else f"> {args.timeout:g} s",
              f"{answer['rows']} rows" if answer["rows"] is not None else "stopped"]
             for name, answer in result["questions"].items()]
    print(f"{args.label}: {result['triples']:,} triples; file {result['file_mb']:.0f} MB; store on disk {result['store_disk_mb']:.0f} MB")
    print(markdown_table(["step", "time", "peak memory / answer"], rows))
    if pairs:
        print(serve_ready_line(result["serve_ready_vs_pyoxigraph_load"]))
    print(f"wrote {written}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
