"""Where the nodes of a view start on the page: a seeded force layout or a schematic one, and bends
that keep parallel edges apart. (The map view's geographic positions are in kg.views.map.)"""

from __future__ import annotations

import math
from collections import Counter

import networkx as nx

SCHEMATIC_COLUMNS = ["country", "region", "city", "cluster", "sector", "event", "agreement", "infrastructure",
                     "policy", "legal-act", "target", "agent"]
LABEL_WIDTH = 150  # canvas pixels; longer labels wrap
ASPECT = 1.6  # width : height of the drawing, a little wider than the canvas beside the side panel
LARGE_GRAPH = 500  # nodes; above this the page starts from a random layout and labels are not spread


def parallel_bends(network: nx.MultiDiGraph, step: float = 0.15):
    """A vis 'smooth' setting per edge, bending parallel edges apart so their labels do not overlap."""
    seen: Counter = Counter()
    for u, v in network.edges():
        pair = tuple(sorted((u, v)))
        index = seen[pair]
        seen[pair] += 1
        if index == 0:
            yield {"enabled": True, "type": "continuous"}
        else:
            curve = "curvedCW" if index % 2 else "curvedCCW"
            yield {"enabled": True, "type": curve, "roundness": round(step * math.ceil(index / 2), 2)}


def force_positions(network: nx.MultiDiGraph) -> dict[str, dict]:
    """A seeded force-directed layout computed here, so the browser draws at once (physics stays optional).

    Nodes without links are grouped in rows under the rest. Above LARGE_GRAPH nodes the force layout
    takes minutes in Python, so nodes start at seeded random positions instead and the physics switch
    arranges them in the browser. The page then moves nodes apart until no two labels overlap.
    """
    undirected = nx.Graph(network)
    isolates = sorted(nx.isolates(undirected), key=lambda node: network.nodes[node]["label"])
    undirected.remove_nodes_from(isolates)
    count = undirected.number_of_nodes()
    scale = max(450.0, 60 * math.sqrt(count))
    if count == 0:
        layout = {}
    elif count > LARGE_GRAPH:
        layout = nx.rescale_layout_dict(nx.random_layout(undirected, seed=7), scale=scale)
    else:
        layout = nx.spring_layout(undirected, k=2.5 / math.sqrt(count), seed=7, iterations=100, scale=scale)
    stretch = landscape_stretch(layout)
    positions = {node: {"x": round(float(x) * stretch, 1), "y": round(float(y), 1)} for node, (x, y) in layout.items()}
    bottom = max((position["y"] for position in positions.values()), default=0) + 120
    columns = max(1, int(2.8 * scale // LABEL_WIDTH))
    for index, node in enumerate(isolates):
        row, column = divmod(index, columns)
        positions[node] = {"x": round((column - (columns - 1) / 2) * (LABEL_WIDTH + 20), 1), "y": bottom + row * 70}
    return positions


def landscape_stretch(layout: dict) -> float:
    """How much to widen a layout so it is ASPECT times as wide as high, like a laptop screen's canvas
    (a tall, narrow layout would be fitted to the screen's height and drawn with tiny labels)."""
    if len(layout) < 2:
        return 1.0
    xs, ys = zip(*layout.values())
    width, height = float(max(xs) - min(xs)), float(max(ys) - min(ys))
    return max(1.0, ASPECT * height / width) if width else 1.0


def schematic_positions(network: nx.MultiDiGraph) -> dict[str, dict]:
    """Fixed positions: one column per node kind, nodes sorted by label (not geographic)."""
    by_kind: dict[str, list[str]] = {}
    for node, attrs in sorted(network.nodes(data=True), key=lambda item: item[1]["label"]):
        by_kind.setdefault(attrs["kind"], []).append(node)
    positions = {}
    columns = [kind for kind in SCHEMATIC_COLUMNS if kind in by_kind]
    for column, kind in enumerate(columns):
        members = by_kind[kind]
        for row, node in enumerate(members):
            positions[node] = {"x": column * 260, "y": (row - len(members) / 2) * 45, "fixed": False}
    return positions


