"""Publishing with Virtuoso's own bulk loader (`publish --bulk-load`) into a real Virtuoso of its own
(the bulk loader's sessions and checkpoints stay out of the Virtuoso the other tests share):
the whole graph, all or nothing, and resumed after an interruption."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore

import kg.bulk_load
from kg.cli import main

from conftest import NAVOI_EXPORTS, running_virtuoso



@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory):
    with running_virtuoso(tmp_path_factory.mktemp("bulk-virtuoso")) as server:
        yield server


def remote(virtuoso_server, graph_iri: str) -> Graph:
    store = SPARQLStore(query_endpoint=f"{virtuoso_server.base}/sparql", returnFormat="json")
    return Graph(store, identifier=graph_iri)


def count(virtuoso_server, graph_iri: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) FROM <{graph_iri}> WHERE {{ ?s ?p ?o }}"
    return int(next(iter(remote(virtuoso_server, graph_iri).query(query))).n)


def bulk(virtuoso_server, graph_iri: str, folder: str, *extra: str) -> int:
    return main(["publish", "--bulk-load", str(virtuoso_server.folder / folder), "--isql", virtuoso_server.sql,
                 "--graph", graph_iri, "--user", "dba", "--password", "dba", *extra])


def test_bulk_load_publishes_the_whole_graph_in_chunks(virtuoso_server, graph, capsys):
    target = "urn:test:bulk-whole"
    assert bulk(virtuoso_server, target, "whole", "--chunk-lines", "1000", "--loaders", "2") == 0
    assert f"published {len(graph):,} triples to graph <{target}> with Virtuoso's bulk loader" in capsys.readouterr().err
    construct = f"CONSTRUCT {{ ?s ?p ?o }} FROM <{target}> WHERE {{ ?s ?p ?o }}"
    answer = requests.get(f"{virtuoso_server.base}/sparql", params={"query": construct},
                          headers={"Accept": "application/n-triples"}, timeout=60)
    # N-Triples: Virtuoso's Turtle writes a decimal such as "6"^^xsd:decimal as 6, an integer
    assert isomorphic(Graph().parse(data=answer.text, format="nt"), graph)  # blank nodes too: one chunk holds them
    assert [row.value.toPython() for row in remote(virtuoso_server, target).query(
        NAVOI_EXPORTS.replace("SELECT ?value WHERE", f"SELECT ?value FROM <{target}> WHERE"))] == [2150]
    assert list((virtuoso_server.folder / "whole").iterdir()) == []  # chunks removed once published


def test_a_chunk_virtuoso_cannot_read_leaves_the_published_graph_as_it_was(virtuoso_server, graph, monkeypatch,
                                                                           capsys):
    target, split = "urn:test:bulk-kept", kg.bulk_load.write_chunks
    assert bulk(virtuoso_server, target, "kept") == 0

    def with_a_damaged_chunk(*args, **options):
        chunks = split(*args, **options)
        chunks.files[3].write_bytes(b'<urn:a> <urn:b> "a string that never ends .\n')
        return chunks

    monkeypatch.setattr(kg.bulk_load, "write_chunks", with_a_damaged_chunk)
    capsys.readouterr()
    assert bulk(virtuoso_server, target, "kept", "--chunk-lines", "1000") == 1
    err = capsys.readouterr().err
    assert err.startswith("error: publish failed: ") and "-00003.nt: " in err and "Unterminated" in err
    assert err.count("\n") == 1 and "the target graph is unchanged" in err
    assert count(virtuoso_server, target) == len(graph)
    assert list((virtuoso_server.folder / "kept").iterdir()) == []


def test_a_malformed_input_file_is_refused_naming_its_line(virtuoso_server, graph, tmp_path, capsys):
    target = "urn:test:bulk-kept"
    broken = tmp_path / "broken.nt"
    broken.write_text("<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> not-a-term .\n")
    assert bulk(virtuoso_server, target, "kept", "--input", str(broken)) == 2
    assert capsys.readouterr().err.startswith(f"error: {broken}: record line 2: ")
    assert list((virtuoso_server.folder / "kept").iterdir()) == []


def test_an_interrupted_bulk_load_resumes_where_it_stopped(virtuoso_server, graph, monkeypatch):
    target, folder = "urn:test:bulk-resumed", virtuoso_server.folder / "resumed"
    run, load = kg.bulk_load.Isql.run, kg.bulk_load.bulk_load

    def interrupted_before_publishing(self, text, timeout=None):
        if "MOVE" in text:
            raise KeyboardInterrupt
        return run(self, text, timeout)

    monkeypatch.setattr(kg.bulk_load.Isql, "run", interrupted_before_publishing)
    with pytest.raises(KeyboardInterrupt):
        bulk(virtuoso_server, target, "resumed", "--chunk-lines", "2000")
    split = {path.name: path.stat().st_mtime_ns for path in folder.glob("*.nt")}
    isql = kg.bulk_load.Isql(virtuoso_server.sql, "dba", "dba", 60)
    assert len(split) >= 3 and count(virtuoso_server, target) == 0
    assert sorted(Path(name).name for name in kg.bulk_load.loaded_files(isql, f"{folder}/clusterkg-%")) == sorted(split)

    seen = {}

    def resumed(isql, chunks, *args, **options):
        seen.update({path.name: path.stat().st_mtime_ns for path in chunks.files})
        return load(isql, chunks, *args, **options)

    monkeypatch.setattr(kg.bulk_load.Isql, "run", run)
    monkeypatch.setattr(kg.bulk_load, "bulk_load", resumed)
    assert bulk(virtuoso_server, target, "resumed", "--chunk-lines", "2000") == 0
    assert seen == split  # the chunks of the interrupted run, not split again
    assert count(virtuoso_server, target) == len(graph)
    assert list(folder.iterdir()) == []
