"""The endpoint's query workers: forked over the store in memory (sharing the server's graph, blank
nodes and all; a store on disk is copied into memory first), and replaced whenever one ends."""

from __future__ import annotations

import json
import os
import signal
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from kg.build import build_graph, open_or_build
from kg.commands.serve import in_memory
from kg.namespaces import PREFIXES
from kg.serve import Endpoint, serve_in_background
from kg.store import engine_of

from conftest import NAVOI_EXPORTS

BLANK_NODES = "SELECT DISTINCT ?b WHERE { ?b ?p ?o FILTER(isBlank(?b)) }"


@pytest.fixture(scope="module")
def graph():
    return build_graph(store="oxigraph")


@pytest.fixture
def serving():
    """Start an endpoint in the background; every one started is stopped after the test."""
    started = []

    def start(endpoint: Endpoint) -> str:
        server, url = serve_in_background(endpoint)
        started.append(server)
        return url

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


def ask(url: str, query: str) -> list[dict]:
    request = urllib.request.Request(f"{url}?{urllib.parse.urlencode({'query': query})}",
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["results"]["bindings"]


def health(url: str) -> dict:
    try:
        with urllib.request.urlopen(url.removesuffix("/sparql") + "/health", timeout=30) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as error:  # 503 while no worker is ready
        return json.loads(error.read())


def killed_and_replaced(endpoint: Endpoint) -> set[int]:
    """Kill every worker from outside (as the kernel's out-of-memory killer would) while it is idle;
    the pids of the workers that took their place, once the pool is full again."""
    before = {worker.process.pid for worker in endpoint.pool.workers}
    for pid in before:
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        now = {worker.process.pid for worker in endpoint.pool.workers}
        if len(now) == endpoint.workers and not now & before and endpoint.pool.idle.qsize() == endpoint.workers:
            return now
        time.sleep(0.05)
    raise AssertionError("the killed workers were not replaced within 60 s")


def test_workers_answer_with_the_servers_own_blank_nodes(graph, serving):
    """A forked worker shares the server's store: the blank nodes it returns are the server's own
    (a worker that reloaded the graph would give each of them a fresh label)."""
    endpoint = Endpoint(store=engine_of(graph), prefixes=PREFIXES, workers=2, cache_bytes=0)
    url = serving(endpoint)
    ours = {row[0].value for row in engine_of(graph).query(BLANK_NODES)}
    assert len(ours) > 100  # the ontology's class expressions and lists
    for _ in range(endpoint.workers):  # each worker in turn
        assert {row["b"]["value"] for row in ask(url, BLANK_NODES)} == ours


def test_a_killed_worker_is_replaced_by_a_fork_that_answers_the_same_rows(graph, serving):
    endpoint = Endpoint(store=engine_of(graph), prefixes=PREFIXES, workers=1, cache_bytes=0)
    url = serving(endpoint)
    exports, blank = ask(url, NAVOI_EXPORTS), ask(url, BLANK_NODES)
    assert [row["value"]["value"] for row in exports] == ["2150"]
    killed_and_replaced(endpoint)
    assert health(url)["workers"] == 1 and health(url)["idle"] == 1
    assert ask(url, NAVOI_EXPORTS) == exports  # no request was lost to the dead worker
    assert ask(url, BLANK_NODES) == blank  # forked again from the server: the same blank nodes


def test_a_store_on_disk_is_served_from_a_copy_in_memory_with_its_blank_nodes(tmp_path, serving):
    """RocksDB's background threads cannot be forked: `serve` copies a store on disk into memory
    first, every triple and blank node as it is, and forks its workers over the copy."""
    spec = f"oxigraph:{tmp_path / 'store'}"
    on_disk = open_or_build(spec)
    copy = in_memory(on_disk, spec)
    assert engine_of(copy) is not engine_of(on_disk) and len(copy) == len(on_disk) > 6000
    endpoint = Endpoint(store=engine_of(copy), prefixes=PREFIXES, workers=2, cache_bytes=0)
    url = serving(endpoint)
    ours = {row[0].value for row in engine_of(on_disk).query(BLANK_NODES)}
    killed_and_replaced(endpoint)
    for _ in range(endpoint.workers):
        assert [row["value"]["value"] for row in ask(url, NAVOI_EXPORTS)] == ["2150"]
        assert {row["b"]["value"] for row in ask(url, BLANK_NODES)} == ours
