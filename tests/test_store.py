"""The store choice: the same graph and the same answers on rdflib's memory store and on Oxigraph."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.build import build_graph, open_or_build
from kg.query import list_queries, query
from kg.store import check_store, engine_of, load_file

from conftest import NOT_ON_RDFLIB

NAVOI = URIRef("https://w3id.org/clusterkg/id/region/UZ-NW")
EXPORTS_BY_REGION = """PREFIX ckg: <https://w3id.org/clusterkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?region ?label ?value WHERE {
  ?obs ckg:dataSet|<http://purl.org/linked-data/cube#dataSet> <https://w3id.org/clusterkg/id/dataset/table-2> ;
       ckg:indicator <https://w3id.org/clusterkg/id/indicator/cluster-exports> ;
       ckg:refArea ?region ; ckg:value ?value .
  ?region a ckg:Region ; rdfs:label ?label .
} ORDER BY DESC(?value) ?region"""


@pytest.mark.parametrize("spec", ["postgres", "oxigraph:", "memory:x"])
def test_unknown_store_is_refused(spec):
    with pytest.raises(ValueError, match="unknown store"):
        check_store(spec)


def with_plain_integers(graph) -> Graph:
    """Oxigraph stores integer subtypes (the ontology's "1"^^xsd:nonNegativeInteger cardinalities)
    as xsd:integer; the copy makes that one known difference equal."""
    from rdflib import XSD  # a DefinedNamespace at module level trips pytest's collection

    copy = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.nonNegativeInteger:
            o = Literal(str(o), datatype=XSD.integer)
        copy.add((s, p, o))
    return copy


def test_oxigraph_holds_the_same_graph_as_memory(graph):
    assert isomorphic(with_plain_integers(build_graph(store="oxigraph")), with_plain_integers(graph))


def test_literals_read_back_from_oxigraph_equal_the_populated_ones():
    oxigraph = build_graph(store="oxigraph")
    assert Literal("Navoi", lang="en") in set(oxigraph.objects(NAVOI, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    assert Literal("UZ-NW") in set(oxigraph.objects(NAVOI, URIRef("https://w3id.org/clusterkg/ontology#isoCode")))


def test_exports_by_region_are_the_same_rows_on_every_store(graph):
    memory_rows = [tuple(row) for row in graph.query(EXPORTS_BY_REGION)]
    oxigraph_rows = [tuple(row) for row in build_graph(store="oxigraph").query(EXPORTS_BY_REGION)]
    assert oxigraph_rows == memory_rows
    assert (memory_rows[0][1], memory_rows[0][2].toPython()) == (Literal("Navoi", lang="en"), 2150)


def test_persistent_store_is_built_once_then_reused(tmp_path, graph):
    spec = f"oxigraph:{tmp_path / 'store'}"
    first = open_or_build(spec)
    assert len(first) == len(graph)
    del first
    reopened = open_or_build(spec)
    assert engine_of(reopened) is not None and len(reopened) == len(graph)
    assert dict(reopened.namespaces())["region"] == dict(graph.namespaces())["region"]


def test_length_is_oxigraphs_count_not_a_query(graph, monkeypatch):
    oxigraph = build_graph(store="oxigraph")
    monkeypatch.setattr(type(engine_of(oxigraph)), "query", None, raising=False)
    assert len(oxigraph) == len(graph)


def test_load_file_into_each_store(tmp_path, graph):
    path = tmp_path / "graph.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    assert len(load_file(path, "memory")) == len(load_file(path, "oxigraph")) == len(graph)
    text_file = path.rename(tmp_path / "graph.txt")
    with pytest.raises(ValueError, match="unknown RDF file suffix"):
        load_file(text_file)


PARAMS = {"region-profile": {"region": "Navoi"}}


@pytest.fixture(scope="module", params=["oxigraph", "oxigraph:PATH"])
def other_store(request, tmp_path_factory):
    spec = request.param.replace("PATH", str(tmp_path_factory.mktemp("store") / "oxigraph"))
    return open_or_build(spec)


@pytest.fixture(scope="module")
def on_rdflib(graph):
    """rdflib's answer to each question, asked once for both other stores (some take rdflib a minute)."""
    answers = {}

    def answer(question: str) -> list[dict]:
        if question not in answers:
            answers[question] = query(question, graph, params=PARAMS.get(question))
        return answers[question]

    return answer


@pytest.mark.parametrize("question", [stored.name for stored in list_queries() if stored.name not in NOT_ON_RDFLIB])
def test_every_research_question_gives_the_same_rows_on_every_store(question, on_rdflib, other_store):
    expected = on_rdflib(question)
    answered = query(question, other_store, params=PARAMS.get(question))
    assert expected and _any_concat_order(answered) == _any_concat_order(expected)


def _any_concat_order(rows: list[dict]) -> list[dict]:
    """GROUP_CONCAT's order is left to each engine by SPARQL 1.1: text cells compare by their joined parts."""
    return [{column: "; ".join(sorted(re.split(r"; |, ", value))) if isinstance(value, str) else value
             for column, value in row.items()} for row in rows]


ROWS_WITH_GAPS = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label ?missing WHERE {
  { BIND(<https://w3id.org/clusterkg/id/region/UZ-NW> AS ?region) ?region rdfs:label ?label }
  UNION { OPTIONAL { ?nothing <urn:clusterkg:no-such-property> ?missing } }
}"""


def test_oxigraph_answer_reads_as_rdflibs_result(graph):
    """Rows, bindings, length and access by name as rdflib's own Result has them, a row that binds
    nothing included (rdflib keeps it in the bindings and leaves it out when iterating)."""
    expected = graph.query(ROWS_WITH_GAPS)
    answered = build_graph(store="oxigraph").query(ROWS_WITH_GAPS)
    assert answered.vars == expected.vars
    assert answered.bindings == expected.bindings and {} in answered.bindings
    assert len(answered) == len(expected) == 2
    assert [tuple(row) for row in answered] == [tuple(row) for row in expected] == [(Literal("Navoi", lang="en"), None)]
    row = next(iter(answered))
    assert row.label == row["label"] == row[0] == Literal("Navoi", lang="en") and row.missing is None
    assert row.asdict() == {"label": Literal("Navoi", lang="en")}
