"""Centrality, components and linking paths over the networkx view."""

from __future__ import annotations

import pytest

from kg.analyze import central_places, components, link_graph, resolve, shortest_path
from kg.build import build_graph
from kg.cli import main
from kg.views import to_networkx


@pytest.fixture(scope="module")
def network():
    return to_networkx(build_graph(), "all")


def label(network, node):
    return network.nodes[node]["label"]


def test_namangan_links_the_textile_chain_to_the_kazakh_partner_regions(network):
    ranking = {place.label: place for place in central_places(network)}
    namangan = ranking["Namangan"]
    # one value-chain flow (to Fergana) and the regional hubs link to Turkestan, Kyzylorda and Zhetysu
    neighbours = {label(network, n) for n in link_graph(network).neighbors(namangan.node)}
    assert neighbours == {"Fergana", "Turkestan", "Kyzylorda", "Zhetysu"}
    assert namangan.degree == len(neighbours)
    # Namangan is the only bridge between the textile chain and the cross-border hubs
    assert namangan.betweenness > ranking["Andijan"].betweenness
    assert namangan.betweenness > ranking["Syrdarya"].betweenness
    assert all(place.kind in {"region", "country", "city"} for place in ranking.values())


def test_components_keep_chain_and_partner_regions_together(network):
    groups = [{label(network, node) for node in group} for group in components(network)]
    chain = next(group for group in groups if "Namangan" in group)
    assert {"Fergana", "Andijan", "Turkestan"} <= chain
    assert sum(len(group) for group in groups) == link_graph(network).number_of_nodes()


def test_path_from_namangan_to_kazakhstan_names_the_kinds_of_link(network):
    steps = shortest_path(network, resolve(network, "Namangan"), resolve(network, "Kazakhstan"))
    assert label(network, steps[0].source) == "Namangan"
    assert label(network, steps[-1].target) == "Kazakhstan"
    assert "cross-border" in {kind for step in steps for kind in step.kinds}
    assert all(step.kinds for step in steps)


def test_entities_are_found_by_label_or_id(network):
    assert resolve(network, "namangan") == resolve(network, "UZ-NG") == resolve(network, "region/UZ-NG")
    with pytest.raises(ValueError, match="city/andijan, region/UZ-AN"):
        resolve(network, "Andijan")
    with pytest.raises(ValueError, match="no entity named 'Atlantis'"):
        resolve(network, "Atlantis")


def test_path_command_prints_each_step(capsys):
    assert main(["path", "Namangan", "Kazakhstan"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("Namangan (region/UZ-NG) to Kazakhstan (country/KZ)")
    assert "cross-border link" in out


def test_path_takes_a_name_shared_by_a_region_and_a_city_for_the_region_and_says_so(capsys):
    assert main(["path", "Andijan", "Kazakhstan"]) == 0
    captured = capsys.readouterr()
    assert captured.err.strip() == "'Andijan' means the region Andijan (UZ-AN); say 'Andijan city' for the city"
    assert captured.out.startswith("Andijan (region/UZ-AN) to Kazakhstan (country/KZ)")
    assert main(["path", "Andijan city", "Kazakhstan"]) == 0
    assert capsys.readouterr().out.startswith("Andijan (city/andijan) to Kazakhstan")


def test_path_accepts_any_spelling_and_suggests_close_names(capsys):
    assert main(["path", "Navoiy", "Qozogʻiston", "-f", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "step,from,link,via,to" and lines[1].startswith("1,Navoi (region/UZ-NW),")
    assert lines[-1].endswith(",Kazakhstan (country/KZ)")
    assert main(["path", "Namangn", "Kazakhstan"]) == 2
    assert "no place named 'Namangn'; did you mean 'Namangan'" in capsys.readouterr().err


def test_analyze_command_lists_central_places_and_components(capsys):
    assert main(["analyze", "--top", "5"]) == 0
    out = capsys.readouterr().out
    assert "Namangan" in out and "connected components" in out
