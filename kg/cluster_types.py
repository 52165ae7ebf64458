"""The five cluster types of the ontology: what the reasoner is told about each cluster, and what it is not.

The types are defined in ontology/clusterkg.ttl by conditions (the regions and countries a cluster
spans, whether it is united through digital technologies). Under the open world a reasoner cannot
tell that a cluster spans *only* one region, so each cluster gets closure axioms: the countries and
regions it spans, and the means it is united through, are those the data gives (found here by the
same walk as the ontology's rules). The types the data asserts are held back from the reasoner and
compared with the types it infers.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import OWL, RDF, XSD, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection

from kg.namespaces import CKG

CLUSTER_TYPES = (CKG.LocalCluster, CKG.RegionalCluster, CKG.NationalCluster, CKG.CrossBorderCluster, CKG.VirtualCluster)

# The same places as the ontology's rules give (locatedIn is transitive, inCountry follows locatedIn).
SPANNED = {
    CKG.spansCountry: """
        SELECT DISTINCT ?cluster ?place WHERE {
          ?cluster ckg:locatedIn+ ?located .
          { ?located a ckg:Country . BIND(?located AS ?place) } UNION { ?located ckg:locatedIn*/ckg:inCountry ?place }
        }""",
    CKG.spansRegion: """
        SELECT DISTINCT ?cluster ?place WHERE {
          ?cluster ckg:locatedIn+ ?place . ?place a ckg:Region .
        }""",
    CKG.unitedThrough: "SELECT ?cluster ?place WHERE { ?cluster ckg:unitedThrough ?place }",
}


@dataclass(frozen=True)
class Disagreement:
    """A cluster whose asserted type is not the type its definition gives."""

    cluster: URIRef
    asserted: tuple[URIRef, ...]
    defined: tuple[URIRef, ...]


def asserted_types(graph: Graph) -> set[tuple[URIRef, URIRef]]:
    """The (cluster, type) pairs the data asserts, for the five types."""
    return {(s, cls) for cls in CLUSTER_TYPES for s in graph.subjects(RDF.type, cls)}


def closure_axioms(graph: Graph) -> Graph:
    """For each cluster: it spans only the countries and regions, and is united only through the means, listed."""
    axioms = Graph()
    clusters = set(graph.subjects(RDF.type, CKG.Cluster)) | {c for c, _ in asserted_types(graph)}
    for prop, query in SPANNED.items():
        values: dict[URIRef, list] = {cluster: [] for cluster in clusters}
        for row in graph.query(query, initNs={"ckg": CKG._NS}):
            if row.cluster in values:
                values[row.cluster].append(row.place)
        for cluster, places in values.items():
            restriction = BNode()
            axioms.add((cluster, RDF.type, restriction))
            axioms.add((restriction, RDF.type, OWL.Restriction))
            axioms.add((restriction, OWL.onProperty, prop))
            if places:
                one_of, members = BNode(), BNode()
                axioms.add((one_of, RDF.type, OWL.Class))
                axioms.add((one_of, OWL.oneOf, members))
                Collection(axioms, members, sorted(places))
                axioms.add((restriction, OWL.allValuesFrom, one_of))
            else:
                axioms.add((restriction, OWL.maxCardinality, Literal(0, datatype=XSD.nonNegativeInteger)))
    return axioms


def disagreements(asserted: set[tuple[URIRef, URIRef]], inferred: set[tuple[URIRef, URIRef]]) -> list[Disagreement]:
    """The clusters with an asserted type that differs from the types their definitions give."""
    found = []
    for cluster in sorted({c for c, _ in asserted}):
        said = tuple(sorted(t for c, t in asserted if c == cluster))
        defined = tuple(sorted(t for c, t in inferred if c == cluster and t in CLUSTER_TYPES))
        if said != defined:
            found.append(Disagreement(cluster, said, defined))
    return found
