"""The generated page in a real browser: headless Chromium (Debian's package), networking disabled.

Runs wherever /usr/bin/chromium and the playwright package are present; in CI (CI set) their
absence is a failure. Playwright only drives the system browser: no browser is downloaded.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import networkx as nx
import pytest

from kg.build import build_graph
from kg.views import to_networkx
from kg.viz import to_pyvis, write_html

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
EVIL = """<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'single' "double" &amp;"""
IN_CI = bool(os.environ.get("CI"))

try:
    from playwright.sync_api import sync_playwright
except ImportError:
    if IN_CI:
        raise
    pytest.skip("playwright is not installed (CI unset): pip install -e '.[test]'", allow_module_level=True)
if not Path(CHROMIUM).exists():
    if IN_CI:
        raise RuntimeError("Chromium is missing in CI: scripts/test.sh installs Debian's chromium")
    pytest.skip("no Chromium here (CI unset): install Debian's chromium to run the browser tests", allow_module_level=True)


def evil_network() -> nx.MultiDiGraph:
    """Two nodes whose label, figures, source and link try to run script."""
    network = nx.MultiDiGraph(view="value-chain")
    network.add_node("urn:a", kind="region", label=EVIL, key="region/A", source=EVIL, size_usd=None, figures=[
        {"indicator": EVIL, "value": "1", "unit": "USD mln", "period": "2024", "source": EVIL}])
    network.add_node("urn:b", kind="cluster", label="B", key="cluster/B", source=EVIL, size_usd=None, figures=[])
    network.add_edge("urn:a", "urn:b", key="value-chain", kind="value-chain", label=EVIL, product=EVIL, source=EVIL)
    return network


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """A fresh-profile Chromium context that is offline and refuses every non-file request."""
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, headless=True,
            args=CHROMIUM_ARGS, offline=True, viewport={"width": 1366, "height": 768},
        )
        context.route(lambda url: not url.startswith("file:"), lambda route: route.abort())
        yield context
        context.close()


@pytest.fixture(scope="module")
def graph():
    return build_graph()


def open_page(browser, path, fragment=""):
    """Open a written page; returns the page and the lists of console errors and outside requests."""
    page = browser.new_page()
    errors, requests = [], []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url) if not request.url.startswith("file:") else None)
    page.goto(path.as_uri() + fragment)
    page.wait_for_function("document.body.dataset.renderedMs !== undefined", timeout=30_000)
    return page, errors, requests


def counts(page):
    return page.evaluate("[network.body.data.nodes.length, network.body.data.edges.length]")


@pytest.mark.parametrize("view", ["value-chain", "cross-border", "policy", "map", "all"])
def test_network_draws_every_node_and_edge_offline(browser, graph, tmp_path, view):
    network = to_networkx(graph, view)
    page, errors, requests = open_page(browser, write_html(to_pyvis(network), network, tmp_path / f"{view}.html"))
    assert counts(page) == [network.number_of_nodes(), network.number_of_edges()]
    assert page.evaluate("network.body.nodeIndices.length") == network.number_of_nodes()
    assert errors == [] and requests == []
    page.close()


def test_filter_hides_a_kind_and_search_focuses_a_node(browser, graph, tmp_path):
    network = to_networkx(graph, "value-chain")
    regions = sum(1 for _, kind in network.nodes(data="kind") if kind == "region")
    page, errors, _ = open_page(browser, write_html(to_pyvis(network), network, tmp_path / "vc.html"))
    page.click("input[data-node-kind='region']")
    assert page.evaluate("network.body.nodeIndices.length") == network.number_of_nodes() - regions
    page.click("input[data-node-kind='region']")
    assert page.evaluate("network.body.nodeIndices.length") == network.number_of_nodes()
    assert search(page, "Namangan") == ["region/UZ-NG"]
    page.click("#physics")
    assert page.evaluate("network.physics.options.enabled") is True
    assert errors == []
    page.close()


def test_script_in_a_label_or_tooltip_does_not_run(browser, tmp_path):
    network = evil_network()
    page, errors, requests = open_page(browser, write_html(to_pyvis(network), network, tmp_path / "evil.html"))
    position = page.evaluate("network.canvasToDOM(network.getPosition('urn:a'))")
    box = page.locator("#graph").bounding_box()
    page.mouse.move(box["x"] + position["x"], box["y"] + position["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    assert EVIL.split("<img")[0] in page.inner_text("div.vis-tooltip")  # shown as text
    assert page.evaluate("window.__xss") is None
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert errors == [] and requests == []
    page.close()


def search(page, text):
    """Type a search and return the keys of the selected nodes."""
    page.fill("#search", text)
    page.press("#search", "Enter")
    return page.evaluate("network.getSelectedNodes().map(id => network.body.data.nodes.get(id).key)")


# Label boxes as vis-network drew them (canvas coordinates), and the pairs that intersect.
OVERLAPS = """() => {
  const boxes = [];
  network.body.nodeIndices.forEach(id => {
    const node = network.body.nodes[id], size = node.labelModule.size;
    if (node.options.label && size.width) boxes.push([node.options.label, size]);
  });
  network.body.edgeIndices.forEach(id => {
    const edge = network.body.edges[id], size = edge.labelModule.size;
    if (edge.options.label && size.width) boxes.push([edge.options.label, size]);
  });
  const pairs = [];
  boxes.forEach(([a, p], i) => boxes.slice(i + 1).forEach(([b, q]) => {
    if (p.left < q.left + q.width && q.left < p.left + p.width && p.top < q.top + q.height && q.top < p.top + p.height)
      pairs.push([a, b]);
  }));
  return {labels: boxes.length, pairs: pairs, fontPx: network.getScale() * network.body.nodes[network.body.nodeIndices[0]].options.font.size};
}"""


@pytest.mark.parametrize("view", ["value-chain", "cross-border"])
def test_no_two_labels_overlap_at_1366x768(browser, graph, tmp_path, view):
    network = to_networkx(graph, view)
    page, errors, _ = open_page(browser, write_html(to_pyvis(network), network, tmp_path / f"{view}.html"))
    measured = page.evaluate(OVERLAPS)
    labelled_edges = sum(1 for *_, kind in network.edges(data="kind") if kind == "value-chain")
    assert measured["labels"] == network.number_of_nodes() + labelled_edges
    assert measured["pairs"] == []
    assert measured["fontPx"] >= 10  # readable without zooming (the layout is widened to the screen's shape)
    arrows = page.evaluate("""() => network.body.edgeIndices.map(id => network.body.edges[id].options)
        .filter(o => o.arrows.to.enabled).map(o => [o.arrowStrikethrough, o.arrows.to.scaleFactor])""")
    directed = sum(1 for *_, kind in network.edges(data="kind") if kind not in {"cross-border", "borders"})
    assert len(arrows) == directed and all(not through and scale >= 1 for through, scale in arrows)  # arrows visible
    box = page.locator("#graph").bounding_box()
    for node in network:
        at = page.evaluate("id => network.canvasToDOM(network.getPosition(id))", node)
        assert 0 <= at["x"] <= box["width"] and 0 <= at["y"] <= box["height"], network.nodes[node]["label"]
    assert errors == []
    page.close()


def test_map_puts_places_where_they_lie_on_screen(browser, graph, tmp_path):
    network = to_networkx(graph, "map")
    page, errors, requests = open_page(browser, write_html(to_pyvis(network), network, tmp_path / "map.html"))
    box = page.locator("#graph").bounding_box()
    screen = {}
    for node, key in network.nodes(data="key"):
        screen[key] = page.evaluate("id => network.canvasToDOM(network.getPosition(id))", node)
    for key in ["region/UZ-QR", "region/UZ-AN", "region/UZ-SU", "city/tashkent", "region/UZ-TK"]:
        assert 0 <= screen[key]["x"] <= box["width"] and 0 <= screen[key]["y"] <= box["height"], key
    tashkent = screen["city/tashkent"]
    assert screen["region/UZ-QR"]["x"] < tashkent["x"] - 300  # Karakalpakstan: far west
    assert screen["region/UZ-AN"]["x"] > tashkent["x"] + 50  # Andijan: east
    assert screen["region/UZ-SU"]["y"] > tashkent["y"] + 100  # Surkhandarya: south (y grows downwards)
    assert screen["country/KZ"]["y"] < screen["country/UZ"]["y"] < screen["country/AF"]["y"]
    # the country outlines are drawn underneath: land in the Karakum and Kyzylkum deserts, water in the
    # Caspian Sea (most of the sampled points: a link may cross one of them)
    land = [pixel(page, lat, long) for lat, long in [(38.5, 61.5), (39.5, 62.5), (44.5, 62.0), (42.5, 63.0)]]
    sea = [pixel(page, lat, long) for lat, long in [(42.0, 50.5), (40.5, 51.5), (38.5, 51.0), (44.0, 50.0)]]
    assert land.count([241, 239, 232]) >= 3 and sea.count([223, 234, 242]) >= 3
    assert errors == [] and requests == []
    page.close()


def pixel(page, lat, long):
    """The colour the map shows at a latitude and longitude (projected as the page projects them)."""
    return page.evaluate("""([lat, long]) => {
      const f = JSON.parse(document.getElementById('graph-data').textContent).map.frame;
      const {x, y} = network.canvasToDOM({x: (long - f.long0) * f.scale * f.cosLat0, y: -(lat - f.lat0) * f.scale});
      const canvas = document.querySelector('#graph canvas'), ratio = canvas.width / canvas.clientWidth;
      const data = canvas.getContext('2d').getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data;
      const background = getComputedStyle(document.getElementById('graph')).backgroundColor.match(/\\d+/g).map(Number);
      return data[3] ? [data[0], data[1], data[2]] : background;
    }""", [lat, long])


def test_legend_draws_each_kind_with_the_nodes_own_shape_and_colour(browser, graph, tmp_path):
    network = to_networkx(graph, "all")
    page, errors, _ = open_page(browser, write_html(to_pyvis(network), network, tmp_path / "all.html"))
    drawn = page.evaluate("""() => {
      const byKind = {};
      network.body.nodeIndices.forEach(id => {
        const node = network.body.nodes[id], kind = network.body.data.nodes.get(id).kind;
        byKind[kind] = [node.options.shape, node.options.color.background];
      });
      const legend = {};
      Object.entries(window.legendSwatches).forEach(([kind, sample]) => {
        const node = sample.body.nodes[1];
        legend[kind] = [node.options.shape, node.options.color.background];
      });
      return [byKind, legend];
    }""")
    nodes_by_kind, legend = drawn
    assert set(legend) == {kind for _, kind in network.nodes(data="kind")}
    assert legend == nodes_by_kind
    assert legend["cluster"][0] == "star" and legend["country"][0] == "hexagon"
    assert page.locator("#node-legend .swatch canvas").count() == len(legend)  # drawn by vis-network
    assert errors == []
    page.close()


def test_search_finds_labels_and_alternative_labels_region_first(browser, graph, tmp_path):
    network = to_networkx(graph, "all")
    page, errors, _ = open_page(browser, write_html(to_pyvis(network), network, tmp_path / "all.html"))
    assert search(page, "Navoi") == ["region/UZ-NW"]  # the region, not the city of the same name
    assert search(page, "navoiy") == ["region/UZ-NW"]  # its Uzbek name (skos:altLabel)
    assert search(page, "Sirdaryo") == ["region/UZ-SI"]
    assert search(page, "farg'ona") == ["region/UZ-FA"]  # Uzbek name, typed with a plain apostrophe
    assert search(page, "Навоийская область") == ["region/UZ-NW"]  # Russian name
    assert search(page, "Fergana-Andijan") == ["cluster/fergana-andijan-namangan-textile"]  # plain hyphen for the dash
    assert search(page, "FERGANA—ANDIJAN—NAMANGAN") == ["cluster/fergana-andijan-namangan-textile"]
    assert search(page, "no such place") == []
    assert page.inner_text("#search-result") == "No shown node matches."
    assert errors == []
    page.close()


def test_search_ignores_the_kind_of_apostrophe(browser, tmp_path):
    network = nx.MultiDiGraph(view="all")
    for key, label in [("city/margilan", "Marg‘ilon"), ("city/kokand", "Qoʻqon")]:
        network.add_node(f"urn:{key}", kind="city", label=label, key=key, source="test", size_usd=None, figures=[])
    page, errors, _ = open_page(browser, write_html(to_pyvis(network), network, tmp_path / "apostrophes.html"))
    assert search(page, "Marg'ilon") == ["city/margilan"]
    assert search(page, "qo`qon") == ["city/kokand"]
    page.close()


def test_the_url_keeps_view_filters_and_selection_and_reopens_them(browser, graph, tmp_path):
    network = to_networkx(graph, "value-chain")
    path = write_html(to_pyvis(network), network, tmp_path / "vc.html")
    page, errors, _ = open_page(browser, path)
    page.click("input[data-node-kind='sector']")
    page.click("input[data-edge-kind='located-in']")
    search(page, "Navoi")
    fragment = page.evaluate("location.hash")
    assert fragment == "#view=value-chain&hide=sector&hideLinks=located-in&node=region%2FUZ-NW"
    page.close()

    reopened, errors, _ = open_page(browser, path, fragment)
    sectors = sum(1 for _, kind in network.nodes(data="kind") if kind == "sector")
    assert reopened.evaluate("network.body.nodeIndices.length") == network.number_of_nodes() - sectors
    assert reopened.is_checked("input[data-node-kind='sector']") is False
    assert reopened.is_checked("input[data-edge-kind='located-in']") is False
    keys = reopened.evaluate("network.getSelectedNodes().map(id => network.body.data.nodes.get(id).key)")
    assert keys == ["region/UZ-NW"]
    assert errors == []
    reopened.close()
