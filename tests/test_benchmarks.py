"""A smoke run of the benchmark code on a tiny graph: every engine loads it and answers alike (nothing timed)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from kg.synth import synthetic_rdf

BENCHMARK = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("benchmark_run", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_engine_loads_the_same_triples_and_answers_the_same(bench, tmp_path):
    path = tmp_path / "tiny.nt"
    path.write_bytes(synthetic_rdf(1, seed=0))
    graphs = {engine: loader(path) for engine, loader in
              [("rdflib", bench.load_rdflib), ("default", bench.load_default), ("pyoxigraph", bench.load_pyoxigraph)]}
    assert len({len(graph) for graph in graphs.values()}) == 1
    for name, (text, bindings) in bench.research_queries().items():
        answers = {engine: bench.run_query(engine, graph, text, bindings) for engine, graph in graphs.items()}
        assert len(set(answers.values())) == 1 and answers["rdflib"] > 0, (name, answers)
    sizes = [bench.write_turtle(engine, graph) for engine, graph in graphs.items()]
    assert all(size > 100_000 for size in sizes)


def test_table_has_a_row_per_task_and_the_ratios(bench, capsys):
    fake = {"triples": 10, "timings": {"load": 2.0, "query q": 1.0}, "notes": {"html": "not built"}, "peak_mb": 50}
    faster = {**fake, "timings": {"load": 1.0, "query q": 0.1}}
    bench.print_table({"tiny": {"rdflib": fake, "default": faster, "pyoxigraph": faster}})
    out = capsys.readouterr().out
    assert "query q" in out and "10.0×" in out and "html: not built" in out
