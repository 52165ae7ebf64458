"""Networkx views of the RDF graph (read through SPARQL): value chains, cross-border links, policy, map.

`to_networkx(graph, view)` returns one view as a MultiDiGraph; each view is defined in its own module.
"""

from __future__ import annotations

import networkx as nx
from rdflib import Graph

from kg.views import cross_border, policy, value_chain, whole
from kg.views import map as map_view
from kg.views.kinds import EDGE_KINDS, NODE_CLASSES, NODE_KINDS, PROPERTY_EDGES, Kind
from kg.views.network import full_network
from kg.views.view import View

VIEWS: dict[str, View] = {
    "value-chain": value_chain.VIEW,
    "cross-border": cross_border.VIEW,
    "policy": policy.VIEW,
    "map": map_view.VIEW,
    "all": whole.VIEW,
}

__all__ = ["EDGE_KINDS", "NODE_CLASSES", "NODE_KINDS", "PROPERTY_EDGES", "VIEWS", "Kind", "View", "to_networkx"]


def to_networkx(graph: Graph, view: str = "all") -> nx.MultiDiGraph:
    """One view as a MultiDiGraph (edge key: the kind, or kind:id where one pair has several).

    "all" holds every node and edge; "map" every place with coordinates and the value-chain and
    cross-border links between them; the other views the nodes their own edge kinds touch and,
    through context edges ("located in"), the places those nodes lie in.
    """
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    network = VIEWS[view].select(full_network(graph))
    if view == "map":
        network = map_view.located(network)
    network.graph["view"] = view
    return network
