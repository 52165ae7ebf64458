"""The networkx views read from the RDF graph: value chain, cross-border links, policy."""

from __future__ import annotations

import math

import pytest

from kg.build import build_graph
from kg.views import EDGE_KINDS, NODE_KINDS, VIEWS, to_networkx


@pytest.fixture(scope="module")
def graph():
    return build_graph()


def node_by_key(network, key):
    return next(node for node, attrs in network.nodes(data=True) if attrs["key"] == key)


def test_textile_value_chain_runs_namangan_fergana_andijan(graph):
    network = to_networkx(graph, "value-chain")
    flows = {
        network.nodes[u]["label"]: (network.nodes[v]["label"], attrs)
        for u, v, attrs in network.edges(data=True) if attrs["kind"] == "value-chain"
    }
    chain, place = ["Namangan"], "Namangan"
    while place in flows:
        place = flows[place][0]
        chain.append(place)
    assert chain == ["Namangan", "Fergana", "Andijan"]
    assert flows["Namangan"][1]["product"].startswith("Processed cotton")
    assert flows["Fergana"][1]["product"] == "Yarn and fabric"
    assert all(attrs["direction"] == "upstream → downstream" for _, attrs in flows.values())


def test_navoi_carries_its_published_exports_with_unit_and_source(graph):
    network = to_networkx(graph, "value-chain")
    navoi = network.nodes[node_by_key(network, "region/UZ-NW")]
    exports = [f for f in navoi["figures"] if f["indicator"] == "Cluster exports"]
    assert [(f["value"], f["unit"], f["period"]) for f in exports] == [("2150", "USD mln", "2024")]
    assert "Table 2, row Navoi" in exports[0]["source"]
    assert navoi["size_usd"] == 2150e6


def test_cross_border_links_join_places_of_different_countries(graph):
    network = to_networkx(graph, "cross-border")
    country = {node: node_by_key(network, "country/" + attrs["key"].split("/")[1][:2])
               for node, attrs in network.nodes(data=True) if attrs["kind"] in {"region", "country"}}
    links = [(u, v) for u, v, kind in network.edges(data="kind") if kind == "cross-border"]
    assert links
    assert all(country[u] != country[v] for u, v in links)
    namangan = node_by_key(network, "region/UZ-NG")
    partners = {network.nodes[v]["label"] for u, v in links if namangan in (u, v) for v in (u, v) if v != namangan}
    assert {"Turkestan", "Kyzylorda", "Zhetysu"} <= partners


def test_policy_view_holds_the_legal_basis_of_cluster_policy(graph):
    network = to_networkx(graph, "policy")
    basis = {network.nodes[v]["label"].split(":")[0] for _, v, kind in network.edges(data="kind") if kind == "legal-basis"}
    assert basis == {"PF-60", "PQ-157"}
    assert {kind for _, kind in network.nodes(data="kind")} <= VIEWS["policy"].node_kinds


@pytest.mark.parametrize("view", list(VIEWS))
def test_every_node_and_edge_is_described(graph, view):
    network = to_networkx(graph, view)
    assert network.number_of_nodes() > 0
    for _, attrs in network.nodes(data=True):
        assert attrs["kind"] in NODE_KINDS and attrs["label"] and attrs["source"]
    for *_, attrs in network.edges(data=True):
        assert attrs["kind"] in EDGE_KINDS and attrs["label"]
    if view != "all":
        assert {kind for *_, kind in network.edges(data="kind")} <= VIEWS[view].edge_kinds | VIEWS[view].context_kinds


def test_unknown_view_is_refused(graph):
    with pytest.raises(ValueError, match="unknown view 'trade'"):
        to_networkx(graph, "trade")


def test_map_view_holds_every_place_at_its_coordinates_and_the_links_between_them(graph):
    network = to_networkx(graph, "map")
    assert {kind for _, kind in network.nodes(data="kind")} == {"region", "city", "country"}
    assert network.number_of_nodes() == 33  # 17 regions, 7 cities, 9 countries: all of them located
    assert {kind for *_, kind in network.edges(data="kind")} == {"value-chain", "cross-border"}
    navoi = network.nodes[node_by_key(network, "region/UZ-NW")]
    assert (navoi["lat"], navoi["long"]) == (40.08444, 65.37917)  # GeoNames: Navoiy, the region's centre
    assert "Navoiy" in navoi["alt_labels"]  # skos:altLabel, for the page's search


def test_map_projection_puts_west_left_and_south_down(graph):
    from kg.views.map import map_positions, projection

    network = to_networkx(graph, "map")
    positions = map_positions(network, projection(network))
    at = {network.nodes[node]["key"]: position for node, position in positions.items()}
    assert at["region/UZ-QR"]["x"] < at["region/UZ-TK"]["x"] < at["region/UZ-AN"]["x"]
    assert at["region/UZ-SU"]["y"] > at["region/UZ-TK"]["y"] > at["region/KZ-43"]["y"]
    # a region and its centre city share a point: drawn side by side, the city without a second label
    assert at["region/UZ-NW"] != at["city/navoi"] and at["city/navoi"]["beside"] and not at["region/UZ-NW"]["beside"]
    # 1 degree of longitude is cos(latitude) times 1 degree of latitude at the map's centre
    frame = projection(network)
    assert frame["cosLat0"] == pytest.approx(math.cos(math.radians(frame["lat0"])), abs=1e-6)
