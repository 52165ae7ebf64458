"""Page size and load time of the network page: the seed graph against a 5,000-node synthetic graph.

Measured in headless Chromium (offline), each page opened three times; load time is from navigation
to the first drawing after vis-network's stabilisation. The ratio compares both in the same run.
Run: .venv/bin/python benchmarks/viz_page_load.py [NODES]
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
from playwright.sync_api import sync_playwright

from kg.build import build_graph
from kg.views import to_networkx
from kg.viz import to_pyvis, write_html

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
KINDS = ["region", "cluster", "sector", "country", "city"]
EDGE_KINDS = ["located-in", "value-chain", "cross-border", "in-sector"]


def synthetic(nodes: int, seed: int = 1) -> nx.MultiDiGraph:
    """A sparse random network (about 1.5 edges per node) with the attributes of a real view."""
    rng = random.Random(seed)
    network = nx.MultiDiGraph(view="all")
    for i in range(nodes):
        network.add_node(f"urn:n{i}", kind=KINDS[i % len(KINDS)], label=f"Node {i}", key=f"node/{i}",
                         source="synthetic", size_usd=rng.random() * 1e9, figures=[])
    for i in range(1, nodes):
        network.add_edge(f"urn:n{rng.randrange(i)}", f"urn:n{i}", key="e", kind=rng.choice(EDGE_KINDS), label="link")
    for j in range(nodes // 2):
        a, b = rng.sample(range(nodes), 2)
        network.add_edge(f"urn:n{a}", f"urn:n{b}", key=f"x{j}", kind="cross-border", label="link")
    return network


def load_seconds(context, path: Path) -> float:
    page = context.new_page()
    start = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_function("document.body.dataset.renderedMs !== undefined", timeout=600_000)
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed


def main(nodes: int = 5000) -> int:
    with tempfile.TemporaryDirectory() as work, sync_playwright() as playwright:
        work = Path(work)
        seed = to_networkx(build_graph(), "all")
        pages = {"seed graph (all)": (seed, work / "seed.html"), f"synthetic {nodes} nodes": (synthetic(nodes), work / "big.html")}
        for network, path in pages.values():
            start = time.perf_counter()
            write_html(to_pyvis(network), network, path)
            print(f"wrote {network.number_of_nodes()} nodes, {network.number_of_edges()} edges in "
                  f"{time.perf_counter() - start:.1f} s: {path.stat().st_size / 1024:.0f} KB")
        context = playwright.chromium.launch_persistent_context(
            str(work / "profile"), executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS, offline=True,
        )
        medians = {}
        for name, (_, path) in pages.items():
            medians[name] = statistics.median(load_seconds(context, path) for _ in range(3))
            print(f"{name}: load to first drawing, median of 3: {medians[name]:.2f} s")
        context.close()
        seed_time, big_time = medians.values()
        print(f"ratio synthetic / seed: {big_time / seed_time:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000))
