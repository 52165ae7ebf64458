"""Publishing into a real Virtuoso started by the test on loopback ports, then querying it."""

from __future__ import annotations

import configparser
import csv
import os
import shutil
import socket
import subprocess
import time
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
import requests
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from kg.cli import main

VIRTUOSO = shutil.which("virtuoso-t")
VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
GRAPH_IRI = "https://w3id.org/clusterkg/id/"
NAVOI_EXPORTS = """PREFIX ckg: <https://w3id.org/clusterkg/ontology#>
SELECT ?value WHERE {
  ?obs ckg:refArea <https://w3id.org/clusterkg/id/region/UZ-NW> ;
       ckg:indicator <https://w3id.org/clusterkg/id/indicator/cluster-exports> ; ckg:value ?value .
}"""

if not VIRTUOSO and not os.environ.get("CI"):
    pytest.skip("virtuoso-opensource is not installed (scripts/test.sh installs it; CI runs these tests)",
                allow_module_level=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A fresh Virtuoso (user dba, password dba) in a temporary folder; yields its HTTP base URL."""
    folder = tmp_path_factory.mktemp("virtuoso")
    config = configparser.RawConfigParser(strict=False, interpolation=None)
    config.optionxform = str
    config.read(VIRTUOSO_INI)
    for section in ("Database", "TempDatabase"):
        for key, value in config[section].items():
            if value.startswith("/var/lib/"):
                config[section][key] = str(folder / Path(value).name)
    http_port = free_port()
    config["Parameters"]["ServerPort"] = f"127.0.0.1:{free_port()}"
    config["Parameters"]["DirsAllowed"] = f"., {folder}, /usr/share/virtuoso-opensource-7/vad"
    config["HTTPServer"]["ServerPort"] = f"127.0.0.1:{http_port}"
    config["HTTPServer"]["ServerRoot"] = "/var/lib/virtuoso-opensource-7/vsp"
    ini = folder / "virtuoso.ini"
    with ini.open("w") as stream:
        config.write(stream)
    log = (folder / "stdout.log").open("w")
    process = subprocess.Popen([VIRTUOSO, "-f", "-c", str(ini)], cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if requests.get(f"{base}/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Virtuoso did not start: {(folder / 'stdout.log').read_text()[-2000:]}")
            time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module")
def published(virtuoso):
    endpoint = f"{virtuoso}/sparql-graph-crud-auth"
    code = main(["publish", "--endpoint", endpoint, "--graph", GRAPH_IRI, "--user", "dba", "--password", "dba"])
    assert code == 0
    return virtuoso


def test_publish_puts_every_triple_into_virtuoso(published, graph):
    remote = Graph(SPARQLStore(query_endpoint=f"{published}/sparql", returnFormat="json"))
    count = f"SELECT (COUNT(*) AS ?n) FROM <{GRAPH_IRI}> WHERE {{ ?s ?p ?o }}"
    assert int(next(iter(remote.query(count))).n) == len(graph)
    assert [row.value.toPython() for row in remote.query(NAVOI_EXPORTS)] == [2150]


def test_publish_with_a_wrong_password_fails_with_one_line(virtuoso, capsys):
    code = main(["publish", "--endpoint", f"{virtuoso}/sparql-graph-crud-auth", "--user", "dba", "--password", "wrong"])
    assert code == 2
    err = capsys.readouterr().err
    assert "401" in err and "Traceback" not in err


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
