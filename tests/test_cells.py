"""Answers read as Oxigraph's TSV cells: the same terms as Oxigraph's own Python objects, and the
same order as Oxigraph evaluating kg.ordering's keys, for any text, language, datatype or number."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg import cells, ordering
from kg.store import from_oxigraph

XSD = "http://www.w3.org/2001/XMLSchema#"
PREDICATE = ox.NamedNode("http://example.org/p")
# any text a literal can hold (no lone surrogates), tabs, newlines, quotes and backslashes often
TEXT = st.text(st.one_of(st.sampled_from('\t\n\r"\\ @^<>_:'), st.characters(blacklist_categories=("Cs",))))
NUMBERS = st.one_of(
    st.integers().map(lambda n: ox.Literal(str(n), datatype=ox.NamedNode(f"{XSD}integer"))),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(
        lambda n: ox.Literal(f"{n:f}", datatype=ox.NamedNode(f"{XSD}decimal"))),
    st.floats().map(lambda n: ox.Literal(repr(n).replace("inf", "INF").replace("nan", "NaN"),
                                         datatype=ox.NamedNode(f"{XSD}double"))),
    st.booleans().map(lambda b: ox.Literal(str(b).lower(), datatype=ox.NamedNode(f"{XSD}boolean"))),
)
TERMS = st.one_of(
    TEXT.map(ox.Literal),
    st.tuples(TEXT, st.sampled_from(["en", "uz-Latn", "ru", "kk-Cyrl-KZ"])).map(lambda t: ox.Literal(t[0], language=t[1])),
    st.tuples(TEXT, st.sampled_from([f"{XSD}date", f"{XSD}dateTime", "http://example.org/type"])).map(
        lambda t: ox.Literal(t[0], datatype=ox.NamedNode(t[1]))),
    NUMBERS,
    st.sampled_from(["http://example.org/a", "http://example.org/é?q=1#x", "urn:isbn:0451450523"]).map(ox.NamedNode),
    st.builds(ox.BlankNode),
)


def store_of(terms: list) -> ox.Store:
    store = ox.Store()
    store.extend(ox.Quad(ox.NamedNode(f"http://example.org/s{index}"), PREDICATE, term) for index, term in enumerate(terms))
    return store


@given(st.lists(TERMS, min_size=1, max_size=12))
def test_each_cell_is_the_term_oxigraph_answers(terms):
    store = store_of(terms)
    text = "SELECT ?s ?o ?none WHERE { ?s ?p ?o OPTIONAL { ?s <http://example.org/none> ?none } } ORDER BY ?s"
    table = cells.read(store.query(text))
    expected = [[from_oxigraph(value) for value in row] for row in store.query(text)]
    assert table.names == ["s", "o", "none"]
    assert [[cells.term(cell) for cell in row] for row in table.rows] == expected


@given(st.lists(TERMS, min_size=1, max_size=12))
def test_cells_sort_as_oxigraph_evaluates_the_keys(terms):
    store = store_of(terms)
    text = "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o"
    in_python = sorted(cells.read(store.query("SELECT ?o WHERE { ?s ?p ?o }")).rows,
                       key=lambda row: cells.sort_key(row[0]))
    by_oxigraph = cells.read(ordering.query(store, text)).rows
    assert [cells.sort_key(row[0]) for row in in_python] == [cells.sort_key(row[0]) for row in by_oxigraph]


@pytest.mark.parametrize("text, names, rows", [
    ("SELECT * WHERE {}", [], [[]]),  # one solution without variables
    ("SELECT ?x WHERE { ?a <urn:none> ?x }", ["x"], []),
    ("SELECT ?x WHERE { OPTIONAL { ?a <urn:none> ?x } }", ["x"], [[""]]),
    # a tab escaped, an unbound value empty, a decimal in Oxigraph's canonical form
    ('SELECT ?x ?y WHERE { VALUES (?x ?y) { ("a\\tb" UNDEF) (1 1.50) } }', ["x", "y"],
     [['"a\\tb"', ""], ["1", "1.5"]]),
])
def test_empty_answers_unbound_values_and_bare_numbers(text, names, rows):
    table = cells.read(ox.Store().query(text))
    assert (table.names, table.rows) == (names, rows)


def test_a_triple_term_is_refused_as_oxigraphs_terms_are():
    with pytest.raises(ValueError, match="unsupported term"):
        cells.term('<<( <urn:a> <urn:b> <urn:c> )>>')


def test_an_answer_longer_than_the_chunks_oxigraph_writes_is_read_whole():
    """Lines that span Oxigraph's 8 KB chunks, and values longer than a chunk (multi-byte, escaped)."""
    store = store_of([ox.Literal("é\t" * n) for n in (1, 5000, 3, 20000)] + [ox.Literal(str(n)) for n in range(2000)])
    text = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"
    table = cells.read(store.query(text))
    assert len(table.rows) == 2004
    assert [[cells.term(cell) for cell in row] for row in table.rows] == [
        [from_oxigraph(value) for value in row] for row in store.query(text)]


@given(st.lists(st.integers(min_value=0), max_size=30))
def test_a_line_split_across_chunks_anywhere_is_read_whole(cuts):
    """Oxigraph's chunks end at lines today; a line (or a character) cut anywhere is joined again."""
    store = store_of([ox.Literal("é\t\"ü"), ox.Literal("ok", language="uz-Latn"), ox.Literal("7")])
    data = store.query("SELECT ?s ?o WHERE { ?s ?p ?o }").serialize(format=ox.QueryResultsFormat.TSV)
    ends = sorted({cut % len(data) for cut in cuts} | {len(data)})
    lines = cells._Lines()
    for start, end in zip([0, *ends], ends):
        assert lines.write(data[start:end]) == end - start
    assert lines.cells == [line.split("\t") for line in data.decode().split("\n")[:-1]]
