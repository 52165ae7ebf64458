"""Benchmark the graph at about 10k, 100k and 1M triples on three engines: paired, interleaved runs.

Engines: plain rdflib (memory store), the project's default (Oxigraph in memory, as `clusterkg
serve` answers and the library's functions query, with the project's canonical export) and raw
pyoxigraph in memory as the reference. With --disk the project answers from its kept store on
disk, as `clusterkg query --input FILE` does by default (loaded once into Oxigraph on RocksDB and
compacted), against raw pyoxigraph on a RocksDB store loaded and compacted the same way. Each run
is one engine in its own process on one synthetic graph (made by `clusterkg synth`, cached in
benchmarks/.cache): load, every research query in queries/*.rq (median of up to 5 runs under a
second), Turtle export, SHACL and the HTML network (small graphs), peak memory. The project's
store and pyoxigraph run alternately, in alternating order, --pairs times; each task's ratio is
taken per pair and reported as its median and spread. Plain rdflib, minutes per run at 1M, runs
--rdflib-runs times, each paired with the project's run of the same pair. Results go to
benchmarks/results/engines.json and are printed as a Markdown table.

    python benchmarks/run.py                 # 10k, 100k, 1M; 5 pairs; rdflib once at 1M
    python benchmarks/run.py --quick         # smoke run: two small graphs, 5 short pairs
    python benchmarks/run.py --sizes 1M --pairs 7
    python benchmarks/run.py --sizes 1M --disk --name engines-1M-disk
"""

from __future__ import annotations

import argparse
import atexit
import json
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

sys.path.insert(0, str(Path(__file__).resolve().parent))
from paired import markdown_table, peak_resident_mb, seconds, summary, write_result  # noqa: E402

from kg.export import write_formats  # noqa: E402
from kg.namespaces import PREFIXES  # noqa: E402
from kg.query import list_queries  # noqa: E402
from kg.query import run as run_research_query  # noqa: E402
from kg.store import DEFAULT_STORE, copy_into, load_file  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent
CACHE = PROJECT / "benchmarks" / ".cache"
PARAMS = {"region-profile": {"region": "Navoi"}}  # questions without a default for a parameter
SHAPES = PROJECT / "ontology" / "shapes.ttl"
ENGINES = ["rdflib", "default", "pyoxigraph"]
SIZES = {"10k": 11, "100k": 160, "1M": 1640}  # label -> synthetic clusters (~610 triples each)
QUICK_SIZES = {"5k": 2, "10k": 11}
RDFLIB_RUNS = {"10k": 5, "100k": 3, "1M": 1}  # plain rdflib takes minutes per run at 1M
SMALL = 150_000  # pyshacl and the Python force layout take minutes above this many triples
TASK_LIMIT = 60.0  # seconds; a plain-rdflib task still running then is stopped and shown at the limit
HTML_VIEW = "value-chain"
REPEATS, REPEAT_BUDGET = 5, 1.0  # a task is run up to 5 times in a worker, while they take < 1 s in all
# A scale probe besides the research questions: the GROUP BY over every observation.
PROBE = """PREFIX ckg: <https://w3id.org/clusterkg/ontology#>
SELECT ?indicator ?year (COUNT(?obs) AS ?observations) (SUM(?value) AS ?total) WHERE {
  ?obs ckg:indicator ?indicator ; ckg:refPeriod ?period ; ckg:value ?value .
  ?period <http://www.w3.org/2000/01/rdf-schema#label> ?year .
} GROUP BY ?indicator ?year ORDER BY ?indicator ?year"""


def research_queries() -> dict[str, str]:
    """Name -> SPARQL text (parameters set) of every research question, plus the scale probe."""
    queries = {stored.name: stored.text_with(PARAMS.get(stored.name)) for stored in list_queries()}
    return {"probe-group-by": PROBE, **queries}


class TooSlow(Exception):
    """A task passed TASK_LIMIT seconds (only pure-Python work, i.e. plain rdflib, can be stopped)."""


def timed(action: Callable[[], object]) -> float:
    """Seconds one run of `action` takes; TooSlow after TASK_LIMIT seconds."""
    def stop(signum, frame):
        raise TooSlow
    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, TASK_LIMIT)
    try:
        start = time.perf_counter()
        action()
        return time.perf_counter() - start
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def repeated(action: Callable[[], object]) -> float:
    """Median seconds of up to REPEATS runs of `action`, fewer once they add up to REPEAT_BUDGET."""
    times = [timed(action)]
    while len(times) < REPEATS and sum(times) < REPEAT_BUDGET:
        times.append(timed(action))
    return statistics.median(times)


# --- one engine on one file (runs in its own process) --------------------------------------


def measure(engine: str, path: Path, queries: dict[str, str], disk: bool = False) -> dict:
    """Seconds of each task in one run, peak memory after loading and at the end, notes."""
    timings: dict[str, float] = {}
    notes: dict[str, str] = {}
    start = time.perf_counter()
    if engine == "rdflib":
        graph = load_rdflib(path)
    else:
        graph = {"default": load_default, "pyoxigraph": load_pyoxigraph}[engine](path, scratch_folder() if disk else None)
    timings["load"] = time.perf_counter() - start
    load_peak = peak_resident_mb()
    triples = len(graph)
    tasks = {f"query {name}": (lambda text=text: run_query(engine, graph, text)) for name, text in queries.items()}
    tasks["turtle export"] = lambda: write_turtle(engine, graph)
    if triples <= SMALL and engine != "pyoxigraph":  # pyshacl and the networkx views read rdflib graphs
        tasks["shacl"] = lambda: validate(engine, graph)
        tasks["html"] = lambda: network_page(graph)
    for task, action in tasks.items():
        try:
            timings[task] = repeated(action)
        except TooSlow:
            timings[task] = TASK_LIMIT
            notes[task] = f"stopped after {TASK_LIMIT:g} s"
    return {"triples": triples, "timings": timings, "notes": notes, "load_peak_mb": load_peak, "peak_mb": peak_resident_mb()}


def load_rdflib(path: Path):
    return Graph().parse(path, format="nt")


def load_default(path: Path, folder: Path | None = None):
    """The file in Oxigraph in memory, or (folder given) in the kept store the commands use."""
    return load_file(path, f"{DEFAULT_STORE}:{folder}" if folder else DEFAULT_STORE)


def load_pyoxigraph(path: Path, folder: Path | None = None):
    """The file in a pyoxigraph Store in memory, or (folder given) on RocksDB, compacted as the kept store is."""
    store = ox.Store(str(folder)) if folder else ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    if folder:
        store.optimize()
    return store


def scratch_folder() -> Path:
    """An empty folder for this process's store on disk, removed when the process ends."""
    folder = Path(tempfile.mkdtemp(prefix="clusterkg-bench-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def run_query(engine: str, graph, text: str) -> int:
    """Run a query as `clusterkg query` does (raw pyoxigraph: the same text) and read every value."""
    if engine == "pyoxigraph":
        result = graph.query(text, prefixes=PREFIXES)
        if isinstance(result, ox.QueryBoolean):
            return int(bool(result))
        return sum(1 for row in result for _ in row)
    result = run_research_query(graph, text)
    if result.type == "ASK":
        return int(result.askAnswer)
    return sum(1 for row in result for _ in row)


def write_turtle(engine: str, graph) -> int:
    """Write the graph as a Turtle file: rdflib's writer, the project's export, Oxigraph's writer."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "graph.ttl"
        if engine == "pyoxigraph":
            graph.dump(str(path), format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=PREFIXES)
        elif engine == "default":
            write_formats(graph, Path(folder), "graph", ["ttl"])
        else:
            graph.serialize(path, format="turtle", encoding="utf-8")
        return path.stat().st_size


def validate(engine: str, graph) -> bool:
    from pyshacl import validate as shacl_validate

    shapes = Graph().parse(SHAPES, format="turtle")
    # pyshacl walks the graph pattern by pattern, slowly through oxrdflib: validate a memory copy
    data = copy_into(graph, Graph()) if engine == "default" else graph
    return shacl_validate(data, shacl_graph=shapes)[0]


def network_page(graph) -> int:
    """The value-chain view of the HTML network: networkx view, pyvis network, page text."""
    from kg.views import to_networkx
    from kg.viz import render_html, to_pyvis

    network = to_networkx(graph, HTML_VIEW)
    return len(render_html(to_pyvis(network), network))


# --- the run -------------------------------------------------------------------------------


def synthetic_file(label: str, clusters: int) -> Path:
    """The cached synthetic graph of `clusters` clusters (seed 0), generated on first use."""
    path = CACHE / f"synth-{clusters}.nt"
    if not path.exists():
        print(f"generating the {label} graph ({clusters} synthetic clusters)…", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "kg", "synth", "--clusters", str(clusters), "--seed", "0",
                        "-o", str(path)], check=True)
    return path


def measure_in_subprocess(engine: str, path: Path, options: list[str]) -> dict:
    command = [sys.executable, __file__, "--worker", engine, str(path), *options]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def run_size(path: Path, pairs: int, rdflib_runs: int, options: list[str]) -> dict[str, list[dict]]:
    """Runs of each engine: default and pyoxigraph alternating (order swapped every pair), plain
    rdflib after the default run of the first `rdflib_runs` pairs."""
    runs: dict[str, list[dict]] = {engine: [] for engine in ENGINES}
    for number in range(pairs):
        order = ["default", "pyoxigraph"] if number % 2 == 0 else ["pyoxigraph", "default"]
        if number < rdflib_runs:
            order.insert(order.index("default") + 1, "rdflib")
        for engine in order:
            print(f"  pair {number + 1}/{pairs}: {engine}…", file=sys.stderr, flush=True)
            runs[engine].append(measure_in_subprocess(engine, path, options))
    return runs


def compare(runs: dict[str, list[dict]]) -> dict[str, dict]:
    """Per task: each engine's median, default ÷ pyoxigraph and rdflib ÷ default over the pairs."""
    tasks = {}
    for task in runs["default"][0]["timings"]:
        row = {engine: statistics.median(r["timings"][task] for r in runs[engine]) if runs[engine] and task in runs[engine][0]["timings"] else None
               for engine in ENGINES}
        if task in runs["pyoxigraph"][0]["timings"]:
            row["default_vs_pyoxigraph"] = summary([r["timings"][task] for r in runs["pyoxigraph"]],
                                                   [r["timings"][task] for r in runs["default"]])
        if runs["rdflib"] and task in runs["rdflib"][0]["timings"]:
            row["rdflib_vs_default"] = summary([r["timings"][task] for r in runs["default"][:len(runs["rdflib"])]],
                                               [r["timings"][task] for r in runs["rdflib"]])
            row["rdflib_stopped"] = any(task in r["notes"] for r in runs["rdflib"])
        tasks[task] = row
    for key in ("load_peak_mb", "peak_mb"):
        tasks[key] = {engine: statistics.median(r[key] for r in runs[engine]) if runs[engine] else None for engine in ENGINES}
        tasks[key]["default_vs_pyoxigraph"] = summary([r[key] for r in runs["pyoxigraph"]], [r[key] for r in runs["default"]])
    return tasks


def spread(stats: dict | None, at_least: bool = False) -> str:
    if stats is None:
        return "–"
    if stats["pairs"] == 1:
        return f"{'≥ ' if at_least else ''}{stats['ratio_median']:.1f}× (1 run)"
    return f"{'≥ ' if at_least else ''}{stats['ratio_median']:.2f}× ({stats['ratio_min']:.2f}–{stats['ratio_max']:.2f})"


def render(sizes: dict[str, dict]) -> str:
    rows = []
    for label, size in sizes.items():
        where = f"{label} ({size['triples']:,})"
        for task, row in size["tasks"].items():
            if task.endswith("_mb"):
                name = "peak memory after load" if task == "load_peak_mb" else "peak memory"
                cells = [f"{row[e]:.0f} MB" if row[e] else "–" for e in ENGINES]
                rows.append([where, name, *cells, spread(row["default_vs_pyoxigraph"]), ""])
                continue
            cells = [("> " if row.get("rdflib_stopped") and e == "rdflib" else "") + seconds(row[e]) for e in ENGINES]
            rows.append([where, task, *cells, spread(row.get("default_vs_pyoxigraph")),
                         spread(row.get("rdflib_vs_default"), at_least=bool(row.get("rdflib_stopped")))])
    return markdown_table(["size", "task", "rdflib", "default", "pyoxigraph", "default ÷ pyoxigraph", "rdflib ÷ default"], rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: two small graphs")
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), help="sizes to run (default: all)")
    parser.add_argument("--pairs", type=int, default=5, help="default/pyoxigraph pairs per size (default 5)")
    parser.add_argument("--rdflib-runs", type=int, help="plain rdflib runs per size (default: 5, 3, 1 at 10k, 100k, 1M)")
    parser.add_argument("--no-queries", action="store_true", help="time load, export and memory only")
    parser.add_argument("--disk", action="store_true",
                        help="the project's kept store on disk (as `clusterkg query` uses it) against raw "
                             "pyoxigraph on RocksDB, instead of both in memory")
    parser.add_argument("--name", default="engines", help="results file benchmarks/results/NAME.json (default: engines)")
    parser.add_argument("--worker", nargs=2, metavar=("ENGINE", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        engine, path = args.worker
        print(json.dumps(measure(engine, Path(path), {} if args.no_queries else research_queries(), args.disk)))
        return 0
    sizes = QUICK_SIZES if args.quick else {label: SIZES[label] for label in (args.sizes or SIZES)}
    results = {}
    for label, clusters in sizes.items():
        path = synthetic_file(label, clusters)
        print(f"{label}:", file=sys.stderr, flush=True)
        rdflib_runs = args.rdflib_runs if args.rdflib_runs is not None else RDFLIB_RUNS.get(label, args.pairs)
        options = ["--no-queries"] * args.no_queries + ["--disk"] * args.disk
        runs = run_size(path, args.pairs, min(rdflib_runs, args.pairs), options)
        results[label] = {"clusters": clusters, "triples": runs["default"][0]["triples"], "tasks": compare(runs), "runs": runs}
    written = write_result(args.name, {"pairs": args.pairs, "store": "disk" if args.disk else "memory", "sizes": results})
    print(render(results))
    print(f"wrote {written}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
