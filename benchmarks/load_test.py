"""Load test: `clusterkg serve` and Virtuoso's own endpoint, same graph, same queries, side by side.

Starts `clusterkg serve` (its CLI, in its own process) and a Virtuoso on loopback, publishes the
same graph into Virtuoso with `clusterkg publish`, then sends the same queries to both at 1, 10 and
50 concurrent clients (wrk, one keep-alive connection each) and prints requests/s, p50 and p99
latency and failed requests per server. clusterkg runs twice: as served (identical requests reuse
the kept answer) and with `--cache-mb 0` (every request evaluated, as Virtuoso does by default).
The queries are the research questions both servers answer with 200 (every prefix declared in the
text) and five plain ones (a lookup, a count, an ORDER BY, a GROUP BY, an ASK). Goals: p99 < 100 ms
at 50 clients, no failed request, at least half of Virtuoso's throughput.

    python benchmarks/load_test.py                      # the seed graph
    python benchmarks/load_test.py --input FILE.nt --seconds 30
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import psutil
import requests

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "benchmarks"))

from kg.namespaces import DEFAULT_BASE, PREFIXES, data_base, entity_prefixes  # noqa: E402
from kg.query import list_queries, undeclared_prefixes, used_prefixes  # noqa: E402
from virtuoso import free_port, running_virtuoso  # noqa: E402

GRAPH_IRI = DEFAULT_BASE  # the graph named after the data's base, as the README publishes it
PLAIN = [
    "SELECT ?value WHERE { ?obs ckg:refArea <https://w3id.org/clusterkg/id/region/UZ-NW> ; "
    "ckg:indicator <https://w3id.org/clusterkg/id/indicator/cluster-exports> ; ckg:value ?value }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?s ?label WHERE { ?s rdfs:label ?label } ORDER BY ?label LIMIT 20",
    "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n) LIMIT 10",
    "ASK { <https://w3id.org/clusterkg/id/region/UZ-NW> rdfs:label ?label }",
]
CHECK_TIMEOUT = 5.0  # a query either server takes longer for is left out of the load (and named)
LEVELS = (1, 10, 50)


def wait_for(url: str, process: subprocess.Popen, what: str, params: dict | None = None) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if requests.get(url, params=params, timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        if process.poll() is not None:
            raise SystemExit(f"{what} did not start")
        time.sleep(0.3)
    raise SystemExit(f"{what} did not start within 300 s")


def start_clusterkg(input_file: str | None, workers: int, *options: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [sys.executable, "-m", "kg", "serve", "--port", str(port), "--no-access-log", "--workers", str(workers),
               *options]
    process = subprocess.Popen(command + (["--input", input_file] if input_file else []), cwd=PROJECT,
                               stderr=subprocess.DEVNULL)
    wait_for(f"http://127.0.0.1:{port}/health", process, "clusterkg serve")
    return process, f"http://127.0.0.1:{port}/sparql"


def with_prefixes(text: str, prefixes: dict[str, str]) -> str:
    """The query with a PREFIX line for every prefix it uses and does not declare (for any engine)."""
    missing = used_prefixes(text, undeclared_prefixes(text, prefixes))
    return "\n".join([f"PREFIX {name}: <{iri}>" for name, iri in missing.items()] + [text])


def workload(prefixes: dict[str, str]) -> list[tuple[str, str]]:
    """(name, query text) of the research questions (their defaults) and the plain queries."""
    named = [(stored.name, with_prefixes(stored.text_with({}), prefixes)) for stored in list_queries()]
    return named + [(f"plain-{number}", with_prefixes(text, prefixes)) for number, text in enumerate(PLAIN, 1)]


def ask(session: requests.Session, url: str, text: str, extra: dict, timeout: float = 60) -> tuple[float, int]:
    start = time.perf_counter()
    try:
        status = session.post(url, data={"query": text, **extra}, headers={"Accept": "application/sparql-results+json"},
                              timeout=timeout).status_code
    except requests.RequestException:
        status = 0
    return time.perf_counter() - start, status


WRK_SCRIPT = """
local bodies = {%s}
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/sparql-results+json"
request = function()
  counter = counter + 1
  return wrk.format(nil, nil, nil, bodies[(counter %% #bodies) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %%d, "seconds": %%f, "p50": %%f, "p99": %%f, "failed": %%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout + e.status))
end
"""


def measure(url: str, extra: dict, queries: list[str], clients: int, seconds: float) -> dict:
    """wrk (a load generator in C, so the client is not the bottleneck): `clients` keep-alive
    connections, each posting the queries in turn for `seconds`."""
    bodies = ", ".join(json.dumps(urlencode({"query": text, **extra})) for text in queries)
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_SCRIPT % bodies)
        script.flush()
        command = ["wrk", "-t", str(min(2, clients)), "-c", str(clients), "-d", f"{seconds:g}s", "--timeout", "30s",
                   "-s", script.name, url]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    return {"rps": figures["requests"] / figures["seconds"], "p50": figures["p50"], "p99": figures["p99"],
            "failed": figures["failed"]}


def wait_until_idle(pid: int, limit: float = 120) -> None:
    """Wait until a server (and its worker processes) stops using CPU: a slow server goes on answering
    queued requests after the load ends, which must not slow the next measurement."""
    def cpu_seconds() -> float:
        root = psutil.Process(pid)
        return sum(sum(process.cpu_times()[:2]) for process in [root, *root.children(recursive=True)])

    deadline, previous = time.monotonic() + limit, cpu_seconds()
    while time.monotonic() < deadline:
        time.sleep(1)
        current = cpu_seconds()
        if current - previous < 0.05:
            return
        previous = current


def answered_by_all(servers: dict[str, tuple[str, dict]], prefixes: dict[str, str]) -> list[tuple[str, str]]:
    """(name, text) of the workload's queries every server answers with 200 within CHECK_TIMEOUT."""
    checked, left_out = [], []
    for name, text in workload(prefixes):
        answers = {server: ask(requests.Session(), url, text, extra, CHECK_TIMEOUT)
                   for server, (url, extra) in servers.items()}
        failing = [f"{server} {'timeout' if status == 0 else status}"
                   for server, (_, status) in answers.items() if status != 200]
        (left_out.append(f"{name} ({', '.join(failing)})") if failing else checked.append((name, text)))
    print(f"{len(checked)} queries answered by both within {CHECK_TIMEOUT:g} s: {', '.join(name for name, _ in checked)}")
    print(f"left out: {'; '.join(left_out) or 'none'}")
    return checked


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="load per server and level, in seconds (default 10)")
    parser.add_argument("--workers", type=int, default=2, help="clusterkg serve --workers (default 2)")
    parser.add_argument("--input", metavar="FILE", help="serve and publish this RDF file instead of the built graph")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop both servers on the way out
    for program, package in (("virtuoso-t", "virtuoso-opensource"), ("wrk", "wrk")):
        if not shutil.which(program):
            raise SystemExit(f"{program} is not installed: apt-get install {package} (scripts/test.sh installs both)")
    prefixes = {**PREFIXES, **entity_prefixes(data_base())}
    with tempfile.TemporaryDirectory() as folder:
        ours, ours_url = start_clusterkg(args.input, args.workers)
        uncached, uncached_url = start_clusterkg(args.input, args.workers, "--cache-mb", "0")
        try:
            with running_virtuoso(Path(folder)) as virtuoso:
                publish = [sys.executable, "-m", "kg", "publish", "--endpoint", f"{virtuoso.base}/sparql-graph-crud-auth",
                           "--graph", GRAPH_IRI, "--user", "dba", "--password", "dba"]
                subprocess.run(publish + (["--input", args.input] if args.input else []), cwd=PROJECT, check=True)
                servers = {"clusterkg serve": (ours_url, {}), "  --cache-mb 0": (uncached_url, {}),
                           "Virtuoso": (f"{virtuoso.base}/sparql", {"default-graph-uri": GRAPH_IRI})}
                checked = answered_by_all(servers, prefixes)
            # a query past its timeout runs on inside Virtuoso: restart it on the same database
            with running_virtuoso(Path(folder)) as virtuoso:
                servers["Virtuoso"] = (f"{virtuoso.base}/sparql", {"default-graph-uri": GRAPH_IRI})
                for url, extra in servers.values():  # warm up: every query answered once by each server
                    measure(url, extra, [text for _, text in checked], 1, 2)
                print(f"{'clients':>7} | {'server':<16} | {'requests/s':>10} | {'p50 ms':>7} | {'p99 ms':>7} | failed")
                for clients in LEVELS:
                    rates = {}
                    for server, (url, extra) in servers.items():
                        figures = measure(url, extra, [text for _, text in checked], clients, args.seconds)
                        wait_until_idle({"clusterkg serve": ours.pid, "Virtuoso": virtuoso.pid}.get(server, uncached.pid))
                        rates[server] = figures["rps"]
                        print(f"{clients:>7} | {server:<16} | {figures['rps']:>10.0f} | {figures['p50']:>7.1f} | "
                              f"{figures['p99']:>7.1f} | {figures['failed']}")
                    if not rates["Virtuoso"]:  # a window shorter than one of its answers
                        print(f"{'':>7} | no throughput ratio: Virtuoso answered no request within {args.seconds:g} s")
                        continue
                    print(f"{'':>7} | throughput ratio clusterkg/Virtuoso: "
                          f"{rates['clusterkg serve'] / rates['Virtuoso']:.2f} (every query evaluated, --cache-mb 0: "
                          f"{rates['  --cache-mb 0'] / rates['Virtuoso']:.2f})")
        finally:
            for process in (ours, uncached):
                process.terminate()
                process.wait(timeout=60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
