"""The whole network read from the RDF graph through SPARQL, before a view selects from it.

Nodes are entities (IRI strings) with `kind`, `label`, `alt_labels`, `key`, `figures` (published
observations with unit, period and source), `source` and, for places, `lat`/`long` (WGS84); edges carry
`kind`, `label` and, for value-chain flows, the `product` that moves from one region to the next
(`direction` upstream -> downstream).
"""

from __future__ import annotations

from decimal import Decimal

import networkx as nx
from rdflib import Graph

from kg.namespaces import CKG
from kg.views.kinds import EDGE_KINDS, NODE_CLASSES, PROPERTY_EDGES
from kg.views.queries import (
    ALT_LABELS_QUERY, BORDERS_QUERY, COORDINATES_QUERY, CROSS_BORDER_QUERY, FIGURES_QUERY, LINK_DETAILS_QUERY,
    NODES_QUERY, PROPERTY_EDGES_QUERY, SITES_QUERY, SPECIALISATION_QUERY, TARGETS_QUERY, VALUE_CHAIN_QUERY,
)

EXPORTS_INDICATOR = "cluster-exports"


def full_network(graph: Graph) -> nx.MultiDiGraph:
    """Every node and edge kind, before a view selects from them."""
    network = nx.MultiDiGraph()
    add_nodes(network, graph)
    add_alt_labels(network, graph)
    add_coordinates(network, graph)
    add_figures(network, graph)
    add_target_figures(network, graph)
    add_property_edges(network, graph)
    add_site_edges(network, graph)
    add_value_chain_edges(network, graph)
    add_cross_border_edges(network, graph)
    add_border_edges(network, graph)
    add_specialisation_edges(network, graph)
    return nx.MultiDiGraph(sorted_copy(network))


def sorted_copy(network: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The same network with nodes and edges in a stable order (same graph, same page)."""
    ordered = nx.MultiDiGraph()
    ordered.add_nodes_from(sorted(network.nodes(data=True)))
    ordered.add_edges_from(sorted(network.edges(keys=True, data=True), key=lambda edge: edge[:3]))
    return ordered


def add_nodes(network: nx.MultiDiGraph, graph: Graph) -> None:
    classes = " ".join(f"<{cls}>" for cls in NODE_CLASSES)
    for row in graph.query(NODES_QUERY % classes):
        node = str(row.node)
        if node in network:  # a node of two classes (e.g. Cluster and a subclass) keeps its first kind
            continue
        network.add_node(
            node, kind=NODE_CLASSES[row["class"]], label=str(row.label), key=short_key(node),
            source=source_text(row.source, row.locator), figures=[], size_usd=None, alt_labels=[],
        )


def add_alt_labels(network: nx.MultiDiGraph, graph: Graph) -> None:
    for row in graph.query(ALT_LABELS_QUERY):
        node, label = str(row.node), str(row.label)
        if node in network and label not in network.nodes[node]["alt_labels"] + [network.nodes[node]["label"]]:
            network.nodes[node]["alt_labels"].append(label)


def add_coordinates(network: nx.MultiDiGraph, graph: Graph) -> None:
    """Latitude and longitude (decimal degrees, WGS84) of the places that have them."""
    for row in graph.query(COORDINATES_QUERY):
        if str(row.place) in network:
            network.nodes[str(row.place)].update(lat=float(row.lat), long=float(row.long))


def short_key(iri: str) -> str:
    """The readable tail of an entity IRI: 'region/UZ-NG'."""
    return "/".join(iri.rstrip("/").rsplit("/", 2)[-2:])


def source_text(source, locator) -> str:
    return ", ".join(str(part) for part in (source, locator) if part is not None)


def add_figures(network: nx.MultiDiGraph, graph: Graph) -> None:
    """Published observations of each node, as published, and its cluster exports in USD for sizing."""
    for row in graph.query(FIGURES_QUERY):
        area = str(row.area)
        if area not in network:
            continue
        indicator = str(row.indicator) + (f" with {row.counterpart}" if row.counterpart else "")
        network.nodes[area]["figures"].append({
            "indicator": indicator, "value": str(row.value), "unit": str(row.unit),
            "period": str(row.period), "source": source_text(row.source, row.locator),
        })
        if str(row.indicatorId).endswith("/" + EXPORTS_INDICATOR) and str(row.unit).startswith("USD"):
            usd = float(Decimal(str(row.value)) * Decimal(10) ** int(row.multiplier))
            current = network.nodes[area]["size_usd"]
            network.nodes[area]["size_usd"] = max(usd, current or 0)


def add_target_figures(network: nx.MultiDiGraph, graph: Graph) -> None:
    for row in graph.query(TARGETS_QUERY):
        target = str(row.target)
        if target in network:
            value = f"{row.value}–{row.max}" if row.max is not None else str(row.value)
            network.nodes[target]["figures"].append({
                "indicator": str(row.indicator or "target"), "value": value, "unit": str(row.unit or ""),
                "period": f"by {row.deadline}", "source": network.nodes[target]["source"],
            })


def add_edge(network: nx.MultiDiGraph, u: str, v: str, kind: str, key: str | None = None, **attributes) -> None:
    """Add an edge between two known nodes; repeated (u, v, key) merge into one."""
    if u in network and v in network and u != v:
        network.add_edge(u, v, key=key or kind, kind=kind, **{"label": EDGE_KINDS[kind].label.lower(), **attributes})


def add_property_edges(network: nx.MultiDiGraph, graph: Graph) -> None:
    properties = " ".join(f"<{prop}>" for prop in PROPERTY_EDGES)
    for row in graph.query(PROPERTY_EDGES_QUERY % properties):
        add_edge(network, str(row.s), str(row.o), PROPERTY_EDGES[row.p], label=str(row.label))


def add_site_edges(network: nx.MultiDiGraph, graph: Graph) -> None:
    """A cluster's sites (not nodes themselves) become 'located in' edges labelled with the site's role."""
    for row in graph.query(SITES_QUERY):
        add_edge(network, str(row.cluster), str(row.place), "located-in", label=f"located in: {row.role}")


def add_value_chain_edges(network: nx.MultiDiGraph, graph: Graph) -> None:
    """One edge per supply step, from the upstream stage's place to the downstream stage's place."""
    for row in graph.query(VALUE_CHAIN_QUERY):
        product = str(row.product) if row.product is not None else None
        add_edge(
            network, str(row["from"]), str(row.to), "value-chain", key=f"value-chain:{row.cluster}:{row.fromOrder}",
            label=f"{product or 'supplies'} →", product=product, direction="upstream → downstream",
            cluster=str(row.cluster), stages=f"{row.fromRole} → {row.toRole}", stage_order=int(row.fromOrder),
            source=source_text(row.source, row.locator),
        )


def add_cross_border_edges(network: nx.MultiDiGraph, graph: Graph) -> None:
    """One edge per pair of parties in different countries of each cross-border link."""
    details: dict[tuple[str, str], list[str]] = {}
    for row in graph.query(LINK_DETAILS_QUERY):
        details.setdefault((str(row.link), str(row.property)), []).append(str(row.value))
    for row in graph.query(CROSS_BORDER_QUERY):
        link = str(row.link)
        add_edge(
            network, str(row.a), str(row.b), "cross-border", key=f"cross-border:{short_key(link)}",
            label=str(row.label), link_kinds=", ".join(details.get((link, str(CKG.linkKind)), [])),
            through="; ".join(details.get((link, str(CKG.through)), [])),
            source=source_text(row.source, row.locator),
        )


def add_border_edges(network: nx.MultiDiGraph, graph: Graph) -> None:
    for row in graph.query(BORDERS_QUERY):
        add_edge(network, str(row.a), str(row.b), "borders")


def add_specialisation_edges(network: nx.MultiDiGraph, graph: Graph) -> None:
    for row in graph.query(SPECIALISATION_QUERY):
        add_edge(
            network, str(row.region), str(row.sector), "specialises-in",
            label=f"main sector #{row.rank}", rank=int(row.rank), published=str(row.published),
            source=source_text(row.source, row.locator),
        )
