"""Draw a networkx view as an interactive pyvis network, and write it as one offline HTML page.

`to_pyvis` returns a `pyvis.network.Network` (styled nodes and edges, tooltips as plain text);
`write_html` renders it with the project's own template: vis-network inlined from the vendored npm
build, no CDN, no Bootstrap, data embedded as JSON and never as HTML.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from importlib import resources
from pathlib import Path

import jinja2
import networkx as nx
from pyvis.network import Network

from kg.export import write_atomic
from kg.views import EDGE_KINDS, NODE_KINDS

NODE_STYLE = {  # kind -> (colour, vis shape)
    "cluster": ("#d62728", "star"),
    "region": ("#1f77b4", "dot"),
    "country": ("#17324d", "hexagon"),
    "city": ("#17becf", "dot"),
    "sector": ("#2ca02c", "square"),
    "policy": ("#9467bd", "diamond"),
    "legal-act": ("#8c564b", "triangle"),
    "target": ("#e377c2", "triangleDown"),
    "event": ("#ff7f0e", "diamond"),
    "agreement": ("#bcbd22", "square"),
    "infrastructure": ("#7f7f7f", "triangle"),
    "agent": ("#c49c94", "dot"),
}
EDGE_STYLE = {  # kind -> (colour, width, dashed)
    "value-chain": ("#d62728", 4, False),
    "cross-border": ("#ff7f0e", 2.5, False),
    "borders": ("#8da0cb", 1.5, True),
    "located-in": ("#c8c8c8", 1, False),
    "in-sector": ("#2ca02c", 1, True),
    "specialises-in": ("#98df8a", 1.5, False),
    "legal-basis": ("#9467bd", 2.5, False),
    "set-by": ("#e377c2", 2, False),
    "target-area": ("#f7b6d2", 1.5, True),
    "issued-by": ("#8c564b", 1.5, False),
}
DEFAULT_EDGE_STYLE = ("#a0a0a0", 1.5, True)
UNDIRECTED_EDGE_KINDS = {"cross-border", "borders"}  # drawn without arrows
SCHEMATIC_COLUMNS = ["country", "region", "city", "cluster", "sector", "event", "agreement", "infrastructure",
                     "policy", "legal-act", "target", "agent"]
LAYOUTS = ("force", "schematic")
LABEL_LIMIT = 38
BASE_SIZE, MAX_EXTRA_SIZE = 12, 28
LARGE_GRAPH = 500  # nodes; above this the page starts from a random layout


def to_pyvis(network: nx.MultiDiGraph, layout: str = "force", title: str | None = None) -> Network:
    """The view as a pyvis Network: nodes coloured and shaped by kind, sized by cluster exports."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; choose one of {', '.join(LAYOUTS)}")
    net = Network(height="100%", width="100%", directed=True, heading=title or view_title(network))
    largest = max((usd for _, usd in network.nodes(data="size_usd") if usd), default=None)
    positions = schematic_positions(network) if layout == "schematic" else force_positions(network)
    for node, attrs in network.nodes(data=True):
        colour, shape = NODE_STYLE[attrs["kind"]]
        net.add_node(
            node, label=short_label(attrs["label"]), shape=shape, color=colour,
            size=node_size(attrs.get("size_usd"), largest), title=node_tooltip(attrs),
            kind=attrs["kind"], key=attrs["key"], fullLabel=attrs["label"], **positions.get(node, {}),
        )
    for (u, v, key, attrs), bend in zip(network.edges(keys=True, data=True), parallel_bends(network)):
        colour, width, dashed = EDGE_STYLE.get(attrs["kind"], DEFAULT_EDGE_STYLE)
        net.add_edge(
            u, v, id=f"{u}|{v}|{key}", kind=attrs["kind"], label=edge_label(attrs), title=edge_tooltip(network, u, v, attrs),
            color=colour, width=width, dashes=dashed, smooth=bend,
            arrows="" if attrs["kind"] in UNDIRECTED_EDGE_KINDS else "to",
        )
    net.options = page_options(network, layout)
    return net


def view_title(network: nx.MultiDiGraph) -> str:
    view = network.graph.get("view", "all")
    return f"clusterkg: {view} network" if view != "all" else "clusterkg: the whole network"


def short_label(label: str) -> str:
    return label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1].rstrip() + "…"


def node_size(usd: float | None, largest: float | None) -> float:
    """Area grows with cluster exports (square-root scale); nodes without the figure get the base size."""
    if not usd or not largest:
        return BASE_SIZE
    return round(BASE_SIZE + MAX_EXTRA_SIZE * math.sqrt(usd / largest), 1)


def node_tooltip(attrs: dict) -> str:
    lines = [f"{attrs['label']} ({NODE_KINDS[attrs['kind']].label.lower()}, {attrs['key']})"]
    for figure in attrs.get("figures", []):
        lines.append(f"{figure['indicator']}: {figure['value']} {figure['unit']} ({figure['period']})")
        lines.append(f"    source: {figure['source']}")
    if attrs.get("source"):
        lines.append(f"Entity source: {attrs['source']}")
    return "\n".join(lines)


def edge_label(attrs: dict) -> str:
    if attrs["kind"] == "value-chain":
        return attrs["label"]
    if attrs["kind"] == "cross-border":
        return attrs.get("link_kinds", "")
    return ""


def edge_tooltip(network: nx.MultiDiGraph, u: str, v: str, attrs: dict) -> str:
    ends = f"{network.nodes[u]['label']} → {network.nodes[v]['label']}"
    lines = [f"{EDGE_KINDS[attrs['kind']].label}: {ends}"]
    if attrs["kind"] != "value-chain" and attrs.get("label"):
        lines.append(attrs["label"])
    details = [("Product", "product"), ("Direction", "direction"), ("Stages", "stages"), ("Cluster", "cluster"),
               ("Kind of link", "link_kinds"), ("Through", "through"), ("Published as", "published"),
               ("Source", "source")]
    lines += [f"{name}: {attrs[field]}" for name, field in details if attrs.get(field)]
    return "\n".join(lines)


def parallel_bends(network: nx.MultiDiGraph):
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
            yield {"enabled": True, "type": curve, "roundness": round(0.15 * math.ceil(index / 2), 2)}


def force_positions(network: nx.MultiDiGraph) -> dict[str, dict]:
    """A seeded force-directed layout computed here, so the browser draws at once (physics stays optional).

    Above LARGE_GRAPH nodes the force layout takes minutes in Python, so nodes start at seeded random
    positions instead and the physics switch arranges them in the browser.
    """
    count = network.number_of_nodes()
    if count == 0:
        return {}
    scale = max(700.0, 90 * math.sqrt(count))
    undirected = nx.Graph(network)
    if count > LARGE_GRAPH:
        layout = nx.rescale_layout_dict(nx.random_layout(undirected, seed=7), scale=scale)
    else:
        layout = nx.spring_layout(undirected, k=2.5 / math.sqrt(count), seed=7, iterations=100, scale=scale)
    return {node: {"x": round(float(x), 1), "y": round(float(y), 1)} for node, (x, y) in layout.items()}


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


def page_options(network: nx.MultiDiGraph, layout: str) -> dict:
    """vis-network options: nodes start at their computed positions; physics is off until switched on."""
    return {
        "nodes": {"font": {"size": 14, "face": "system-ui, sans-serif"}, "borderWidth": 1},
        "edges": {"font": {"size": 11, "align": "middle", "strokeWidth": 3}, "arrows": {"to": {"scaleFactor": 0.6}}},
        "physics": {
            "enabled": False,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -80, "springLength": 110, "avoidOverlap": 0.3},
            "stabilization": {"enabled": False},
            "minVelocity": 1,
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "keyboard": True, "multiselect": True},
        "layout": {"randomSeed": 7, "improvedLayout": False},
    }


def legend(network: nx.MultiDiGraph) -> dict:
    """The kinds present, in the order of the view's definitions, with their style and count."""
    node_counts = Counter(kind for _, kind in network.nodes(data="kind"))
    edge_counts = Counter(kind for *_, kind in network.edges(data="kind"))
    return {
        "nodes": [
            {"kind": kind, "label": NODE_KINDS[kind].label, "color": NODE_STYLE[kind][0], "shape": NODE_STYLE[kind][1],
             "count": node_counts[kind]}
            for kind in NODE_KINDS if node_counts[kind]
        ],
        "edges": [
            {"kind": kind, "label": EDGE_KINDS[kind].label, "color": EDGE_STYLE.get(kind, DEFAULT_EDGE_STYLE)[0],
             "shape": "line", "dashed": EDGE_STYLE.get(kind, DEFAULT_EDGE_STYLE)[2], "count": edge_counts[kind]}
            for kind in EDGE_KINDS if edge_counts[kind]
        ],
    }


def render_html(net: Network, network: nx.MultiDiGraph, layout: str = "force") -> str:
    """The whole page as one string: template, inlined vis-network, the network's data as JSON."""
    data = {"nodes": net.nodes, "edges": net.edges, "options": net.options, "legend": legend(network)}
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("kg", "templates"), autoescape=True, keep_trailing_newline=True
    )
    return environment.get_template("network.html").render(
        title=net.heading,
        vis_js=vendored_vis_js(),
        data_json=script_safe_json(data),
        layout_note=(
            "Force-directed layout computed with a fixed seed; switch physics on to let it move." if layout == "force"
            else "Schematic layout: one column per kind of node, not geographic."
        ),
        size_note="cluster exports in USD (Table 2), where published",
    )


def write_html(net: Network, network: nx.MultiDiGraph, path: Path | str, layout: str = "force") -> Path:
    """Write the page atomically and return its path."""
    path = Path(path)
    write_atomic(path, render_html(net, network, layout).encode("utf-8"))
    return path


def script_safe_json(data) -> str:
    """JSON that cannot end the <script> element it sits in, whatever the labels hold."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def vendored_vis_js() -> str:
    """The vendored vis-network build, without its source-map comment (the map is not shipped)."""
    text = resources.files("kg").joinpath("static/vis-network/vis-network.min.js").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("//# sourceMappingURL=")]
    script = "\n".join(lines)
    if "</script" in script.lower():
        raise ValueError("the vendored vis-network build contains '</script' and cannot be inlined")
    return script
