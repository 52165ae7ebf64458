"""The SPARQL 1.1 Service Description answered at the endpoint URL (a GET without a query)."""

from __future__ import annotations

import pyoxigraph as ox

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "RDF_XML", "JSON-LD")
RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "n-triples": ox.RdfFormat.N_TRIPLES,
               "rdf-xml": ox.RdfFormat.RDF_XML, "json-ld": ox.RdfFormat.JSON_LD}


def service_description(store: ox.Store, endpoint_url: str, fmt: str = "turtle") -> bytes:
    """The service at `endpoint_url`: language, result formats, and its dataset with triple counts."""
    service, dataset, default = ox.NamedNode(endpoint_url), ox.BlankNode(), ox.BlankNode()

    def sd(name: str) -> ox.NamedNode:
        return ox.NamedNode(SD + name)

    triples = [
        ox.Triple(service, RDF_TYPE, sd("Service")),
        ox.Triple(service, sd("endpoint"), service),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default),
        ox.Triple(default, RDF_TYPE, sd("Graph")),
        ox.Triple(default, ox.NamedNode(VOID + "triples"), ox.Literal(str(_count(store, ox.DefaultGraph())),
                                                                      datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
    ]
    triples += [ox.Triple(service, sd("resultFormat"), ox.NamedNode(FORMATS + name)) for name in RESULT_FORMATS]
    for graph in store.named_graphs():
        named, description = ox.BlankNode(), ox.BlankNode()
        triples += [ox.Triple(dataset, sd("namedGraph"), named), ox.Triple(named, sd("name"), graph),
                    ox.Triple(named, sd("graph"), description),
                    ox.Triple(description, ox.NamedNode(VOID + "triples"),
                              ox.Literal(str(_count(store, graph)), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))]
    return ox.serialize(triples, format=RDF_FORMATS[fmt], prefixes={"sd": SD, "void": VOID, "formats": FORMATS})


def _count(store: ox.Store, graph) -> int:
    return sum(1 for _ in store.quads_for_pattern(None, None, None, graph))
