"""ORDER BY on the Oxigraph store: the mixed-type sort that aborts pyoxigraph answers, in SPARQL's order."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg import cells, ordering, sort_rows
from kg.cli import main
from kg.namespaces import PREFIXES
from kg.query import find_query, list_queries

# The smallest input found that makes pyoxigraph 0.5.13's ORDER BY abort the process (numbers and
# strings in one key: 9 < 10 by value, 10 < "5" and "5" < 9 by text; Rust's sort detects the cycle).
MIXED = ('SELECT ?o WHERE { VALUES ?o { "33" 8 37 11 "11" "93" 50 92 7 "39" 66 46 "24" 30 61 68 "21" 70 '
         '28 "37" "27" } } ORDER BY ?o')


def test_mixed_numbers_and_strings_sort_numbers_by_value_then_strings_by_text():
    values = [row["o"] for row in ordering.query(ox.Store(), MIXED)]
    numbers = [int(term.value) for term in values if term.datatype.value.endswith("#integer")]
    strings = [term.value for term in values if term.datatype.value.endswith("#string")]
    assert numbers == sorted(numbers) and strings == sorted(strings) and len(values) == 21
    assert values.index(ox.Literal("92", datatype=values[0].datatype)) < values.index(ox.Literal("11"))


def test_descending_with_limit_and_offset():
    top = [row["o"].value for row in ordering.query(ox.Store(), MIXED.replace("ORDER BY ?o", "ORDER BY DESC(?o) LIMIT 3 OFFSET 1"))]
    assert top == ["39", "37", "33"]


def test_ordering_of_the_seed_graph_agrees_with_rdflib(graph):
    """Figures ordered by value: the same sequence from the Oxigraph path and rdflib's own engine."""
    text = """PREFIX ckg: <https://w3id.org/clusterkg/ontology#>
    SELECT ?obs ?value WHERE { ?obs ckg:value ?value } ORDER BY DESC(?value) ?obs"""
    memory = Graph()
    memory += graph
    expected = [(str(row.obs), row.value.toPython()) for row in memory.query(text)]
    store = ox.Store()
    store.extend(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox.Literal(str(o), datatype=ox.NamedNode(o.datatype)))
                 for s, p, o in memory.triples((None, None, None))
                 if getattr(o, "datatype", None) is not None and str(p).endswith("#value"))
    got = [(row["obs"].value, float(row["value"].value)) for row in ordering.query(store, text)]
    assert [obs for obs, _ in got] == [obs for obs, _ in expected] and len(got) > 50


def test_order_by_any_column_of_the_graph_answers_from_the_cli(capsys):
    for key in ("?o", "DESC(?o)", "?p DESC(?o)", "STR(?o)", "(LANG(?o)) ?s"):
        assert main(["query", "--sparql", f"SELECT ?s ?o WHERE {{ ?s ?p ?o }} ORDER BY {key} LIMIT 2",
                     "-f", "csv"]) == 0
    assert capsys.readouterr().out.count("\n") == 5 * 3


def test_text_inside_strings_and_iris_is_left_alone():
    text = 'SELECT * WHERE { ?s ?p "ORDER BY ?x" } ORDER BY ?s'
    rewritten = ordering.total_order(text)
    assert '"ORDER BY ?x"' in rewritten and rewritten.count("ORDER BY") == 2 and rewritten.count("<urn:clusterkg:order:instant>(?s)") == 1


def test_every_kind_of_term_in_one_key_sorts_in_sparqls_order():
    """Unbound, blank node, IRI, then literals; numbers by value, dates by instant across time zones."""
    text = """SELECT ?o WHERE { VALUES ?o { UNDEF <http://example.org/b> <http://example.org/a> 2.5 10 "1e1"
      "2024-01-01T12:00:00+05:00"^^<http://www.w3.org/2001/XMLSchema#dateTime>
      "2024-01-01T08:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> "text" true }
      } ORDER BY ?o"""
    values = [row["o"] for row in ordering.query(ox.Store(), text)]
    assert values[0] is None and [term.value for term in values[1:3]] == ["http://example.org/a", "http://example.org/b"]
    assert [term.value for term in values[3:5]] == ["2.5", "10"]
    dates = [term.value for term in values if isinstance(term, ox.Literal) and term.datatype.value.endswith("dateTime")]
    assert dates == ["2024-01-01T12:00:00+05:00", "2024-01-01T08:00:00Z"]  # 07:00 and 08:00 UTC


@pytest.fixture(scope="module")
def seed_store(graph) -> ox.Store:
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


@pytest.mark.parametrize("name", [stored.name for stored in list_queries()])
def test_each_question_sorted_in_python_gives_raw_pyoxigraphs_rows_in_its_order(name, seed_store):
    """The outermost sort done after the engine, inner ones on keys bound per row: the same
    sequence, GROUP_CONCAT lists included, as pyoxigraph's own ORDER BY on the unchanged text."""
    text = find_query(name).text_with({"region": "Navoi"} if name == "region-profile" else None)
    found = sort_rows.answer(seed_store, text, prefixes=PREFIXES)
    raw = cells.read(seed_store.query(text, prefixes=PREFIXES))
    assert isinstance(found, cells.Table) and found.names == raw.names
    assert found.rows == raw.rows != []


def test_mixed_types_sorted_in_python_in_the_order_of_the_keys_evaluated_by_oxigraph():
    text = MIXED.replace("ORDER BY ?o", "ORDER BY DESC(?o)").replace("VALUES ?o {", 'VALUES ?o { UNDEF <http://example.org/a> '
                                                                      '"2024-01-01"^^<http://www.w3.org/2001/XMLSchema#date> "a"@en "a" ')
    sorted_here = sort_rows.answer(ox.Store(), text)
    assert isinstance(sorted_here, cells.Table)
    assert sorted_here.rows == cells.read(ordering.query(ox.Store(), text)).rows
    assert sorted_here.rows[-1] == [""]  # unbound sorts first, so last when descending


def test_a_subquerys_sort_binds_its_keys_once_per_row_and_feeds_group_concat_in_order():
    text = ('SELECT (GROUP_CONCAT(STR(?o); separator=" ") AS ?all) WHERE { { SELECT ?o WHERE { '
            + MIXED[MIXED.index("VALUES"):].replace("} } ORDER BY ?o", "} } ORDER BY DESC(?o) } }"))
    rewritten = ordering.total_order(text)
    assert "BIND(" in rewritten and "DESC(?clusterkg_order_" in rewritten
    (row,) = ordering.query(ox.Store(), text)
    assert row[0].value.split() == [term.value for term in (r[0] for r in ordering.query(ox.Store(), MIXED))][::-1]


@pytest.mark.parametrize("text, sorted_here", [
    ("SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o LIMIT 2", False),  # the engine keeps only the first rows
    ("SELECT DISTINCT ?s WHERE { ?s ?p ?o } ORDER BY STR(?o)", False),  # a sort column would change DISTINCT
    ("SELECT * WHERE { ?s ?p ?o } ORDER BY STR(?o)", False),
    ("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?s) && !isBLANK(?o)) } ORDER BY STR(?o) DESC(?p) ?s ?o", True),
    ("SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s)) } GROUP BY ?s ORDER BY DESC(?n) ?s", True),
    ("ASK { ?s ?p ?o }", False),
    ("PREFIX select: <http://example.org/> SELECT DISTINCT ?s WHERE { ?s ?p ?o } ORDER BY STR(?o)", False),
    ("SELECT ?s ?p ?select WHERE { ?s ?p ?select FILTER(isIRI(?s) && !isBLANK(?select)) } ORDER BY ?s ?select ?p", True),
])
def test_which_queries_are_sorted_after_the_engine(text, sorted_here, seed_store):
    """Sorted after the engine or by it, the same rows in the same order (the keys leave no ties)."""
    found = sort_rows.answer(seed_store, text, prefixes=PREFIXES)
    assert isinstance(found, cells.Table) == sorted_here
    if not isinstance(found, ox.QueryBoolean):
        found = found if sorted_here else cells.read(found)
        expected = cells.read(ordering.query(seed_store, text, prefixes=PREFIXES))
        assert found.names == expected.names and found.rows == expected.rows


def test_a_sort_column_the_grouped_projection_refuses_falls_back_to_the_engines_sort(seed_store):
    text = "SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s ORDER BY STR(?p) ?s"
    assert sort_rows.final_order(text) is not None
    found = sort_rows.answer(seed_store, text, prefixes=PREFIXES)
    assert [v.value for v in found.variables] == ["s", "n"] and len(list(found)) > 100


def test_a_sort_on_str_is_left_to_oxigraph_and_sorts_mixed_terms_by_their_text():
    """STR gives plain strings (or an error, sorted first): a total order Oxigraph's own sort keeps."""
    text = MIXED.replace("ORDER BY ?o", "ORDER BY STR(?o)").replace("VALUES ?o {", "VALUES ?o { <http://example.org/a> ")
    assert "isNUMERIC" not in ordering.total_order(text)  # no kind of term: one key, the string
    values = [row[0].value for row in ordering.query(ox.Store(), text)]
    assert values == sorted(values) and len(values) == 22
