"""The pyvis network and the offline HTML page written from it."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest
from pyvis.network import Network

from kg.build import build_graph
from kg.cli import main
from kg.views import to_networkx
from kg.viz import legend, render_html, to_pyvis, write_html

EVIL = """<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'single' "double" &amp;"""


@pytest.fixture(scope="module")
def graph():
    return build_graph()


def evil_network() -> nx.MultiDiGraph:
    """A two-node view whose labels and figures try to break out of the page."""
    network = nx.MultiDiGraph(view="value-chain")
    common = {"source": EVIL, "size_usd": None}
    network.add_node("urn:a", kind="region", label=EVIL, key="region/A", figures=[
        {"indicator": EVIL, "value": "1", "unit": "USD mln", "period": "2024", "source": EVIL}], **common)
    network.add_node("urn:b", kind="cluster", label="B", key="cluster/B", figures=[], **common)
    network.add_edge("urn:a", "urn:b", key="value-chain", kind="value-chain", label=EVIL, product=EVIL, source=EVIL)
    return network


def embedded_data(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_pyvis_network_holds_every_node_and_edge_of_the_view(graph):
    network = to_networkx(graph, "cross-border")
    net = to_pyvis(network)
    assert isinstance(net, Network)
    assert len(net.nodes) == network.number_of_nodes()
    assert len(net.edges) == network.number_of_edges()
    uzbekistan = next(node for node in net.nodes if node["key"] == "country/UZ")
    kazakhstan_region = next(node for node in net.nodes if node["key"] == "region/KZ-61")
    assert uzbekistan["shape"] != kazakhstan_region["shape"]
    assert "source:" in next(node for node in net.nodes if node["key"] == "region/UZ-NW")["title"]


def test_regions_are_sized_by_their_published_exports(graph):
    network = to_networkx(graph, "value-chain")
    size = {node["key"]: node["size"] for node in to_pyvis(network).nodes}
    # Table 2: Navoi USD 2,150 mln, Andijan USD 890 mln
    assert size["region/UZ-NW"] > size["region/UZ-AN"]


def test_page_loads_nothing_from_the_network(graph, tmp_path):
    network = to_networkx(graph, "all")
    html = write_html(to_pyvis(network), network, tmp_path / "graph.html").read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html, re.I)
    assert "bootstrap" not in html.lower()
    assert "sourceMappingURL" not in html
    assert html.count("<script") == 3  # vis-network, the data, the page's own code
    data = embedded_data(html)
    assert len(data["nodes"]) == network.number_of_nodes()
    assert len(data["edges"]) == network.number_of_edges()


def test_labels_and_tooltips_are_data_never_markup():
    network = evil_network()
    html = render_html(to_pyvis(network), network)
    assert "<script>window.__xss" not in html
    assert "<img src=x" not in html
    assert html.count("<script") == 3
    data = embedded_data(html)
    node = next(node for node in data["nodes"] if node["id"] == "urn:a")
    assert node["fullLabel"] == EVIL  # the text survives unchanged, as data
    assert EVIL in node["title"]


def test_schematic_layout_places_every_node_and_starts_still(graph):
    network = to_networkx(graph, "policy")
    net = to_pyvis(network, layout="schematic")
    assert all("x" in node and "y" in node for node in net.nodes)
    assert net.options["physics"]["enabled"] is False


def test_viz_command_writes_the_page_and_prints_its_path(tmp_path, capsys):
    out = tmp_path / "vc.html"
    assert main(["viz", "--view", "value-chain", "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert "Namangan" in out.read_text(encoding="utf-8")


def test_build_also_writes_the_network_page(tmp_path):
    assert main(["build", "--out", str(tmp_path)]) == 0
    data = embedded_data((tmp_path / "graph.html").read_text(encoding="utf-8"))
    assert any(node["key"] == "region/UZ-NW" for node in data["nodes"])


def test_unknown_view_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["viz", "--view", "trade", "-o", str(tmp_path / "x.html")])
    assert exit_info.value.code == 2
    assert "invalid choice: 'trade'" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()


def test_map_page_holds_the_natural_earth_outlines_and_the_reader_offline(tmp_path, capsys):
    out = tmp_path / "map.html"
    assert main(["viz", "--view", "map", "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert html.count("<script") == 4  # vis-network, topojson-client, the data, the page's own code
    assert "topojson-client v3.1.0" in html
    data = embedded_data(html)
    countries = data["map"]["atlas"]["objects"]["countries"]["geometries"]
    assert {"Uzbekistan", "Kazakhstan"} <= {country["properties"]["name"] for country in countries}
    assert all(node["fixed"] for node in data["nodes"])
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html, re.I)


def test_legend_uses_the_style_table_of_the_nodes(graph):
    network = to_networkx(graph, "all")
    net = to_pyvis(network)
    drawn = {node["kind"]: (node["shape"], node["color"]) for node in net.nodes}
    assert {entry["kind"]: (entry["shape"], entry["color"]) for entry in legend(network)["nodes"]} == drawn


def test_isolated_nodes_are_grouped_under_the_rest():
    network = nx.MultiDiGraph(view="all")
    for index in range(8):
        network.add_node(f"urn:{index}", kind="region", label=f"R{index}", key=f"region/{index}", source="s",
                         size_usd=None, figures=[])
    for index in range(4):
        network.add_edge(f"urn:{index}", f"urn:{(index + 1) % 4}", key="borders", kind="borders", label="borders on")
    positions = {node["id"]: node for node in to_pyvis(network).nodes}
    lowest_linked = max(positions[f"urn:{index}"]["y"] for index in range(4))
    isolated_rows = {positions[f"urn:{index}"]["y"] for index in range(4, 8)}
    assert min(isolated_rows) > lowest_linked and len(isolated_rows) == 1  # one row below the linked nodes
