"""The synthetic graph: deterministic, and following the data model of the curated graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS

from kg.cli import main
from kg.namespaces import CKG, ORG, QB
from kg import synth
from kg.synth import synthetic_rdf

ID = "https://w3id.org/clusterkg/id/"
SHAPES = Path(__file__).resolve().parent.parent / "ontology" / "shapes.ttl"


@pytest.fixture(scope="module")
def synthetic() -> Graph:
    return Graph().parse(data=synthetic_rdf(12, seed=7), format="nt")


def test_same_seed_same_bytes_other_seed_other_bytes():
    assert synthetic_rdf(3, seed=1) == synthetic_rdf(3, seed=1)
    assert synthetic_rdf(3, seed=1) != synthetic_rdf(3, seed=2)


def test_chunks_write_each_triple_once_and_the_same_graph_as_one_chunk(monkeypatch):
    whole = synthetic_rdf(7, seed=5)
    monkeypatch.setattr(synth, "CHUNK_CLUSTERS", 3)
    chunked = synthetic_rdf(7, seed=5)
    lines = chunked.splitlines()
    assert len(lines) == len(set(lines)) == len(whole.splitlines())
    assert isomorphic(Graph().parse(data=chunked, format="nt"), Graph().parse(data=whole, format="nt"))


def test_curated_facts_are_kept(synthetic):
    navoi_exports = [obs for obs in synthetic.subjects(CKG.refArea, URIRef(f"{ID}region/UZ-NW"))
                     if (obs, CKG.indicator, URIRef(f"{ID}indicator/cluster-exports")) in synthetic]
    assert [synthetic.value(obs, CKG.value).toPython() for obs in navoi_exports] == [2150]


def test_every_generated_cluster_has_enterprises_and_ten_years_of_figures(synthetic):
    clusters = [c for c in synthetic.subjects(DCTERMS.source, URIRef(f"{ID}source/synthetic-7"))
                if str(c).startswith(f"{ID}cluster/")]
    assert len(clusters) == 12
    for cluster in clusters:
        members = list(synthetic.subjects(ORG.memberOf, cluster))
        assert 5 <= len(members) <= 40
        years = {synthetic.value(synthetic.value(obs, CKG.refPeriod), URIRef("http://www.w3.org/2000/01/rdf-schema#label")).toPython()
                 for obs in synthetic.subjects(CKG.refArea, cluster)}
        assert years == {str(year) for year in range(2015, 2025)}
        participants_2024 = next(obs for obs in synthetic.subjects(CKG.refArea, cluster)
                                 if str(obs).endswith("cluster-participants-2024"))
        assert synthetic.value(participants_2024, CKG.value).toPython() == len(members)


def test_observations_carry_unit_period_source_and_locator(synthetic):
    for obs in synthetic.subjects(RDF.type, QB.Observation):
        for prop in (CKG.value, CKG.unit, CKG.refPeriod, CKG.indicator, CKG.refArea, DCTERMS.source, CKG.locator):
            assert synthetic.value(obs, prop) is not None, (obs, prop)


def test_value_chains_flow_and_links_cross_a_border(synthetic):
    flows = [(a, b) for a, b in synthetic.subject_objects(CKG.suppliesTo) if "synthetic-" in str(a)]
    assert flows and all(synthetic.value(a, CKG.stageOrder).toPython() + 1 == synthetic.value(b, CKG.stageOrder).toPython()
                         for a, b in flows)
    for link in synthetic.subjects(RDF.type, CKG.CrossBorderLink):
        countries = {synthetic.value(party, CKG.inCountry) or party for party in synthetic.objects(link, CKG.party)}
        assert len(countries) >= 2, link


@pytest.mark.skipif(not SHAPES.is_file(), reason="ontology/shapes.ttl (SHACL shapes) is not on this branch")
def test_synthetic_graph_conforms_to_the_shapes(synthetic):
    from pyshacl import validate

    conforms, _, report = validate(synthetic, shacl_graph=Graph().parse(SHAPES), advanced=True)
    assert conforms, report


def test_cli_writes_turtle_and_refuses_zero_clusters(tmp_path, capsys):
    out = tmp_path / "synth.ttl"
    assert main(["synth", "--clusters", "2", "--seed", "3", "-o", str(out)]) == 0
    triples = len(Graph().parse(out))
    assert triples > 4000 and f"wrote {out} ({triples:,} triples" in capsys.readouterr().err
    assert main(["synth", "--clusters", "0", "-o", str(tmp_path / "none.nt")]) == 2
    assert "at least 1" in capsys.readouterr().err and not (tmp_path / "none.nt").exists()
