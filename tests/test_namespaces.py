"""The CKG namespace in Python and the ontology file declare the same terms, all documented."""

from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef
from rdflib.namespace import DCTERMS

from kg.build import ONTOLOGY_FILE
from kg.namespaces import CKG, ONTOLOGY_IRI, data_base

import pytest


def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE)


def declared_terms(g: Graph) -> set[str]:
    namespace = str(CKG._NS)
    return {str(s)[len(namespace):] for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(namespace)}


def test_python_namespace_matches_ontology_file():
    in_python = set(CKG.__annotations__)
    in_file = declared_terms(ontology())
    assert in_python == in_file, (in_python - in_file, in_file - in_python)


def test_unknown_term_raises():
    with pytest.raises(AttributeError):
        CKG.Clustr  # noqa: B018 - a typo must fail loudly


def test_every_class_and_property_has_label_and_definition():
    g = ontology()
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    # the ontology's own terms: the reused ones it declares (qb:Observation, skos:definition…) are documented at home
    terms = {s for kind in kinds for s in g.subjects(RDF.type, kind) if isinstance(s, URIRef) and s.startswith(str(CKG._NS))}
    assert len(terms) > 80
    undocumented = [
        t for t in terms
        if (t, RDFS.label, None) not in g or ((t, SKOS.definition, None) not in g and (t, RDFS.comment, None) not in g)
    ]
    assert undocumented == []


def test_ontology_has_version_and_license():
    g = ontology()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g
    assert g.value(ONTOLOGY_IRI, OWL.versionIRI) is not None
    assert g.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")


def test_cluster_has_the_five_types_of_the_first_source():
    g = ontology()
    subtypes = {str(s).removeprefix(str(CKG._NS)) for s in g.subjects(RDFS.subClassOf, CKG.Cluster)}
    assert subtypes == {"LocalCluster", "RegionalCluster", "NationalCluster", "CrossBorderCluster", "VirtualCluster"}


def test_base_iri_comes_from_argument_then_environment(monkeypatch):
    monkeypatch.setenv("CLUSTERKG_BASE", "https://example.org/env")
    assert data_base() == "https://example.org/env/"
    assert data_base("https://example.org/arg/") == "https://example.org/arg/"
    with pytest.raises(ValueError):
        data_base("example.org/no-scheme")
