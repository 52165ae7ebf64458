"""The benchmark code on a tiny graph (nothing timed): every engine answers alike, pairs are
interleaved and their ratios computed per pair, results carry the machine's description."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from kg.cli import main
from kg.query import query
from kg.store import load_file
from kg.synth import synthetic_rdf

from conftest import NOT_ON_RDFLIB, launcher, require_virtuoso

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def load(name: str):
    sys.path.insert(0, str(BENCHMARKS))
    try:
        spec = importlib.util.spec_from_file_location(f"benchmark_{name}", BENCHMARKS / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCHMARKS))


@pytest.fixture(scope="module")
def bench():
    return load("run")


@pytest.fixture(scope="module")
def paired():
    return load("paired")


@pytest.mark.parametrize("disk", [False, True], ids=["in memory", "on disk"])
def test_every_engine_loads_the_same_triples_and_answers_the_same(bench, tmp_path, disk):
    path = tmp_path / "tiny.nt"
    path.write_bytes(synthetic_rdf(1, seed=0))
    folders = {engine: tmp_path / engine if disk else None for engine in ("default", "pyoxigraph")}
    graphs = {"rdflib": bench.load_rdflib(path), "default": bench.load_default(path, folders["default"]),
              "pyoxigraph": bench.load_pyoxigraph(path, folders["pyoxigraph"])}
    if disk:  # the project's kept store and raw pyoxigraph's RocksDB files, each in its own folder
        assert (tmp_path / "default" / "files").is_dir() and any((tmp_path / "pyoxigraph").glob("*.sst"))
    assert len({len(graph) for graph in graphs.values()}) == 1
    for name, text in bench.research_queries().items():
        engines = {engine: graph for engine, graph in graphs.items() if not (engine == "rdflib" and name in NOT_ON_RDFLIB)}
        answers = {engine: bench.run_query(engine, graph, text) for engine, graph in engines.items()}
        assert len(set(answers.values())) == 1 and answers["default"] > 0, (name, answers)
    sizes = [bench.write_turtle(engine, graph) for engine, graph in graphs.items()]
    assert all(size > 100_000 for size in sizes)


def test_ratios_are_taken_per_pair(paired):
    # pair 1: 2.0/1.0, pair 2: 3.0/2.0, pair 3: 0.9/0.3 -> ratios 2.0, 1.5, 3.0
    stats = paired.summary([1.0, 2.0, 0.3], [2.0, 3.0, 0.9])
    assert stats["ratios"] == pytest.approx([2.0, 1.5, 3.0])
    assert (stats["ratio_median"], stats["ratio_min"], stats["ratio_max"]) == pytest.approx((2.0, 1.5, 3.0))
    assert paired.ratio_cell(stats) == "2.00× (1.50–3.00)"


def test_baseline_and_candidate_alternate_which_goes_first(paired, monkeypatch):
    calls = []
    monkeypatch.setattr(paired, "time_command", lambda argv, env=None: calls.append(argv[0]) or 1.0)
    stats = paired.compare_commands(["base"], ["cand"], pairs=4)
    assert calls == ["base", "cand", "base", "cand", "cand", "base", "base", "cand", "cand", "base"]
    assert stats["pairs"] == 4 and stats["ratio_median"] == 1.0


def test_engine_table_pairs_each_engine_run_with_the_project_run(bench):
    def run(load, query, peak):
        return {"triples": 10, "timings": {"load": load, "query q": query}, "notes": {}, "load_peak_mb": peak, "peak_mb": peak}

    runs = {"default": [run(2.0, 1.0, 100), run(4.0, 1.0, 100)], "pyoxigraph": [run(1.0, 1.0, 80), run(1.0, 2.0, 80)],
            "rdflib": [run(20.0, 60.0, 300)]}
    runs["rdflib"][0]["notes"]["query q"] = "stopped after 60 s"
    tasks = bench.compare(runs)
    assert tasks["load"]["default_vs_pyoxigraph"]["ratios"] == [2.0, 4.0]
    assert tasks["load"]["rdflib_vs_default"]["ratios"] == [10.0]  # against the default run of the same pair
    table = bench.render({"tiny": {"triples": 10, "tasks": tasks}})
    assert "| tiny (10) | query q | > 60.00 s | 1.00 s | 1.50 s | 0.75× (0.50–1.00) | ≥ 60.0× (1 run) |" in table
    assert "| tiny (10) | peak memory | 300 MB | 100 MB | 80 MB | 1.25× (1.25–1.25) |" in table


def test_results_carry_the_machine(paired, tmp_path, monkeypatch):
    monkeypatch.setattr(paired, "RESULTS", tmp_path)
    path = paired.write_result("tiny", {"cases": {}})
    document = json.loads(path.read_text())
    assert document["machine"]["cores"] >= 1 and document["machine"]["packages"]["rdflib"].startswith("7.")


def test_virtuoso_scale_publishes_every_line_and_answers_as_oxigraph_does(tmp_path, monkeypatch, capsys):
    require_virtuoso()
    path = tmp_path / "tiny.nt"
    assert main(["synth", "--clusters", "2", "-o", str(path)]) == 0
    scale = load("virtuoso_scale")
    monkeypatch.setattr(scale.paired, "RESULTS", tmp_path / "results")
    asked = ["cross-border-links", "events-timeline", "exports-by-region"]  # region-profile: Virtuoso drops a cluster row
    assert scale.main([str(path), "--label", "tiny", "--workdir", str(tmp_path / "work"), "--timeout", "60",
                       "--questions", *asked]) == 0
    document = json.loads((tmp_path / "results" / "virtuoso-tiny.json").read_text())
    lines = len(path.read_bytes().splitlines())
    assert document["publish"]["triples"] == document["triples_in_virtuoso"] == document["lines"] == lines
    assert document["disk_mb"] > 1 and document["virtuoso_peak_mb_publishing"] > 10
    oxigraph = load_file(path, "oxigraph")
    expected = {name: len(query(name, oxigraph, params=scale.PARAMS.get(name))) for name in asked}
    assert expected["exports-by-region"] == 14  # one row per region with cluster exports
    assert {name: answer["rows"] for name, answer in document["questions"].items()} == expected
    assert "| query exports-by-region |" in capsys.readouterr().out
    assert list((tmp_path / "work").iterdir()) == []  # Virtuoso's folder removed once measured


def test_virtuoso_buffers_follow_the_table_in_its_own_ini():
    if not launcher.VIRTUOSO_INI.is_file():
        pytest.skip("virtuoso-opensource is not installed")
    text = launcher.VIRTUOSO_INI.read_text()
    assert launcher.buffer_settings(text, 4) == (340_000, 250_000)  # its "4 GB system memory free" lines
    assert launcher.buffer_settings(text, 12) == (680_000, 500_000)  # the largest size not above 12 GB: 8 GB
    with pytest.raises(ValueError, match="smallest size is 2 GB"):
        launcher.buffer_settings(text, 1)


def test_serve_readiness_is_paired_with_raw_pyoxigraph_and_reports_the_servers_memory(tmp_path, monkeypatch, capsys):
    scale = load("scale")
    monkeypatch.setattr(sys.modules[scale.write_result.__module__], "RESULTS", tmp_path / "results")
    assert scale.main(["--clusters", "2", "--label", "tiny", "--workdir", str(tmp_path / "work"), "--serve-only",
                       "--serve-pairs", "2"]) == 0
    document = json.loads((tmp_path / "results" / "serve-ready-tiny.json").read_text())
    assert document["pairs"] == len(document["ratios"]) == 2 and document["machine"]["cores"]
    assert document["ratio_min"] <= document["ratio_median"] <= document["ratio_max"]
    assert document["pyoxigraph_peak_mb"] > 10 and document["serve_tree_pss_mb"] > 10
    assert "serve ready ÷ raw pyoxigraph load:" in capsys.readouterr().out
