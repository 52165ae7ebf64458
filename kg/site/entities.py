"""Which entities get a page, and what each page shows: read from the graph with SPARQL only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from functools import lru_cache

from rdflib import Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from kg.namespaces import DEFAULT_BASE
from kg.store import engine_of

PREFIXES = """
PREFIX rdf:     <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX ckg:     <https://w3id.org/clusterkg/ontology#>
PREFIX rdfs:    <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos:    <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX void:    <http://rdfs.org/ns/void#>
PREFIX qb:      <http://purl.org/linked-data/cube#>
"""
# The kinds the index lists first, in this order; every other labelled entity follows by kind.
MAIN_KINDS = ("region", "city", "cluster", "country", "sector", "legal act", "event", "source")

_BASE = PREFIXES + "SELECT ?space WHERE { ?dataset void:uriSpace ?space } LIMIT 1"
_ENTITIES = PREFIXES + """
SELECT ?entity ?label ?class ?class_label ?top_label WHERE {
  ?entity rdfs:label ?label ; a ?class .
  FILTER(isIRI(?entity) && STRSTARTS(STR(?entity), ?base))
  ?class rdfs:label ?class_label .
  FILTER(STRSTARTS(STR(?class), "https://w3id.org/clusterkg/ontology#") || ?class = qb:Observation)
  FILTER NOT EXISTS { ?entity a ?narrower . ?narrower rdfs:subClassOf+ ?class . FILTER(?narrower != ?class) }
  OPTIONAL {
    ?class rdfs:subClassOf* ?top . ?top rdfs:label ?top_label .
    VALUES ?top { ckg:Region ckg:City ckg:Cluster ckg:Country ckg:Sector ckg:LegalAct ckg:Event ckg:Source }
  }
}"""
_FACTS = PREFIXES + """
SELECT ?property ?property_label ?value WHERE {
  ?entity ?property ?value .
  FILTER(isLiteral(?value))
  OPTIONAL { ?property rdfs:label ?property_label }
}"""
_LINKS = PREFIXES + """
SELECT ?direction ?property ?property_label ?other WHERE {
  { ?entity ?property ?other . BIND("out" AS ?direction) }
  UNION
  { ?other ?property ?entity . BIND("in" AS ?direction) }
  FILTER(isIRI(?other) && ?property != rdf:type)
  OPTIONAL { ?property rdfs:label ?property_label }
}"""
_FIGURES = PREFIXES + """
SELECT ?obs ?indicator ?value ?unit ?period ?dataset ?source ?source_label ?locator ?counterpart WHERE {
  { ?obs ckg:refArea ?entity } UNION { ?obs ckg:counterpartArea ?entity } UNION { ?obs ckg:indicator ?entity }
  UNION { ?obs qb:dataSet ?entity } UNION { ?obs dcterms:source ?entity }
  ?obs a qb:Observation ; ckg:indicator/rdfs:label ?indicator ; ckg:value ?value ; ckg:unit/rdfs:label ?unit ;
       ckg:refPeriod/rdfs:label ?period ; dcterms:source ?source ; ckg:locator ?locator .
  ?source rdfs:label ?source_label .
  OPTIONAL { ?obs qb:dataSet/rdfs:label ?dataset }
  OPTIONAL { ?obs ckg:counterpartArea/rdfs:label ?counterpart }
}
ORDER BY ?indicator ?period ?obs"""


@dataclass
class Entity:
    """An entity with a page: its IRI, label, kind (its most specific class) and the group it is listed in."""

    iri: str
    label: str
    kind: str
    group: str
    path: str  # the IRI's part below the base, e.g. region/UZ-NW



@lru_cache(maxsize=None)
def _prepared(text: str):
    return prepareQuery(text)


def ask(graph: Any, text: str, **bindings: Any):
    """Run one of the page queries; rdflib's own engine reuses the parsed query (parsing is its cost)."""
    return graph.query(text if engine_of(graph) is not None else _prepared(text), initBindings=bindings)


def base_of(graph: Any) -> str:
    """The base IRI of the data, as the graph's VoID description states it."""
    rows = list(graph.query(_BASE))
    return str(rows[0][0]) if rows else DEFAULT_BASE


def entities(graph: Any) -> dict[str, Entity]:
    """Every labelled entity under the base, by IRI (one kind each: the most specific class)."""
    base = base_of(graph)
    found: dict[str, Entity] = {}
    for row in ask(graph, _ENTITIES, base=Literal(base)):
        iri = str(row["entity"])
        group = str(row["top_label"]) if row["top_label"] is not None else str(row["class_label"])
        if iri in found and found[iri].group in MAIN_KINDS:
            continue
        found[iri] = Entity(iri, str(row["label"]), str(row["class_label"]), group, iri[len(base):])
    return found


def facts(graph: Any, iri: str) -> list[tuple[str, str]]:
    """The entity's literal statements (property label, value), sorted."""
    rows = ask(graph, _FACTS, entity=URIRef(iri))
    return sorted({(str(row["property_label"] or _local(row["property"])), str(row["value"])) for row in rows})


def links(graph: Any, iri: str) -> list[tuple[str, str, str]]:
    """The entity's neighbours: (direction, property label, neighbour IRI), sorted."""
    rows = ask(graph, _LINKS, entity=URIRef(iri))
    return sorted({(str(row["direction"]), str(row["property_label"] or _local(row["property"])), str(row["other"]))
                   for row in rows})


def figures(graph: Any, iri: str) -> list[dict[str, str]]:
    """The published figures about the entity, with unit, period, source and locator."""
    rows = ask(graph, _FIGURES, entity=URIRef(iri))
    return [{str(var): ("" if row[var] is None else str(row[var])) for var in rows.vars} for row in rows]


def _local(iri: Any) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
