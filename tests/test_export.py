"""Exports are deterministic, re-import to the same graph, and parse in a second RDF parser."""

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.export import FORMATS, serialize

RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}
OXIGRAPH_FORMAT = {
    "ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML,
}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_export_reimports_to_an_isomorphic_graph(graph, fmt):
    data = serialize(graph, fmt)
    again = Graph().parse(data=data, format=RDFLIB_FORMAT[fmt])
    assert len(again) == len(graph)
    assert isomorphic(again, graph)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_export_parses_in_oxigraph_with_the_same_triple_count(graph, fmt):
    triples = list(ox.parse(serialize(graph, fmt), format=OXIGRAPH_FORMAT[fmt]))
    assert len(set(triples)) == len(graph)


def build_in_fresh_process(out: Path, hash_seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    subprocess.run([sys.executable, "-m", "kg", "build", "--out", str(out)], check=True, env=env,
                   capture_output=True)


def test_two_builds_write_byte_identical_files(tmp_path):
    build_in_fresh_process(tmp_path / "a", "1")
    build_in_fresh_process(tmp_path / "b", "2")
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == ["clusterkg.jsonld", "clusterkg.nt", "clusterkg.ttl", "graph.html", "ontology.html"]
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_rdf_xml_export_is_deterministic_in_process(graph):
    assert serialize(graph, "xml") == serialize(graph, "xml")


def test_unknown_format_is_refused(graph):
    with pytest.raises(ValueError, match="unknown format"):
        serialize(graph, "csv")
