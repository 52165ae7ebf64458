"""Source fidelity: every statement of tests/fidelity.yaml (quoted from a source, with its locator)
is found in the built graph by its SPARQL ASK, and no known wrong form of it is there.

The ASKs run on rdflib and again on pyoxigraph (a second SPARQL engine) over the same triples.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph
import pytest
import yaml

from kg.build import build_graph
from kg.namespaces import DEFAULT_BASE, PREFIXES, entity_prefixes

TABLE = yaml.safe_load((Path(__file__).parent / "fidelity.yaml").read_text(encoding="utf-8"))["statements"]
PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in {**PREFIXES, **entity_prefixes(DEFAULT_BASE)}.items())
PROLOGUE += "PREFIX dcat: <http://www.w3.org/ns/dcat#>\nPREFIX bibo: <http://purl.org/ontology/bibo/>\n"


@pytest.fixture(scope="module")
def graph():
    return build_graph()


@pytest.fixture(scope="module")
def oxigraph_store(graph):
    store = pyoxigraph.Store()
    store.load(graph.serialize(format="nt").encode(), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def test_the_table_is_large_and_covers_every_source():
    assert len(TABLE) >= 150
    assert len({row["id"] for row in TABLE}) == len(TABLE)
    per_source = Counter(row["source"] for row in TABLE)
    assert set(per_source) == {"jumayeva-regional-clusters", "uz-kz-cooperation-2025", "ukubasova-2018"}
    assert all(row["quote"].strip() and row["locator"].strip() for row in TABLE)


@pytest.mark.parametrize("row", TABLE, ids=[row["id"] for row in TABLE])
def test_statement_is_in_the_graph(graph, oxigraph_store, row):
    query = PROLOGUE + row["ask"]
    assert graph.query(query).askAnswer, f"{row['locator']}: {row['quote']!r} not found"
    assert oxigraph_store.query(query), f"{row['locator']}: not found by pyoxigraph"


@pytest.mark.parametrize("row", [row for row in TABLE if "wrong" in row], ids=lambda row: row["id"])
def test_no_wrong_form_of_the_statement(graph, oxigraph_store, row):
    query = PROLOGUE + row["wrong"]
    assert not graph.query(query).askAnswer, f"{row['locator']}: a wrong form of {row['quote']!r} is in the graph"
    assert not oxigraph_store.query(query)
