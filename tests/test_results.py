"""Result formats: what a reader sees in a table, and files other SPARQL tools can read back."""

from __future__ import annotations

import io

from rdflib import XSD, Graph, Literal, URIRef, Variable
from rdflib.query import Result

from kg.namespaces import PREFIXES
from kg.results import compact, render, without_sources

EX = "https://w3id.org/clusterkg/id/region/"
PREFIXES_WITH_DATA = {**PREFIXES, "region": EX}


def select(rows: list[dict[str, object]], names: list[str]) -> Result:
    result = Result("SELECT")
    result.vars = [Variable(name) for name in names]
    result.bindings = [{Variable(k): v for k, v in row.items() if v is not None} for row in rows]
    return result


AWKWARD = select(
    [{"place": URIRef(EX + "UZ-NW"), "note": Literal('tab\there, "quoted", | pipe\nnew line', lang="en"),
      "value": Literal("2150", datatype=XSD.decimal), "source": URIRef("https://example.org/s"), "locator": Literal("T2")},
     {"place": URIRef("https://example.org/other"), "note": None, "value": Literal(1), "source": None, "locator": None}],
    ["place", "note", "value", "source", "locator"],
)


def test_iris_read_as_prefixed_names_where_a_prefix_fits():
    assert compact(EX + "UZ-NW", PREFIXES_WITH_DATA) == "region:UZ-NW"
    assert compact("https://w3id.org/clusterkg/ontology#Region", PREFIXES_WITH_DATA) == "ckg:Region"
    assert compact("https://example.org/a b", PREFIXES_WITH_DATA) == "<https://example.org/a b>"


def test_tsv_and_csv_round_trip_through_rdflib_parsers():
    for fmt in ("tsv", "csv", "json"):
        parsed = Result.parse(io.StringIO(render(AWKWARD, fmt, PREFIXES)), format=fmt)
        first = {str(var): value for var, value in parsed.bindings[0].items()}
        assert str(first["note"]) == 'tab\there, "quoted", | pipe\nnew line'
        assert str(first["place"]) == EX + "UZ-NW"
        assert "note" not in {str(var) for var in parsed.bindings[1]}  # unbound stays unbound
    tsv = render(AWKWARD, "tsv", PREFIXES).splitlines()
    assert tsv[0] == "?place\t?note\t?value\t?source\t?locator" and len(tsv) == 3


def test_markdown_escapes_pipes_and_newlines_and_right_aligns_numbers():
    lines = render(AWKWARD, "md", PREFIXES_WITH_DATA).splitlines()
    assert lines[1] == "|---|---|---:|---|---|"
    assert lines[2].startswith("| region:UZ-NW | tab\there, \"quoted\", \\| pipe new line | 2150 |")


def test_sources_are_dropped_only_on_request():
    trimmed = without_sources(AWKWARD)
    assert [str(var) for var in trimmed.vars] == ["place", "note", "value"]
    assert len(trimmed.bindings) == 2
    only_sources = select([{"source": URIRef("https://example.org/s")}], ["source"])
    assert without_sources(only_sources) is only_sources


def test_table_text_keeps_every_cell_whole():
    text = render(AWKWARD, "table", PREFIXES_WITH_DATA, title="Awkward", caption="2 rows")
    assert text.startswith("Awkward") and "region:UZ-NW" in text and "2 rows" in text
    assert all(line == line.rstrip() for line in text.splitlines())


def test_graph_results_are_turtle_or_json_ld():
    result = Result("CONSTRUCT")
    result.graph = Graph()
    result.graph.add((URIRef(EX + "UZ-NW"), URIRef(PREFIXES["ckg"] + "bordersOn"), URIRef(EX + "UZ-BU")))
    turtle = render(result, "table", PREFIXES_WITH_DATA)
    assert "region:UZ-NW ckg:bordersOn region:UZ-BU" in turtle
    assert len(Graph().parse(data=render(result, "json", PREFIXES_WITH_DATA), format="json-ld")) == 1
