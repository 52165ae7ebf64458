"""Build the knowledge graph: the ontology (TBox) plus the populated curated data (ABox)."""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, VOID

from kg.load import load_records
from kg.names import add_place_names
from kg.namespaces import ONTOLOGY_IRI, PREFIXES, data_base, entity_prefixes
from kg.populate import populate
from kg.store import MEMORY, copy_into, is_empty, open_graph

PROJECT_DIR = Path(__file__).resolve().parent.parent
ONTOLOGY_FILE = PROJECT_DIR / "ontology" / "clusterkg.ttl"
DATA_LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")


def load_ontology(graph: Graph | None = None) -> Graph:
    """The ontology's triples (parsed from ontology/clusterkg.ttl) in `graph` or a new graph."""
    graph = graph if graph is not None else Graph()
    return graph.parse(ONTOLOGY_FILE, format="turtle")


def build_graph(data_dir: Path | str | None = None, base: str | None = None, store: str = MEMORY) -> Graph:
    """The whole graph: ontology, curated data and a description of the dataset itself.

    Built in rdflib's memory store, then copied in one batch into `store` if that is another one.
    """
    base = data_base(base)
    records = load_records(data_dir)
    graph = Graph(bind_namespaces="none")  # only the prefixes the graph uses, not rdflib's stock list
    for prefix, namespace in {**PREFIXES, **entity_prefixes(base)}.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    load_ontology(graph)
    populate(records, base, graph)
    add_place_names(graph, base, data_dir)
    describe_dataset(graph, base, [doc.id for doc in records.section("sources")])
    return graph if store == MEMORY else copy_into(graph, open_graph(store))


def open_or_build(store: str, data_dir: Path | str | None = None, base: str | None = None) -> Graph:
    """The graph in `store`: a persistent store that already holds triples is reused as it is."""
    if store.partition(":")[2]:
        graph = open_graph(store)
        if not is_empty(graph):
            return graph
        return copy_into(build_graph(data_dir, base), graph)
    return build_graph(data_dir, base, store)


def describe_dataset(graph: Graph, base: str, source_ids: list[str]) -> None:
    """VoID/DCAT description of the published dataset, so triple stores can catalogue it."""
    dataset = URIRef(base)
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, DCTERMS.title, Literal("clusterkg: regional industrial clusters in Central Asia", lang="en")))
    graph.add((dataset, DCTERMS.license, DATA_LICENSE))
    graph.add((dataset, DCTERMS.conformsTo, ONTOLOGY_IRI))
    graph.add((dataset, VOID.vocabulary, URIRef(str(ONTOLOGY_IRI) + "#")))
    graph.add((dataset, VOID.uriSpace, Literal(base)))
    for source_id in source_ids:
        graph.add((dataset, DCTERMS.source, URIRef(f"{base}source/{source_id}")))
