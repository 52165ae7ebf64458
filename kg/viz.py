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
from kg.layout import LABEL_WIDTH, LARGE_GRAPH, force_positions, parallel_bends, schematic_positions
from kg.views.map import map_positions, projection

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
VIS_FILE = "vis-network/vis-network.min.js"
TOPOJSON_FILE = "topojson-client/topojson-client.min.js"
ATLAS_FILE = "world-atlas/countries-50m.json"
DEFAULT_EDGE_STYLE = ("#a0a0a0", 1.5, True)
UNDIRECTED_EDGE_KINDS = {"cross-border", "borders"}  # drawn without arrows
SEARCH_ORDER = ["region", "country", "city", "cluster", "sector", "policy", "legal-act", "target", "event",
                "agreement", "infrastructure", "agent"]  # which kind a search lands on first
LAYOUTS = ("force", "schematic")
LABEL_LIMIT = 60
FONT_SIZE = 16
MAP_SIZE_FACTOR = 0.5  # nodes on the map are smaller, so neighbouring regions stay apart
BASE_SIZE, MAX_EXTRA_SIZE = 10, 22


def to_pyvis(network: nx.MultiDiGraph, layout: str = "force", title: str | None = None) -> Network:
    """The view as a pyvis Network: nodes coloured and shaped by kind, sized by cluster exports.

    The map view places every node at its coordinates (`layout` does not apply to it).
    """
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; choose one of {', '.join(LAYOUTS)}")
    net = Network(height="100%", width="100%", directed=True, heading=title or view_title(network))
    largest = max((usd for _, usd in network.nodes(data="size_usd") if usd), default=None)
    on_map = is_map(network)
    if on_map:
        positions = map_positions(network, projection(network))
    elif layout == "schematic":
        positions = schematic_positions(network)
    else:
        positions = force_positions(network)
    for node, attrs in network.nodes(data=True):
        colour, shape = NODE_STYLE[attrs["kind"]]
        position = dict(positions.get(node, {}))
        beside = position.pop("beside", False)  # on the map, a city drawn beside its region: no second label
        net.add_node(
            node, label=short_label(attrs["label"]), shape=shape, color=colour,
            size=node_size(attrs.get("size_usd"), largest) * (MAP_SIZE_FACTOR if on_map else 1),
            title=node_tooltip(attrs), kind=attrs["kind"], key=attrs["key"], fullLabel=attrs["label"],
            altLabels=attrs.get("alt_labels", []), **position,
        )
        if beside:
            net.nodes[-1]["label"] = ""  # pyvis would put the node id in place of an empty label
    for (u, v, key, attrs), bend in zip(network.edges(keys=True, data=True), parallel_bends(network, 0.05 if on_map else 0.15)):
        colour, width, dashed = EDGE_STYLE.get(attrs["kind"], DEFAULT_EDGE_STYLE)
        net.add_edge(
            u, v, id=f"{u}|{v}|{key}", kind=attrs["kind"], label="" if on_map else edge_label(attrs),
            title=edge_tooltip(network, u, v, attrs),
            color={"color": colour, "opacity": 0.75} if on_map else colour, width=width * (0.7 if on_map else 1),
            dashes=dashed, smooth=bend,
            arrows="" if attrs["kind"] in UNDIRECTED_EDGE_KINDS else "to",
        )
    net.options = page_options(network, layout)
    return net


def is_map(network: nx.MultiDiGraph) -> bool:
    return network.graph.get("view") == "map"


def view_title(network: nx.MultiDiGraph) -> str:
    view = network.graph.get("view", "all")
    special = {"all": "clusterkg: the whole network", "map": "clusterkg: map of places and their links"}
    return special.get(view, f"clusterkg: {view} network")


def short_label(label: str) -> str:
    return label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1].rstrip() + "…"


def node_size(usd: float | None, largest: float | None) -> float:
    """Area grows with cluster exports (square-root scale); nodes without the figure get the base size."""
    if not usd or not largest:
        return BASE_SIZE
    return round(BASE_SIZE + MAX_EXTRA_SIZE * math.sqrt(usd / largest), 1)


def node_tooltip(attrs: dict) -> str:
    lines = [f"{attrs['label']} ({NODE_KINDS[attrs['kind']].label.lower()}, {attrs['key']})"]
    if attrs.get("alt_labels"):
        lines.append("Also: " + ", ".join(attrs["alt_labels"]))
    for figure in attrs.get("figures", []):
        lines.append(f"{figure['indicator']}: {figure['value']} {figure['unit']} ({figure['period']})")
        lines.append(f"    source: {figure['source']}")
    if attrs.get("source"):
        lines.append(f"Entity source: {attrs['source']}")
    return "\n".join(lines)


def edge_label(attrs: dict) -> str:
    """Only value-chain flows say on the canvas what moves; other links say it in their tooltip."""
    return attrs["label"] if attrs["kind"] == "value-chain" else ""


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


def page_options(network: nx.MultiDiGraph, layout: str) -> dict:
    """vis-network options: nodes start at their computed positions; physics is off until switched on."""
    return {
        "nodes": {"font": {"size": FONT_SIZE - 3 if is_map(network) else FONT_SIZE, "face": "system-ui, sans-serif",
                           "strokeWidth": 3},
                  "borderWidth": 1, "widthConstraint": {"maximum": LABEL_WIDTH}},
        "edges": {"font": {"size": FONT_SIZE - 3, "align": "horizontal", "strokeWidth": 4},
                  "arrows": {"to": {"scaleFactor": 1.1}}, "arrowStrikethrough": False},
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
    """The whole page as one string: template, inlined vis-network, the network's data as JSON.

    A map page also holds the vendored Natural Earth outlines and the TopoJSON reader that draws them.
    """
    view = network.graph.get("view", "all")
    data = {
        "nodes": net.nodes, "edges": net.edges, "options": net.options, "legend": legend(network), "view": view,
        "searchOrder": SEARCH_ORDER, "spreadLabels": not is_map(network) and len(net.nodes) <= LARGE_GRAPH,
    }
    if is_map(network):
        data["map"] = {"frame": projection(network), "atlas": json.loads(vendored_text(ATLAS_FILE))}
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("kg", "templates"), autoescape=True, keep_trailing_newline=True
    )
    return environment.get_template("network.html").render(
        title=net.heading,
        vis_js=vendored_script(VIS_FILE),
        topojson_js=vendored_script(TOPOJSON_FILE) if is_map(network) else None,
        data_json=script_safe_json(data),
        layout_note=layout_note(network, layout),
        size_note="cluster exports in USD (Table 2), where published",
    )


def layout_note(network: nx.MultiDiGraph, layout: str) -> str:
    if is_map(network):
        return ("Map: places at their coordinates (GeoNames; a region at its administrative centre; a country at "
                "the middle of its Natural Earth outline), longitude east, latitude north, scaled by cos(latitude). "
                "A region and its centre city are drawn side by side.")
    if layout == "force":
        return "Force-directed layout computed with a fixed seed, nodes moved apart until no labels overlap."
    return "Schematic layout: one column per kind of node, not geographic."


def write_html(net: Network, network: nx.MultiDiGraph, path: Path | str, layout: str = "force") -> Path:
    """Write the page atomically and return its path."""
    path = Path(path)
    write_atomic(path, render_html(net, network, layout).encode("utf-8"))
    return path


def script_safe_json(data) -> str:
    """JSON that cannot end the <script> element it sits in, whatever the labels hold."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def vendored_text(name: str) -> str:
    return resources.files("kg").joinpath("static", name).read_text(encoding="utf-8")


def vendored_script(name: str) -> str:
    """A vendored JavaScript build, without its source-map comment (the map is not shipped)."""
    lines = [line for line in vendored_text(name).splitlines() if not line.startswith("//# sourceMappingURL=")]
    script = "\n".join(lines)
    if "</script" in script.lower():
        raise ValueError(f"the vendored {name} contains '</script' and cannot be inlined")
    return script
