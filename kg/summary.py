"""Count what a graph holds: triples, entities per class, observations, sources."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib import RDF, Graph
from rdflib.namespace import DCTERMS

from kg.namespaces import CKG, QB

DECLARED_IN_ONTOLOGY = {CKG.LinkKind}  # its individuals are ontology terms, not data


@dataclass(frozen=True)
class Summary:
    triples: int
    entities_per_class: dict[str, int]
    observations: int
    sources: int
    subjects_with_source: int


def summarise(graph: Graph) -> Summary:
    """What a user wants to know first about a built graph."""
    namespace = str(CKG._NS)
    per_class = Counter(
        str(cls).removeprefix(namespace)
        for cls in graph.objects(None, RDF.type)
        if str(cls).startswith(namespace) and cls not in DECLARED_IN_ONTOLOGY
    )
    return Summary(
        triples=len(graph),
        entities_per_class=dict(sorted(per_class.items())),
        observations=sum(1 for _ in graph.subjects(RDF.type, QB.Observation)),
        sources=per_class.get("Source", 0),
        subjects_with_source=len(set(graph.subjects(DCTERMS.source, None))),
    )
