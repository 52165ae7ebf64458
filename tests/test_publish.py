"""Publishing into a real Virtuoso (the `virtuoso` fixture of conftest.py), then querying it."""

from __future__ import annotations

import csv
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from kg.cli import main

GRAPH_IRI = "https://w3id.org/clusterkg/id/"
NAVOI_EXPORTS = """PREFIX ckg: <https://w3id.org/clusterkg/ontology#>
SELECT ?value WHERE {
  ?obs ckg:refArea <https://w3id.org/clusterkg/id/region/UZ-NW> ;
       ckg:indicator <https://w3id.org/clusterkg/id/indicator/cluster-exports> ; ckg:value ?value .
}"""


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
