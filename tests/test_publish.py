"""Publishing into a real Virtuoso (the `virtuoso` fixture of conftest.py), then querying it."""

from __future__ import annotations

import csv
import http.server
import socket
import threading
import time
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
import requests
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from kg.cli import main

from conftest import NAVOI_EXPORTS, free_port

GRAPH_IRI = "https://w3id.org/clusterkg/id/"


def test_publish_puts_every_triple_into_virtuoso(published, graph):
    remote = Graph(SPARQLStore(query_endpoint=f"{published}/sparql", returnFormat="json"))
    count = f"SELECT (COUNT(*) AS ?n) FROM <{GRAPH_IRI}> WHERE {{ ?s ?p ?o }}"
    assert int(next(iter(remote.query(count))).n) == len(graph)
    assert [row.value.toPython() for row in remote.query(NAVOI_EXPORTS)] == [2150]


def test_publish_with_a_wrong_password_fails_with_one_line(virtuoso, capsys):
    code = main(["publish", "--endpoint", f"{virtuoso}/sparql-graph-crud-auth", "--user", "dba", "--password", "wrong"])
    assert code == 1
    err = capsys.readouterr().err
    assert "401" in err and "Traceback" not in err and err.count("\n") == 1


class RefusingStore(http.server.BaseHTTPRequestHandler):
    """A store that asks for a digest login and refuses every one; counts the bytes it was sent."""

    received = 0

    def refuse(self) -> None:
        type(self).received += int(self.headers.get("Content-Length") or 0)
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Digest realm="store", nonce="n", qop="auth"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_PUT = do_POST = refuse

    def log_message(self, *args) -> None:
        pass


def test_a_refused_login_is_reported_before_any_triple_is_sent(capsys):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RefusingStore)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        host = f"127.0.0.1:{server.server_address[1]}"
        assert main(["publish", "--endpoint", f"http://{host}/data", "--user", "dba", "--password", "wrong"]) == 1
    finally:
        server.shutdown()
    assert capsys.readouterr().err == (f"error: publish failed: {host}: the store answered 401 Unauthorized: "
                                       "wrong user or password\n")
    assert RefusingStore.received == 0


def test_unreachable_and_silent_stores_fail_in_one_line_naming_the_host(capsys):
    port = free_port()  # nothing listens there
    assert main(["publish", "--endpoint", f"http://127.0.0.1:{port}/data", "--timeout", "2"]) == 1
    assert capsys.readouterr().err == f"error: publish failed: 127.0.0.1:{port}: connection refused\n"
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts connections, never answers
        port = silent.getsockname()[1]
        started = time.monotonic()
        assert main(["publish", "--endpoint", f"http://127.0.0.1:{port}/data", "--timeout", "1"]) == 1
    assert time.monotonic() - started < 30
    assert capsys.readouterr().err == (f"error: publish failed: 127.0.0.1:{port}: the store did not answer "
                                       "within 1 s (--timeout)\n")


def count_in(base: str, graph_iri: str) -> int:
    remote = Graph(SPARQLStore(query_endpoint=f"{base}/sparql", returnFormat="json"))
    return int(next(iter(remote.query(f"SELECT (COUNT(*) AS ?n) FROM <{graph_iri}> WHERE {{ ?s ?p ?o }}"))).n)


def staging_graphs(base: str) -> list[str]:
    remote = Graph(SPARQLStore(query_endpoint=f"{base}/sparql", returnFormat="json"))
    rows = remote.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'urn:clusterkg:staging:')) }")
    return [str(row.g) for row in rows]


def test_a_publish_in_batches_replaces_the_graph_once_complete(published, graph):
    """Published again in 8 batches over the first publish: replaced (not added to), nothing left over."""
    assert main(["publish", "--endpoint", f"{published}/sparql-graph-crud-auth", "--graph", GRAPH_IRI, "--user", "dba",
                 "--password", "dba", "--batch-lines", "500"]) == 0
    assert count_in(published, GRAPH_IRI) == len(graph) and staging_graphs(published) == []


class FailingProxy(http.server.BaseHTTPRequestHandler):
    """Forwards requests to the store, but hangs up on the third batch POST (a push cut off halfway)."""

    store: str
    posts = 0

    def forward(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.command == "POST" and "graph-crud" in self.path:
            type(self).posts += 1
            if type(self).posts == 3:
                self.close_connection = True
                return
        headers = {name: value for name, value in self.headers.items() if name.lower() not in ("host", "content-length")}
        answer = requests.request(self.command, self.store + self.path, data=body, headers=headers, timeout=60)
        self.send_response(answer.status_code)
        for name, value in answer.headers.items():
            if name.lower() not in ("transfer-encoding", "content-length", "connection", "content-encoding"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer.content)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.content)

    do_GET = do_HEAD = do_PUT = do_POST = forward

    def log_message(self, *args) -> None:
        pass


def test_a_publish_cut_off_halfway_leaves_the_published_graph_intact(published, graph, tmp_path, capsys):
    replacement = tmp_path / "replacement.ttl"
    replacement.write_text("".join(f"<urn:x:{i}> <urn:x:value> {i} .\n" for i in range(3000)), encoding="utf-8")
    FailingProxy.store, FailingProxy.posts = published, 0
    proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FailingProxy)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    try:
        code = main(["publish", "--endpoint", f"http://127.0.0.1:{proxy.server_port}/sparql-graph-crud-auth",
                     "--graph", GRAPH_IRI, "--user", "dba", "--password", "dba", "--input", str(replacement),
                     "--batch-lines", "500"])
    finally:
        proxy.shutdown()
        proxy.server_close()
    assert code == 1 and FailingProxy.posts >= 3
    err = capsys.readouterr().err
    assert err == f"error: publish failed: 127.0.0.1:{proxy.server_port}: the store closed the connection without answering\n"
    assert count_in(published, GRAPH_IRI) == len(graph)
    remote = Graph(SPARQLStore(query_endpoint=f"{published}/sparql", returnFormat="json"))
    navoi = NAVOI_EXPORTS.replace("SELECT ?value WHERE", f"SELECT ?value FROM <{GRAPH_IRI}> WHERE")
    assert [row.value.toPython() for row in remote.query(navoi)] == [2150]
    assert staging_graphs(published) == []


def rows_of(csv_file: Path) -> list[dict]:
    """CSV rows with numbers compared as numbers (stores write 2150, 2150.0 or 2150.00)."""
    def value(text: str):
        try:
            return Decimal(text)
        except InvalidOperation:
            return text
    with csv_file.open(newline="", encoding="utf-8") as stream:
        return [{key: value(text) for key, text in row.items()} for row in csv.DictReader(stream)]


@pytest.mark.parametrize("question", ["value-chains", "sector-specialization", "policy-basis"])
def test_research_questions_on_virtuoso_give_the_local_rows(published, question, tmp_path):
    remote, local = tmp_path / "remote.csv", tmp_path / "local.csv"
    assert main(["query", question, "--endpoint", f"{published}/sparql", "-f", "csv", "-o", str(remote)]) == 0
    assert main(["query", question, "-f", "csv", "-o", str(local)]) == 0
    assert rows_of(remote) == rows_of(local) and rows_of(local)
