"""Requests that public endpoints get: each is answered or refused, and the server then answers a plain query."""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kg.build import build_graph
from kg.cli import main
from kg.endpoint import app as endpoint_app
from kg.endpoint import server as endpoint_server
from kg.namespaces import PREFIXES
from kg.serve import Endpoint, serve_in_background
from kg.store import engine_of

from conftest import NAVOI_EXPORTS

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TIMEOUT = 2.0


@pytest.fixture(scope="module")
def endpoint():
    endpoint_server.HEADER_TIMEOUT, endpoint_app.READ_TIMEOUT = 1.0, 1.0
    graph = build_graph(store="oxigraph")
    # max_depth raised so that a deep query reaches the engine and really crashes a worker; no answers
    # kept, so that the plain query after each attack is evaluated by a worker again
    served = Endpoint(store=engine_of(graph), timeout=TIMEOUT, prefixes=PREFIXES, workers=2, max_depth=100_000,
                      cache_bytes=0)
    server, url = serve_in_background(served)
    served.url = url
    served.triples = len(graph)
    yield served
    server.shutdown()
    server.server_close()


def request(url: str, method: str = "GET", query: str | None = None, body: bytes | None = None,
            headers: dict | None = None) -> tuple[int, dict, bytes]:
    parts = urllib.parse.urlsplit(url)
    path = parts.path + (f"?{urllib.parse.urlencode({'query': query})}" if query else "")
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def assert_plain_query_answers(url: str) -> None:
    status, _, body = request(url, query=NAVOI_EXPORTS, headers={"Accept": "text/csv"})
    assert (status, body.split()) == (200, [b"value", b"2150"])


def running(pid: int) -> bool:
    """Whether process `pid` still runs (a killed child not yet reaped counts as stopped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False


def raw(url: str, data: bytes, wait: float = 5.0) -> bytes:
    """Send raw bytes on a fresh connection; whatever comes back before the server closes it."""
    parts = urllib.parse.urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=wait) as connection:
        connection.sendall(data)
        received = b""
        try:
            while chunk := connection.recv(65536):
                received += chunk
        except socket.timeout:
            pass
        return received


@pytest.mark.parametrize("key", ["?o", "DESC(?o)", "?p ?o", "DESC(?s) ?o", "STR(?o)", "DESC(LANG(?o)) ?o",
                                 "(?o)", "ASC(?o) DESC(?p)", "?s", "DESC(?p)"])
def test_ten_ordinary_order_by_queries_answer(endpoint, key):
    status, _, body = request(endpoint.url, query=f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o }} ORDER BY {key}",
                              headers={"Accept": "text/csv"})
    assert status == 200 and body.count(b"\r\n") == endpoint.triples + 1  # the header, then one row a triple
    assert_plain_query_answers(endpoint.url)


def test_deep_nesting_is_refused_before_parsing_and_a_crash_stays_in_its_worker(endpoint, monkeypatch):
    deep = "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
    status, _, body = request(endpoint.url, "POST", body=deep.encode(), headers={"Content-Type": "application/sparql-query"})
    assert status == 500 and b"crashed its worker process (killed by SIG" in body and body.count(b"\n") == 1
    assert_plain_query_answers(endpoint.url)
    monkeypatch.setattr(endpoint, "max_depth", 100)
    status, _, body = request(endpoint.url, "POST", body=deep.encode(), headers={"Content-Type": "application/sparql-query"})
    assert status == 400 and b"nested deeper than 100" in body
    assert main(["query", "--sparql", deep]) == 2
    assert_plain_query_answers(endpoint.url)


@pytest.fixture
def listener():
    """A TCP listener on loopback that records every connection it gets."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    seen, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except socket.timeout:
                continue
            seen.append(connection.getpeername())
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/sparql", seen
    stop.set()
    thread.join()
    server.close()


def test_service_is_refused_and_makes_no_connection(endpoint, listener):
    target, seen = listener
    prefix = target.removesuffix("sparql")
    for query in [f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
                  f"select * where {{ service silent <{target}> {{ ?s ?p ?o }} }}",
                  f"PREFIX x: <{prefix}> SELECT * WHERE {{ SERVICE x:sparql {{ ?s ?p ?o }} }}",
                  f"SELECT * WHERE {{ VALUES ?e {{ <{target}> }} SERVICE ?e {{ ?s ?p ?o }} }}"]:
        status, _, body = request(endpoint.url, query=query)
        assert status == 400 and b"refused" in body, query
        status, _, _ = request(endpoint.url, "POST", body=query.encode(), headers={"Content-Type": "application/sparql-query"})
        assert status == 400
        assert main(["query", "--sparql", query]) == 2
    time.sleep(0.5)
    assert seen == []
    assert_plain_query_answers(endpoint.url)


def test_allow_service_lets_the_cli_reach_a_listed_endpoint(listener, capsys):
    target, seen = listener
    code = main(["query", "--sparql", f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}", "--allow-service", target])
    time.sleep(0.5)
    assert seen, "the allowed endpoint was called"
    assert code == 1  # it hung up without answering: a remote failure, one line
    assert "Traceback" not in capsys.readouterr().err


def test_runaway_queries_are_killed_at_the_time_limit(endpoint):
    pids = {worker.process.pid for worker in endpoint.pool.workers}
    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: request(endpoint.url, query=RUNAWAY), range(8)))
    assert {status for status, _, _ in answers} == {503}
    assert all(headers["Retry-After"] for _, headers, _ in answers)
    assert time.monotonic() - started < 8 * TIMEOUT  # queued runaways wait at most one time limit each
    assert not any(running(pid) for pid in pids)  # the engines were stopped, not left running
    assert_plain_query_answers(endpoint.url)


def test_slow_clients_are_cut_off_and_do_not_block_others(endpoint):
    slow = [threading.Thread(target=raw, args=(endpoint.url, data)) for data in (
        b"",  # connects and sends nothing
        b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n",  # headers never finished
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nASK",
    )]
    for thread in slow:
        thread.start()
    assert_plain_query_answers(endpoint.url)  # while they hang
    assert raw(endpoint.url, b"").startswith(b"HTTP/1.1 408")
    assert raw(endpoint.url, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                             b"Content-Length: 100\r\n\r\nASK").startswith(b"HTTP/1.1 408")
    for thread in slow:
        thread.join(10)
    assert_plain_query_answers(endpoint.url)


@pytest.mark.parametrize("headers, status", [
    ({"Content-Length": "-1"}, 400),
    ({"Content-Length": "abc"}, 400),
    ({"Content-Length": "5", "Transfer-Encoding": "chunked"}, 400),
    ({"Content-Type": "text/plain", "Content-Length": "6"}, 415),
    ({"Content-Type": "application/sparql-query; charset=latin-1", "Content-Length": "6"}, 415),
    ({"Content-Type": "application/sparql-query", "Content-Length": "2000000"}, 413),
])
def test_bad_headers_get_a_client_error(endpoint, headers, status, capfd):
    lines = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    answer = raw(endpoint.url, f"POST /sparql HTTP/1.1\r\nHost: x\r\n{lines}\r\nASK {{}}".encode())
    assert answer.startswith(f"HTTP/1.1 {status}".encode()), answer[:100]
    assert "Traceback" not in capfd.readouterr().err
    assert_plain_query_answers(endpoint.url)


def test_long_urls_and_large_queries(endpoint):
    assert request(endpoint.url, query="ASK {}" + " " * 20_000)[0] == 414
    status, _, body = request(endpoint.url, "POST", body=("ASK {}" + " " * 200_000).encode(),
                              headers={"Content-Type": "application/sparql-query"})
    assert status == 400 and b"longer than the limit" in body
    assert_plain_query_answers(endpoint.url)


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "TRACE"])
def test_wrong_methods_get_405_with_allow(endpoint, method):
    status, headers, _ = request(endpoint.url, method, body=b"x")
    assert status == 405 and set(headers["Allow"].split(", ")) == {"GET", "HEAD", "POST"}
    assert_plain_query_answers(endpoint.url)


def test_head_answers_headers_only(endpoint):
    status, headers, body = request(endpoint.url, "HEAD", query="ASK {}")
    assert status == 200 and body == b"" and headers["Content-Type"].startswith("application/sparql-results+json")
