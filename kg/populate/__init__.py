"""Turn checked records into RDF triples (the ABox) under the data's base IRI, one module per data topic."""

from __future__ import annotations

from rdflib import Graph

from kg.load import Records
from kg.populate import (
    agents, bibliography, claims, clusters, concepts, cooperation, curation, figures, places, policy, sources,
)
from kg.populate.writer import Writer, date_literal, decimal_literal

# Each topic module has populate(writer); the order only fixes the order of the triples added.
TOPICS = (sources, places, concepts, figures, agents, policy, clusters, cooperation, bibliography, claims, curation)

__all__ = ["TOPICS", "Writer", "date_literal", "decimal_literal", "populate"]


def populate(records: Records, base: str, graph: Graph | None = None) -> Graph:
    """Add the triples of every record to `graph` (a new one if None) and return it."""
    graph = graph if graph is not None else Graph()
    writer = Writer(records, base, graph)
    for topic in TOPICS:
        topic.populate(writer)
    return graph
