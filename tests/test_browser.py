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
            args=CHROMIUM_ARGS, offline=True, viewport={"width": 1280, "height": 800},
        )
        context.route(lambda url: not url.startswith("file:"), lambda route: route.abort())
        yield context
        context.close()


@pytest.fixture(scope="module")
def graph():
    return build_graph()


def open_page(browser, path):
    """Open a written page; returns the page and the lists of console errors and outside requests."""
    page = browser.new_page()
    errors, requests = [], []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url) if not request.url.startswith("file:") else None)
    page.goto(path.as_uri())
    page.wait_for_function("document.body.dataset.renderedMs !== undefined", timeout=30_000)
    return page, errors, requests


def counts(page):
    return page.evaluate("[network.body.data.nodes.length, network.body.data.edges.length]")


@pytest.mark.parametrize("view", ["value-chain", "cross-border", "policy", "all"])
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
    page.fill("#search", "Namangan")
    page.press("#search", "Enter")
    selected = page.evaluate("network.getSelectedNodes()")
    assert [network.nodes[node]["key"] for node in selected] == ["region/UZ-NG"]
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
