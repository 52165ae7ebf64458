"""A view: which kinds of node and edge it shows, and how it selects them from the whole network."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx


@dataclass(frozen=True)
class View:
    """The node kinds a view shows, the edge kinds it is about, and the context edges kept around them.

    A view keeps the ends of its own edges and, through context edges, the places they lie in; with
    `every_node` it keeps every node of its kinds instead (the whole network, the map).
    """

    node_kinds: frozenset[str]
    edge_kinds: frozenset[str]
    context_kinds: frozenset[str] = frozenset({"located-in"})
    every_node: bool = False

    def select(self, full: nx.MultiDiGraph) -> nx.MultiDiGraph:
        allowed = [node for node, kind in full.nodes(data="kind") if kind in self.node_kinds]
        network = nx.MultiDiGraph(full.subgraph(allowed))
        network.remove_edges_from([
            (u, v, key) for u, v, key, kind in list(network.edges(keys=True, data="kind"))
            if kind not in self.edge_kinds | self.context_kinds
        ])
        if not self.every_node:
            network = network.subgraph(self.nodes_in_view(network)).copy()
        return network

    def nodes_in_view(self, network: nx.MultiDiGraph) -> set[str]:
        """Ends of the view's own edges, then (transitively) the places they are located in."""
        kept = {end for u, v, kind in network.edges(data="kind") if kind in self.edge_kinds for end in (u, v)}
        frontier = list(kept)
        while frontier:
            node = frontier.pop()
            for _, place, kind in network.out_edges(node, data="kind"):
                if kind in self.context_kinds and place not in kept:
                    kept.add(place)
                    frontier.append(place)
        return kept
