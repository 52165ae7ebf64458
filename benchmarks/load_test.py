"""Load test of `clusterkg serve`: a bounded loop of concurrent research queries over loopback.

Starts the endpoint in its own process (on a free loopback port, over the built graph or --input
FILE), sends --requests queries from --clients threads of this process, cycling through the
research questions, and prints throughput and latency percentiles.

    python benchmarks/load_test.py --clients 8 --requests 2000
    python benchmarks/load_test.py --input benchmarks/.cache/synth-1640.nt --requests 200
"""

from __future__ import annotations

import argparse
import itertools
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

PROJECT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(input_file: str | None, port: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "kg", "serve", "--host", "127.0.0.1", "--port", str(port), "--timeout", "60"]
    if input_file:
        command += ["--input", input_file]
    process = subprocess.Popen(command, cwd=PROJECT, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/", timeout=1)
            return process
        except requests.ConnectionError:
            if process.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("the server did not start within 300 s")


def research_requests(base: str) -> list[tuple[str, str]]:
    """(name, URL) of every research question the server lists."""
    listing = requests.get(f"{base}/queries", headers={"Accept": "application/json"}, timeout=10).json()
    return [(item["name"], base + item["url"]) for item in listing]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--requests", type=int, default=1000, help="requests in all (default 1000)")
    parser.add_argument("--input", metavar="FILE", help="serve this RDF file instead of the built graph")
    args = parser.parse_args(argv)
    port = free_port()
    server = start_server(args.input, port)
    try:
        base = f"http://127.0.0.1:{port}"
        targets = research_requests(base)
        if not targets:
            raise SystemExit("the server lists no research questions")
        plan = list(itertools.islice(itertools.cycle(targets), args.requests))
        local = threading.local()

        def one(target: tuple[str, str]) -> tuple[str, float, int]:
            local.session = getattr(local, "session", None) or requests.Session()
            session = local.session
            start = time.perf_counter()
            response = session.get(target[1], headers={"Accept": "application/sparql-results+json"}, timeout=120)
            return target[0], time.perf_counter() - start, response.status_code

        started = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            results = list(pool.map(one, plan))
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies = [latency * 1000 for _, latency, _ in results]
    failures = sum(1 for _, _, status in results if status != 200)
    print(f"{len(results)} requests ({len(targets)} research questions) from {args.clients} clients in {elapsed:.2f} s: "
          f"{len(results) / elapsed:.0f} requests/s, {failures} failed")
    print(f"latency ms: p50 {percentile(latencies, 0.5):.1f}, p90 {percentile(latencies, 0.9):.1f}, "
          f"p99 {percentile(latencies, 0.99):.1f}, max {max(latencies):.1f}, mean {statistics.mean(latencies):.1f}")
    slowest = sorted({name: latency for name, latency, _ in results}.items(), key=lambda item: -item[1])[:3]
    print("slowest questions (last latency): " + ", ".join(f"{name} {latency * 1000:.0f} ms" for name, latency in slowest))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
