"""The OWL reasoner over the seed graph: what it infers, what it keeps apart, and clashes it names."""

from __future__ import annotations

import shutil

import pytest
from rdflib import RDF, Graph, URIRef

from kg.build import build_graph, load_ontology
from kg.cli import main
from kg.namespaces import CKG, DEFAULT_BASE
from kg.reason import InconsistentGraph, java_available, reason

if not java_available() and not __import__("os").environ.get("CI"):
    pytest.skip("the reasoner needs Java (installed in CI from scripts/system-packages.txt)", allow_module_level=True)

ID = DEFAULT_BASE


def iri(path: str) -> URIRef:
    return URIRef(ID + path)


@pytest.fixture(scope="module")
def seed():
    graph = build_graph()
    return graph, reason(graph)


def test_cotton_processing_in_namangan_is_upstream_of_garments_in_andijan(seed):
    graph, inference = seed
    cotton, garments = iri("site/fan-cotton-processing"), iri("site/fan-garments")
    assert (cotton, CKG.suppliesTo, garments) not in graph  # only the next stage is asserted
    assert (cotton, CKG.suppliesTo, garments) in inference.triples
    assert (garments, CKG.suppliedBy, cotton) in inference.triples
    assert (cotton, CKG.locatedIn, iri("region/UZ-NG")) in graph
    assert (garments, CKG.locatedIn, iri("region/UZ-AN")) in graph


def test_clusters_get_their_countries_and_regions(seed):
    _graph, inference = seed
    triples = inference.triples
    assert set(triples.objects(iri("cluster/central-asian-logistics-corridor"), CKG.spansCountry)) == {
        iri("country/UZ"), iri("country/KZ"), iri("country/KG")}
    assert set(triples.objects(iri("cluster/fergana-andijan-namangan-textile"), CKG.spansRegion)) == {
        iri("region/UZ-FA"), iri("region/UZ-AN"), iri("region/UZ-NG")}
    # the Andijan textile cluster is located in Andijan city: the chain puts it in Uzbekistan
    assert (iri("cluster/andijan-textile"), CKG.inCountry, iri("country/UZ")) in triples
    # the national IT cluster trains personnel in Samarkand
    assert (iri("cluster/uzbekistan-it"), CKG.hasSiteIn, iri("city/samarkand")) in triples


def test_cross_border_links_are_symmetric(seed):
    _graph, inference = seed
    pairs = set(inference.triples.subject_objects(CKG.cooperatesWith))
    assert (iri("country/UZ"), iri("country/KZ")) in pairs and (iri("country/KZ"), iri("country/UZ")) in pairs
    assert all(a != b for a, b in pairs)


def test_the_properties_the_data_leaves_to_the_reasoner_are_filled(seed):
    _graph, inference = seed
    filled = {p for _s, p, _o in inference.triples}
    # ckg:site and ckg:setsTarget, the inverses of ckg:siteOf and ckg:setBy, are entailed too, but owlready2
    # answers inverse values from the asserted ones and does not list them among the reasoner's inferences
    assert {CKG.spansCountry, CKG.spansRegion, CKG.hasSiteIn, CKG.cooperatesWith, CKG.suppliedBy} <= filled


def test_inferred_triples_are_kept_apart_from_asserted_ones(seed):
    graph, inference = seed
    assert len(inference.triples) > 0
    assert not [t for t in inference.triples if t in graph]


def small_graph(*triples) -> Graph:
    graph = load_ontology()
    places = {"region/UZ-AN": ("country/UZ", CKG.Region), "region/KZ-61": ("country/KZ", CKG.Region)}
    for country in ("country/UZ", "country/KZ"):
        graph.add((iri(country), RDF.type, CKG.Country))
    for place, (country, cls) in places.items():
        graph.add((iri(place), RDF.type, cls))
        graph.add((iri(place), CKG.inCountry, iri(country)))
    for triple in triples:
        graph.add(triple)
    return graph


def test_an_untyped_cluster_in_two_countries_is_inferred_cross_border():
    cluster = iri("cluster/uz-kz-cotton")
    graph = small_graph((cluster, RDF.type, CKG.Cluster), (cluster, CKG.locatedIn, iri("region/UZ-AN")),
                        (cluster, CKG.locatedIn, iri("region/KZ-61")))
    assert (cluster, CKG.CrossBorderCluster) in reason(graph).memberships()


def test_a_regional_cluster_in_two_countries_is_reported_as_cross_border_by_its_definition():
    cluster = iri("cluster/uz-kz-cotton")
    graph = small_graph((cluster, RDF.type, CKG.RegionalCluster), (cluster, CKG.locatedIn, iri("region/UZ-AN")),
                        (cluster, CKG.locatedIn, iri("region/KZ-61")))
    inference = reason(graph)
    assert [(d.cluster, d.asserted, d.defined) for d in inference.disagreements] == [
        (cluster, (CKG.RegionalCluster,), (CKG.CrossBorderCluster,))]


SEED_TYPES = {
    "andijan-textile": CKG.LocalCluster,
    "navoi-gas-processing": CKG.LocalCluster,
    "fergana-andijan-namangan-textile": CKG.RegionalCluster,
    "uzbekistan-it": CKG.NationalCluster,
    "central-asian-logistics-corridor": CKG.CrossBorderCluster,
    "uzbek-virtual-software": CKG.VirtualCluster,
}


def test_each_seed_cluster_without_its_asserted_type_is_classified_into_it_by_its_definition():
    graph = build_graph()
    for cluster_id, cluster_type in SEED_TYPES.items():
        cluster = iri(f"cluster/{cluster_id}")
        assert (cluster, RDF.type, cluster_type) in graph  # the type the first source gives
        graph.remove((cluster, RDF.type, cluster_type))
        graph.add((cluster, RDF.type, CKG.Cluster))
    memberships = reason(graph).memberships()
    for cluster_id, cluster_type in SEED_TYPES.items():
        types = {t for c, t in memberships if c == iri(f"cluster/{cluster_id}")}
        assert types & set(SEED_TYPES.values()) == {cluster_type}, cluster_id


def test_the_seed_graph_agrees_with_the_definitions_and_types_the_clusters_left_untyped(seed):
    _graph, inference = seed
    assert inference.disagreements == []
    assert (iri("cluster/namangan-agro-industrial-cluster"), CKG.LocalCluster) in inference.memberships()


def test_a_virtual_cluster_listed_in_two_regions_is_still_virtual_not_regional():
    cluster = iri("cluster/online-cotton-exchange")
    graph = small_graph((cluster, RDF.type, CKG.Cluster), (cluster, CKG.unitedThrough, CKG.DigitalTechnologies),
                        (cluster, CKG.locatedIn, iri("region/UZ-AN")), (cluster, CKG.locatedIn, iri("region/UZ-FA")),
                        (iri("region/UZ-FA"), RDF.type, CKG.Region), (iri("region/UZ-FA"), CKG.inCountry, iri("country/UZ")))
    types = {t for c, t in reason(graph).memberships() if c == cluster}
    assert CKG.VirtualCluster in types and CKG.RegionalCluster not in types


def test_a_region_that_is_also_a_country_is_a_clash():
    graph = small_graph((iri("region/UZ-AN"), RDF.type, CKG.Country))
    with pytest.raises(InconsistentGraph) as raised:
        reason(graph)
    assert raised.value.culprits == [iri("region/UZ-AN")]


def test_reason_command_lists_and_writes_the_inferred_triples(tmp_path, capsys):
    assert main(["reason", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Inferred relations" in out and "ckg:suppliesTo" in out
    assert "Namangan agro-industrial cluster <cluster:namangan-agro-industrial-cluster> is a local cluster" in out
    assert "disagree with their definitions (0)" in out
    written = Graph().parse(tmp_path / "clusterkg-inferred.ttl")
    assert (iri("site/fan-cotton-processing"), CKG.suppliesTo, iri("site/fan-garments")) in written
    assert (iri("site/fan-cotton-processing"), CKG.stageOrder, None) not in written  # nothing asserted


def test_without_java_the_command_says_so_in_one_line(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert main(["reason", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "Java" in err and len(err.splitlines()) == 1
    assert not list(tmp_path.iterdir())


def test_build_with_reason_writes_the_inferred_triples_apart(tmp_path):
    assert main(["build", "--reason", "--out", str(tmp_path)]) == 0
    asserted = Graph().parse(tmp_path / "clusterkg.ttl")
    inferred = Graph().parse(tmp_path / "clusterkg-inferred.ttl")
    upstream = (iri("site/fan-cotton-processing"), CKG.suppliesTo, iri("site/fan-garments"))
    assert upstream in inferred and upstream not in asserted
    assert len(Graph().parse(tmp_path / "clusterkg-inferred.nt")) == len(inferred)
