"""The map view: regions, cities and countries at their coordinates, with the value-chain and
cross-border links between them; and the projection that places them on the page."""

from __future__ import annotations

import math

import networkx as nx

from kg.views.view import View

VIEW = View(frozenset({"region", "city", "country"}), frozenset({"value-chain", "cross-border"}), frozenset(),
            every_node=True)
PIXELS_PER_DEGREE = 50.0
SPREAD = 9.0  # pixels between places drawn at the same point (a region and its centre city)


def located(network: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The places of the view that have coordinates."""
    return network.subgraph([node for node, lat in network.nodes(data="lat") if lat is not None]).copy()


def projection(network: nx.MultiDiGraph) -> dict:
    """Equirectangular projection centred on the linked places: x east, y south, x scaled by cos(latitude).

    The centre is the middle of the regions and cities (all places if there are none), so the far-away
    countries of the graph do not pull the frame off Central Asia.
    """
    linked = [node for node, kind in network.nodes(data="kind") if kind != "country"] or list(network)
    lats = [network.nodes[node]["lat"] for node in linked]
    longs = [network.nodes[node]["long"] for node in linked]
    lat0, long0 = (min(lats) + max(lats)) / 2, (min(longs) + max(longs)) / 2
    return {"lat0": round(lat0, 4), "long0": round(long0, 4), "scale": PIXELS_PER_DEGREE,
            "cosLat0": round(math.cos(math.radians(lat0)), 6)}


def project(lat: float, long: float, frame: dict) -> tuple[float, float]:
    x = (long - frame["long0"]) * frame["scale"] * frame["cosLat0"]
    y = -(lat - frame["lat0"]) * frame["scale"]
    return x, y


def map_positions(network: nx.MultiDiGraph, frame: dict) -> dict[str, dict]:
    """Fixed positions of every place; places at the same point (a region first) are spread on a small
    circle around it, and all but the first are marked `beside`."""
    by_point: dict[tuple[float, float], list[str]] = {}
    for node, attrs in sorted(network.nodes(data=True), key=lambda item: (item[1]["kind"] != "region", item[0])):
        by_point.setdefault(project(attrs["lat"], attrs["long"], frame), []).append(node)
    positions = {}
    for (x, y), nodes in by_point.items():
        for index, node in enumerate(nodes):
            angle = math.pi / 2 + 2 * math.pi * index / len(nodes)
            radius = SPREAD if len(nodes) > 1 else 0.0
            positions[node] = {"x": round(x + radius * math.cos(angle), 1), "y": round(y - radius * math.sin(angle), 1),
                               "fixed": True, "beside": index > 0}
    return positions
