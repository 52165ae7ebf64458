"""SHACL shapes and violation queries: the seed graph conforms, each example passes or fails as it states."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

import shutil

import yaml

from kg.build import build_graph, load_ontology
from kg.load import DATA_DIR
from kg.cli import main
from kg.validate import validate, violation_queries

EXAMPLES = Path(__file__).parent / "shapes"


def expectation(path: Path) -> str:
    """The `# expect: …` line of an example file."""
    return path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect:").strip()


def also_expected(path: Path) -> set[tuple[str, ...]]:
    """The further problems an example states on `# also: rule | path | constraint` lines (a Data Cube constraint)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {tuple(part.strip() for part in line.removeprefix("# also:").split("|")) for line in lines if line.startswith("# also:")}


def example_graph(path: Path) -> Graph:
    graph = load_ontology()
    graph.parse(EXAMPLES / "context.ttl", format="turtle")
    return graph.parse(path, format="turtle")


@pytest.fixture(scope="module")
def seed_graph():
    return build_graph()


def test_seed_graph_conforms(seed_graph):
    report = validate(seed_graph)
    assert report.conforms, report.by_rule()


def test_context_of_the_examples_conforms():
    graph = load_ontology().parse(EXAMPLES / "context.ttl", format="turtle")
    assert validate(graph).conforms


@pytest.mark.parametrize("path", sorted((EXAMPLES / "valid").glob("*.ttl")), ids=lambda p: p.stem)
def test_valid_example_conforms(path):
    assert expectation(path) == "conforms"
    report = validate(example_graph(path))
    assert report.conforms, report.by_rule()


@pytest.mark.parametrize("path", sorted((EXAMPLES / "invalid").glob("*.ttl")), ids=lambda p: p.stem)
def test_invalid_example_fails_for_the_stated_reason(path):
    rule, result_path, constraint = (part.strip() for part in expectation(path).split("|"))
    report = validate(example_graph(path))
    assert not report.conforms
    found = {(p.rule, p.path or "-", p.constraint or "-") for p in report.problems}
    assert found == {(rule, result_path, constraint)} | also_expected(path)


def test_every_shape_and_query_has_a_failing_example():
    shape_labels = {"observation", "region", "cluster", "legal act", "event", "sourced resource"}
    stated = {expectation(p).split("|")[0].strip() for p in (EXAMPLES / "invalid").glob("*.ttl")}
    assert shape_labels <= stated
    assert set(violation_queries()) - {"A value-chain flow that skips a stage or crosses clusters",
                                       "A target range whose upper bound is below its lower bound"} <= stated


def test_value_chain_query_finds_a_skipped_stage(seed_graph):
    graph = Graph()
    for triple in seed_graph:
        graph.add(triple)
    stages = sorted(graph.query(
        "PREFIX ckg: <https://w3id.org/clusterkg/ontology#> SELECT ?s ?o WHERE { ?s ckg:stageOrder ?o }"
    ), key=lambda row: int(row.o))
    first, last = stages[0].s, stages[-1].s
    graph.parse(data=f"<{first}> <https://w3id.org/clusterkg/ontology#suppliesTo> <{last}> .", format="turtle")
    problems = validate(graph).by_rule()
    assert [p.focus for p in problems["A value-chain flow that skips a stage or crosses clusters"]] == [str(first)]


def test_validate_command_exit_codes(capsys, tmp_path):
    assert main(["validate"]) == 0
    assert "conforms" in capsys.readouterr().out
    bad = tmp_path / "bad.ttl"
    bad.write_bytes(example_graph(EXAMPLES / "invalid" / "region-no-country.ttl").serialize(format="turtle", encoding="utf-8"))
    assert main(["validate", "--graph", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "region" in out and "UZ-NG" in out


def test_build_writes_nothing_from_a_graph_that_does_not_conform(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    clusters = yaml.safe_load((data / "clusters.yaml").read_text(encoding="utf-8"))
    textile = next(c for c in clusters["clusters"] if c.get("type") == "regional")
    textile["located_in"] = ["UZ-AN", "KZ-61"]  # a regional cluster over two countries
    (data / "clusters.yaml").write_text(yaml.safe_dump(clusters, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "--data", str(data), "--out", str(out)]) == 1
    assert "regional cluster" in capsys.readouterr().err
    assert not out.exists() or not any(out.iterdir())
    assert main(["build", "--data", str(data), "--out", str(out), "--no-validate"]) == 0
    assert (out / "clusterkg.ttl").exists()
