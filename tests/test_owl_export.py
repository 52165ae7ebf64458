"""The full export, as `build` writes it, loads whole into owlready2 and is consistent under HermiT."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import owlready2
import pytest
from rdflib import BNode, Graph, Literal, URIRef

from kg.cli import main
from kg.reason import java_available

if not java_available() and not __import__("os").environ.get("CI"):
    pytest.skip("HermiT needs Java (installed in CI from scripts/system-packages.txt)", allow_module_level=True)

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
# The OWL 2 datatype map (OWL 2 Structural Specification, section 4): what a reasoner must support.
OWL2_DATATYPES = {RDF + "PlainLiteral", RDF + "XMLLiteral", RDF + "langString", "http://www.w3.org/2000/01/rdf-schema#Literal",
                  "http://www.w3.org/2002/07/owl#real", "http://www.w3.org/2002/07/owl#rational"} | {
    XSD + name for name in (
        "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger long int short byte "
        "unsignedLong unsignedInt unsignedShort unsignedByte double float string normalizedString token language "
        "Name NCName NMTOKEN boolean hexBinary base64Binary anyURI dateTime dateTimeStamp").split()}
DATE_TYPES = {XSD + "date", XSD + "gYear", XSD + "gYearMonth"}
CUSTOM_DATATYPES = {"http://purl.org/dc/terms/RFC5646"}  # declared in the ontology as equal to xsd:language


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    assert main(["build", "--out", str(out)]) == 0
    return Graph().parse(out / "clusterkg.ttl", format="turtle"), out


@pytest.fixture(scope="module")
def world(export):
    graph, out = export
    world = owlready2.World()
    world.get_ontology("http://clusterkg.invalid/export").load(fileobj=open(out / "clusterkg.nt", "rb"), format="ntriples")
    return world


def term_key(term):
    """A literal as RDF 1.1 reads it (a simple literal is an xsd:string; owlready2 keeps decimals as
    Python floats and writes "218" back as "218.0", the same value), other terms as they are."""
    if isinstance(term, Literal):
        datatype = str(term.datatype or XSD + "string")
        return (Decimal(str(term)) if datatype == XSD + "decimal" else str(term), term.language or datatype)
    return term


def without_blank_nodes(graph: Graph) -> set:
    return {tuple(term_key(t) for t in triple) for triple in graph if not any(isinstance(term, BNode) for term in triple)}


def test_nothing_is_dropped_when_owlready2_loads_the_export(export, world):
    graph, _out = export
    loaded = Graph()
    for triple in world.as_rdflib_graph():
        loaded.add(triple)
    assert without_blank_nodes(graph) <= without_blank_nodes(loaded)
    literals = Counter(p for _s, p, o in graph if isinstance(o, Literal))
    assert literals == Counter(p for _s, p, o in loaded if isinstance(o, Literal) and (None, p, None) in graph)
    with_blank = Counter(p for t in graph for p in [t[1]] if isinstance(t[0], BNode) or isinstance(t[2], BNode))
    assert with_blank == Counter(p for t in loaded for p in [t[1]]
                                 if (isinstance(t[0], BNode) or isinstance(t[2], BNode)) and (None, p, None) in graph)


def test_only_date_literals_are_outside_the_owl2_datatype_map(export):
    graph, _out = export
    datatypes = {str(o.datatype) for _s, _p, o in graph if isinstance(o, Literal) and o.datatype}
    assert datatypes - OWL2_DATATYPES - CUSTOM_DATATYPES == DATE_TYPES & datatypes
    assert str(URIRef(XSD + "gYear")) in datatypes  # the deadline of the Address's targets, e.g. 2030


def test_the_full_export_is_consistent_under_hermit(world):
    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True)
    assert not list(world.inconsistent_classes())
