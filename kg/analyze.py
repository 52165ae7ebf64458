"""Network measures over a networkx view: centrality of places, connected components, linking paths."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from kg.places import normalise

LINK_KINDS = frozenset({"value-chain", "cross-border"})  # the links a place's centrality is measured over
PLACE_KINDS = frozenset({"region", "country", "city"})


@dataclass(frozen=True)
class Centrality:
    node: str
    label: str
    kind: str
    degree: int
    degree_centrality: float
    betweenness: float


@dataclass(frozen=True)
class Step:
    source: str
    target: str
    kinds: tuple[str, ...]  # every kind of edge between the two, either direction
    labels: tuple[str, ...]


def link_graph(network: nx.MultiDiGraph, kinds: frozenset[str] = LINK_KINDS) -> nx.Graph:
    """Undirected simple graph of the edges of `kinds` (parallel links count once), keeping node data."""
    links = nx.Graph()
    for u, v, kind in network.edges(data="kind"):
        if kind in kinds:
            links.add_node(u, **network.nodes[u])
            links.add_node(v, **network.nodes[v])
            links.add_edge(u, v)
    return links


def central_places(network: nx.MultiDiGraph, top: int | None = None) -> list[Centrality]:
    """Places ranked by betweenness, then degree, over value-chain and cross-border links."""
    links = link_graph(network)
    if links.number_of_nodes() == 0:
        return []
    degree = nx.degree_centrality(links)
    betweenness = nx.betweenness_centrality(links, normalized=True)
    ranked = sorted(
        (Centrality(node, attrs["label"], attrs["kind"], links.degree(node), degree[node], betweenness[node])
         for node, attrs in links.nodes(data=True) if attrs["kind"] in PLACE_KINDS),
        key=lambda c: (-c.betweenness, -c.degree, c.label),
    )
    return ranked[:top] if top else ranked


def components(network: nx.MultiDiGraph, kinds: frozenset[str] = LINK_KINDS) -> list[list[str]]:
    """Connected groups of nodes over the given link kinds, largest first, members sorted by label."""
    links = link_graph(network, kinds)
    groups = [sorted(group, key=lambda node: links.nodes[node]["label"]) for group in nx.connected_components(links)]
    return sorted(groups, key=lambda group: (-len(group), links.nodes[group[0]]["label"]))


def resolve(network: nx.MultiDiGraph, name: str) -> str:
    """The node a user means: its IRI or key ('region/UZ-NG'), else its label (ignoring case, spaces,
    dashes and apostrophes), else the key's last part ('UZ-NG')."""
    wanted = name.strip().casefold()
    for match in (
        lambda node, attrs: node.casefold() == wanted or attrs["key"].casefold() == wanted,
        lambda node, attrs: normalise(attrs["label"]) == normalise(name),
        lambda node, attrs: attrs["key"].rsplit("/", 1)[-1].casefold() == wanted,
    ):
        found = sorted(node for node, attrs in network.nodes(data=True) if match(node, attrs))
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            keys = ", ".join(network.nodes[node]["key"] for node in found)
            raise ValueError(f"{name!r} names several entities ({keys}); give one of these ids")
    raise ValueError(f"no entity named {name!r} in the network; give a label or an id such as region/UZ-NG")


def shortest_path(network: nx.MultiDiGraph, source: str, target: str) -> list[Step]:
    """The fewest steps from source to target over any edge, each step with its edge kinds."""
    undirected = nx.Graph(network.to_undirected(as_view=True))
    try:  # among paths of equal length, the first by the labels on the way: the same answer every run
        nodes = min(nx.all_shortest_paths(undirected, source, target),
                    key=lambda path: [network.nodes[node]["label"] for node in path])
    except nx.NetworkXNoPath:
        return []
    return [step(network, a, b) for a, b in zip(nodes, nodes[1:])]


def step(network: nx.MultiDiGraph, a: str, b: str) -> Step:
    """The edges between two neighbours on a path, whichever way they point."""
    edges = sorted(
        (attrs["kind"], attrs["label"])
        for u, v in ((a, b), (b, a)) if network.has_edge(u, v)
        for attrs in network.get_edge_data(u, v).values()
    )
    kinds = tuple(dict.fromkeys(kind for kind, _ in edges))
    labels = tuple(dict.fromkeys(label for _, label in edges))
    return Step(a, b, kinds, labels)
