"""Benchmark the graph at about 10k, 100k and 1M triples on three engines, in one run.

Engines: plain rdflib (memory store), the project's default store (rdflib over Oxigraph, as
`clusterkg query` and `clusterkg serve` use it) and raw pyoxigraph as the reference. For each
synthetic graph size (made by `clusterkg synth`, cached in benchmarks/.cache) it times load,
SHACL validation, every research query in queries/*.rq, Turtle export and the HTML network
(value-chain view), each engine in its own process so that its peak memory can be read.
Prints medians and ratios.

    python benchmarks/run.py            # full run: ~10k, ~100k, ~1M triples
    python benchmarks/run.py --quick    # smoke run: two small graphs, one repeat
"""

from __future__ import annotations

import argparse
import json
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.namespaces import PREFIXES
from kg.query import list_queries
from kg.query import run as run_research_query
from kg.store import DEFAULT_STORE, load_file, with_values

PROJECT = Path(__file__).resolve().parent.parent
CACHE = PROJECT / "benchmarks" / ".cache"
PARAMS = {"region-profile": {"region": "Navoi"}}  # questions without a default for a parameter
SHAPES = PROJECT / "ontology" / "shapes.ttl"
ENGINES = ["rdflib", "default", "pyoxigraph"]
FULL_SIZES = {"10k": 11, "100k": 160, "1M": 1640}  # label -> synthetic clusters (~610 triples each)
QUICK_SIZES = {"5k": 2, "10k": 11}
SHACL_MAX_TRIPLES = 150_000  # pyshacl takes minutes above this
SLOW_RUN = 10.0  # seconds; a slower run is not repeated
TASK_LIMIT = 60.0  # seconds; a query still running then is stopped and shown at the limit
HTML_VIEW = "value-chain"
HTML_MAX_TRIPLES = 150_000
# A scale probe besides the research questions: the GROUP BY over observations of the issue.
PROBE = """PREFIX ckg: <https://w3id.org/clusterkg/ontology#>
SELECT ?indicator ?year (COUNT(?obs) AS ?observations) (SUM(?value) AS ?total) WHERE {
  ?obs ckg:indicator ?indicator ; ckg:refPeriod ?period ; ckg:value ?value .
  ?period <http://www.w3.org/2000/01/rdf-schema#label> ?year .
} GROUP BY ?indicator ?year ORDER BY ?indicator ?year"""


def research_queries() -> dict[str, tuple[str, dict]]:
    """Name -> (SPARQL text, bindings) of every research question, plus the scale probe."""
    queries = {stored.name: (stored.text, stored.bindings(PARAMS.get(stored.name))) for stored in list_queries()}
    return {"probe-group-by": (PROBE, {}), **queries}


def median_time(action: Callable[[], object], repeats: int) -> float:
    """Median of `repeats` runs; a run over SLOW_RUN seconds is not repeated."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
        if times[-1] > SLOW_RUN:
            break
    return statistics.median(times)


class TooSlow(Exception):
    """A task passed TASK_LIMIT seconds (only pure-Python work, i.e. plain rdflib, can be stopped)."""


def limited(action: Callable[[], object]) -> Callable[[], object]:
    """`action`, stopped by SIGALRM after TASK_LIMIT seconds."""
    def run() -> object:
        def stop(signum, frame):
            raise TooSlow
        previous = signal.signal(signal.SIGALRM, stop)
        signal.setitimer(signal.ITIMER_REAL, TASK_LIMIT)
        try:
            return action()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    return run


def peak_memory_mb() -> float:
    """This process's peak resident memory (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# --- one engine on one file (runs in its own process) --------------------------------------


def measure(engine: str, path: Path, repeats: int, queries: dict[str, tuple[str, dict]]) -> dict:
    """Timings (seconds) of each task, with notes for the tasks that were skipped."""
    loaders = {"rdflib": load_rdflib, "default": load_default, "pyoxigraph": load_pyoxigraph}
    load = loaders[engine]
    timings: dict[str, float | None] = {}
    notes: dict[str, str] = {}
    load_times = []
    for _ in range(repeats):
        graph = None  # free the previous copy first, so that peak memory is one graph's
        start = time.perf_counter()
        graph = load(path)
        load_times.append(time.perf_counter() - start)
    timings["load"] = statistics.median(load_times)
    triples = len(graph)
    for name, (text, bindings) in queries.items():
        try:
            timings[f"query {name}"] = median_time(limited(lambda: run_query(engine, graph, text, bindings)), repeats)
        except TooSlow:
            timings[f"query {name}"] = TASK_LIMIT
            notes[f"query {name}"] = f"{engine} stopped after {TASK_LIMIT:g} s (shown as {TASK_LIMIT:g} s)"
    timings["turtle export"] = median_time(lambda: write_turtle(engine, graph), repeats)
    timings["shacl"], notes["shacl"] = validate(engine, graph, triples)
    timings["html"], notes["html"] = network_page(engine, graph, triples, repeats)
    return {"triples": triples, "timings": timings, "notes": {k: v for k, v in notes.items() if v},
            "peak_mb": peak_memory_mb()}


def load_rdflib(path: Path):
    return Graph().parse(path, format="nt")


def load_default(path: Path):
    return load_file(path, DEFAULT_STORE)


def load_pyoxigraph(path: Path):
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    return store


def run_query(engine: str, graph, text: str, bindings: dict) -> int:
    """Run a query as `clusterkg query` does (raw pyoxigraph: bindings as VALUES) and read every value."""
    if engine == "pyoxigraph":
        result = graph.query(with_values(text, bindings) if bindings else text, prefixes=PREFIXES)
        if isinstance(result, ox.QueryBoolean):
            return int(bool(result))
        return sum(1 for row in result for _ in row)
    result = run_research_query(graph, text, bindings)
    if result.type == "ASK":
        return int(result.askAnswer)
    return sum(1 for row in result for _ in row)


def write_turtle(engine: str, graph) -> int:
    if engine == "pyoxigraph":
        return len(graph.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph()))
    return len(graph.serialize(format="ox-turtle" if engine == "default" else "turtle", encoding="utf-8"))


def validate(engine: str, graph, triples: int) -> tuple[float | None, str | None]:
    if not SHAPES.is_file():
        return None, "ontology/shapes.ttl is not on this branch yet"
    if engine == "pyoxigraph":
        return None, "pyshacl needs an rdflib graph"
    if triples > SHACL_MAX_TRIPLES:
        return None, f"skipped above {SHACL_MAX_TRIPLES:,} triples: pyshacl takes minutes there"
    from pyshacl import validate as shacl_validate

    shapes = Graph().parse(SHAPES, format="turtle")
    try:
        return median_time(limited(lambda: shacl_validate(graph, shacl_graph=shapes)), 1), None
    except TooSlow:
        return TASK_LIMIT, f"pyshacl stopped after {TASK_LIMIT:g} s on {engine}"


def network_page(engine: str, graph, triples: int, repeats: int) -> tuple[float | None, str | None]:
    """Time the value-chain view of the HTML network (networkx view, pyvis network, page text)."""
    if engine == "pyoxigraph":
        return None, "the networkx views read an rdflib graph"
    if triples > HTML_MAX_TRIPLES:
        return None, f"skipped above {HTML_MAX_TRIPLES:,} triples: the Python force layout takes minutes there"
    from kg.views import to_networkx
    from kg.viz import render_html, to_pyvis

    def page() -> int:
        network = to_networkx(graph, HTML_VIEW)
        return len(render_html(to_pyvis(network), network))

    return median_time(page, repeats), None


# --- the run -------------------------------------------------------------------------------


def synthetic_file(label: str, clusters: int) -> Path:
    """The cached synthetic graph of `clusters` clusters (seed 0), generated on first use."""
    path = CACHE / f"synth-{clusters}.nt"
    if not path.exists():
        print(f"generating the {label} graph ({clusters} synthetic clusters)…", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "kg", "synth", "--clusters", str(clusters), "--seed", "0",
                        "-o", str(path)], check=True)
    return path


def measure_in_subprocess(engine: str, path: Path, repeats: int) -> dict:
    command = [sys.executable, __file__, "--worker", engine, str(path), "--repeats", str(repeats)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output)


def ratio(numerator: float | None, denominator: float | None) -> str:
    if not numerator or not denominator:
        return "–"
    return f"{numerator / denominator:.1f}×"


def seconds(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def print_table(results: dict[str, dict[str, dict]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Medians per task (rdflib = plain rdflib; default = the project's store; "
                        "pyoxigraph = raw reference)", show_lines=False)
    for column in ["size", "task", *ENGINES, "rdflib ÷ default", "default ÷ pyoxigraph"]:
        table.add_column(column, justify="left" if column in ("size", "task") else "right")
    notes: dict[str, None] = {}
    for label, by_engine in results.items():
        triples = by_engine["default"]["triples"]
        for task in by_engine["default"]["timings"]:
            values = [by_engine[engine]["timings"].get(task) for engine in ENGINES]
            stopped = task in by_engine["rdflib"]["notes"] and "stopped" in by_engine["rdflib"]["notes"][task]
            cells = [("> " if stopped and engine == "rdflib" else "") + seconds(value) for engine, value in zip(ENGINES, values)]
            table.add_row(f"{label} ({triples:,})", task, *cells,
                          ("≥ " if stopped else "") + ratio(values[0], values[1]), ratio(values[1], values[2]))
        table.add_row(f"{label} ({triples:,})", "peak memory",
                      *(f"{by_engine[e]['peak_mb']:.0f} MB" for e in ENGINES), "", "", end_section=True)
        for engine in ENGINES:
            for task, note in by_engine[engine]["notes"].items():
                notes[f"{label} {task}: {note}" if task.startswith("query") else f"{task}: {note}"] = None
    console = Console(width=160)
    console.print(table)
    for note in notes:
        console.print(note, highlight=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: two small graphs, one repeat")
    parser.add_argument("--repeats", type=int, default=3, help="repeats per task; the median is shown (default 3)")
    parser.add_argument("--json", metavar="FILE", help="also write the measurements as JSON")
    parser.add_argument("--worker", nargs=2, metavar=("ENGINE", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        engine, path = args.worker
        print(json.dumps(measure(engine, Path(path), args.repeats, research_queries())))
        return 0
    sizes = QUICK_SIZES if args.quick else FULL_SIZES
    repeats = 1 if args.quick else args.repeats
    results: dict[str, dict[str, dict]] = {}
    for label, clusters in sizes.items():
        path = synthetic_file(label, clusters)
        results[label] = {}
        for engine in ENGINES:
            print(f"{label}: {engine}…", file=sys.stderr, flush=True)
            results[label][engine] = measure_in_subprocess(engine, path, repeats)
    print_table(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
