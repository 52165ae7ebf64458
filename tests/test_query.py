"""The query library (headers, parameters, syntax errors), running on any graph-like object, the
Python API and the `clusterkg queries` / `clusterkg query` commands."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal

import pytest
from rdflib import Graph
from rdflib.query import Result

from kg import build_graph, query
from kg.cli import main
from kg.query import QueryError, check_syntax, find_query, from_text, list_queries, run

QUESTIONS = {
    "exports-by-region", "exports-per-cluster", "production-vs-exports", "region-profile",
    "sector-specialization", "value-chains", "cross-border-links", "policy-basis", "targets-progress",
    "totals-audit", "uz-kz-cooperation", "events-timeline", "specialisation", "export-potential", "value-chain-gaps",
}

OWN_QUERY = """# title: Clusters in a region
# question: Which clusters sit in the region?
#   (continued on a second line)
# source: Jumayeva, "Regional clusters and their impact on export potential", cluster types
# param: region — ISO code of the region
PREFIX ckg: <https://w3id.org/clusterkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?cluster WHERE {
  VALUES ?region { "UZ-AN" }
  ?cluster a/rdfs:subClassOf* ckg:Cluster ; ckg:locatedIn/ckg:locatedIn? ?area .
  ?area ckg:isoCode ?code .
  FILTER(STR(?code) = STR(?region))
}
ORDER BY ?cluster
"""


@pytest.fixture(scope="module")
def graph():
    return build_graph()


def test_the_library_holds_the_fifteen_questions_each_with_title_question_and_source():
    stored = list_queries()
    assert {query.name for query in stored} == QUESTIONS
    for query_ in stored:
        assert query_.title and query_.question.endswith("?") and query_.source, query_.name
        check_syntax(query_.text, query_.name)


def test_header_continuation_lines_and_parameters():
    stored = from_text(OWN_QUERY, "own")
    assert stored.question == "Which clusters sit in the region? (continued on a second line)"
    (parameter,) = stored.parameters
    assert (parameter.name, parameter.default_value, parameter.description) == ("region", "UZ-AN", "ISO code of the region")
    assert stored.text_with() == OWN_QUERY
    assert 'VALUES ?region { "UZ-NW" }' in stored.text_with({"region": "UZ-NW"})


def test_every_parameter_has_its_default_in_a_values_block_opening_the_where_group():
    for stored in list_queries():
        for parameter in stored.parameters:
            where = stored.text.index("WHERE {") + len("WHERE {")
            block = f"VALUES ?{parameter.name} {{ {parameter.default} }}"
            assert block in stored.text[where:where + 200], (stored.name, parameter.name)


def test_unknown_parameters_are_named():
    with pytest.raises(QueryError, match=r"region-profile has no parameter 'year' \(its parameters: region\)"):
        find_query("region-profile").text_with({"year": "2024"})


def test_a_declared_parameter_needs_a_values_block_with_its_default():
    with pytest.raises(QueryError, match=r"parameter 'country' needs its default as 'VALUES \?country"):
        from_text("# param: country — a country\nSELECT ?x WHERE { ?x ?p ?country }", "bad")
    with pytest.raises(QueryError, match="write '# param: NAME — description'"):
        from_text("# param: country = UZ — a country\nSELECT ?x WHERE { VALUES ?country { 'UZ' } ?x ?p ?country }", "old")


def test_a_value_is_substituted_as_an_escaped_literal_or_a_checked_iri():
    stored = from_text("# param: who — x\n# param: what — y\nSELECT ?s WHERE { VALUES ?who { \"a\" }\n"
                       "  VALUES ?what { <http://example.org/a> } ?s ?what ?who }", "own")
    text = stored.text_with({"who": 'x" } ?s ?p ?o { "', "what": "http://example.org/b"})
    assert 'VALUES ?who { "x\\" } ?s ?p ?o { \\"" }' in text and "VALUES ?what { <http://example.org/b> }" in text
    with pytest.raises(QueryError, match=re.escape("parameter what: 'http://x> { ?s' is not an IRI")):
        stored.text_with({"what": "http://x> { ?s"})


def test_unknown_query_name_lists_the_questions():
    with pytest.raises(QueryError, match="unknown query 'exports'; the research questions are: .*exports-by-region"):
        find_query("exports")


def test_syntax_error_names_line_and_column():
    text = "PREFIX ckg: <https://w3id.org/clusterkg/ontology#>\nSELECT ?r WHERE {\n  ?r a ckg:Region .\n  ?r ?p\n}\n"
    with pytest.raises(QueryError, match=r"^mine: syntax error at line 4, column 3: "):
        check_syntax(text, "mine")
    with pytest.raises(QueryError, match=r"unknown prefix 'foo:'"):
        check_syntax("SELECT ?x WHERE { ?x foo:bar ?y }", "mine")


def test_parameter_values_are_substituted_not_pasted(graph):
    hostile = 'Navoi") } UNION { ?s ?p ?o } #'
    assert query("region-profile", graph, params={"region": hostile}) == []


def test_run_works_on_anything_with_a_query_method(graph):
    class Endpoint:
        """Only rdflib's query() signature, like a remote store: no namespaces()."""

        def query(self, text, initNs):
            return graph.query(text, initNs=initNs)

    result = run(Endpoint(), "SELECT ?r WHERE { VALUES ?code { 'UZ-NW' } ?r a ckg:Region ; ckg:isoCode ?code }")
    assert isinstance(result, Result)
    assert [str(row.r) for row in result] == ["https://w3id.org/clusterkg/id/region/UZ-NW"]


def test_python_api_returns_rows_asks_and_graphs(graph):
    rows = query("exports-by-region", graph)
    assert rows[0]["region"] == "Navoi" and rows[0]["exports"] == Decimal("2150")
    assert "locator" in rows[0] and "locator" not in query("exports-by-region", graph, with_sources=False)[0]
    assert query("ASK { region:UZ-NW ckg:inCountry country:UZ }", graph) is True
    described = query("DESCRIBE region:UZ-NW", graph)
    assert isinstance(described, Graph) and len(described) > 5
    own = query(OWN_QUERY, graph)
    assert [row["cluster"].rsplit("/", 1)[1] for row in own] == ["andijan-textile", "fergana-andijan-namangan-textile"]


def test_python_api_gives_a_dataframe(graph):
    pandas = pytest.importorskip("pandas")
    frame = query("exports-by-region", graph, dataframe=True)
    assert isinstance(frame, pandas.DataFrame)
    assert frame.loc[0, "exports"] == 2150.0 and frame["exports"].sum() == 9304.0


def test_kg_exports_query():
    import kg

    assert "query" in kg.__all__ and kg.query is query


# --- the command line -------------------------------------------------------------------


def test_queries_command_lists_names_and_titles(capsys):
    assert main(["queries"]) == 0
    out = capsys.readouterr().out
    for name in QUESTIONS:
        assert name in out
    assert "Regions ranked by" in out


def test_query_command_prints_a_table(capsys):
    assert main(["query", "value-chains"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Value chains stage by stage")
    assert "3 rows" in out and "Namangan" in out and "jumayeva" not in out


def test_csv_json_and_tsv_are_the_sparql_results_formats(capsys):
    for fmt in ("csv", "json", "tsv"):
        assert main(["query", "exports-by-region", "--format", fmt, "--with-sources"]) == 0
        parsed = Result.parse(io.StringIO(capsys.readouterr().out), format=fmt)
        first = {str(var): value for var, value in parsed.bindings[0].items()}
        assert str(first["region"]) == "Navoi" and Decimal(str(first["exports"])) == 2150
        assert str(first["locator"]) == "Table 2, row Navoi, column Exports (USD mln)"


def test_sources_are_shown_on_request(capsys):
    main(["query", "totals-audit", "-f", "csv"])
    plain = capsys.readouterr().out.splitlines()[0].split(",")
    main(["query", "totals-audit", "-f", "csv", "--with-sources"])
    full = capsys.readouterr().out.splitlines()[0].split(",")
    assert "source" not in plain and {"source", "total_locator", "national_locator"} <= set(full)


def test_parameters_from_the_command_line(capsys):
    assert main(["query", "region-profile", "--param", "region=Namangan", "-f", "json"]) == 0
    bindings = json.loads(capsys.readouterr().out)["results"]["bindings"]
    assert {row["region_name"]["value"] for row in bindings} == {"Namangan"}


def test_own_file_and_sparql_text(tmp_path, capsys):
    own = tmp_path / "mine.rq"
    own.write_text(OWN_QUERY, encoding="utf-8")
    assert main(["query", str(own), "--param", "region=UZ-NW", "-f", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == ["https://w3id.org/clusterkg/id/cluster/navoi-gas-processing"]
    assert main(["query", "--sparql", "ASK { region:UZ-NW a ckg:Region }"]) == 0
    assert capsys.readouterr().out == "true\n"


def test_construct_prints_turtle(capsys):
    text = "CONSTRUCT { ?r ckg:bordersOn ?n } WHERE { ?r ckg:isoCode 'UZ-NW' ; ckg:bordersOn ?n }"
    assert main(["query", "--sparql", text]) == 0
    neighbours = Graph().parse(data=capsys.readouterr().out, format="turtle")
    assert len(neighbours) == 7


def test_output_file(tmp_path, capsys):
    target = tmp_path / "out" / "policy.md"
    assert main(["query", "policy-basis", "-f", "md", "-o", str(target)]) == 0
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("| issued | act |") and lines[2].startswith("| 2022-01-28 | PF-60 |")
    assert "wrote" in capsys.readouterr().err


@pytest.mark.parametrize("argv, message", [
    (["query", "nope"], "unknown query 'nope'"),
    (["query", "region-profile", "--param", "regoin=Navoi"], "has no parameter 'regoin'"),
    (["query", "region-profile", "--param", "region=Nvoi"], "no region named 'Nvoi'; did you mean 'Navoi'"),
    (["query", "exports-by-region", "--param", "year=2019"], "no rows for year=2019; the years with an answer are: 2024"),
    (["query", "value-chains", "--param", "year"], "--param needs NAME=VALUE"),
    (["query", "--sparql", "SELECT ?x WHERE {\n  ?x ?y\n}"], "--sparql: syntax error at line 2, column 3"),
    (["query"], "give one query"),
    (["query", "missing.rq"], "no such query file: missing.rq"),
])
def test_bad_input_is_one_line_and_exit_code_2(tmp_path, capsys, argv, message):
    target = tmp_path / "never.csv"
    assert main([*argv, "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not target.exists()


def test_syntax_error_in_a_file_names_the_file_line_and_column(tmp_path, capsys):
    bad = tmp_path / "bad.rq"
    bad.write_text("PREFIX ckg: <https://w3id.org/clusterkg/ontology#>\nSELECT ?r WHERE {\n  ?r a ckg:Region\n  FILTER(\n}\n")
    assert main(["query", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}: syntax error at line 4, column" in err.replace("\n", "")
