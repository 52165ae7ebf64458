"""Write docs/network-<view>.png: each view of the seed graph (the map too) in headless Chromium at 1366x768, offline.

Run: .venv/bin/python scripts/screenshots.py  (needs Debian's chromium and the playwright package).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from kg.build import build_graph
from kg.commands.viz import write_view
from kg.views import VIEWS

DOCS = Path(__file__).resolve().parent.parent / "docs"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def main() -> int:
    graph = build_graph()
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as work, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(Path(work) / "profile"), executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS,
            offline=True, viewport={"width": 1366, "height": 768},
        )
        for view in VIEWS:
            page = context.new_page()
            page.goto(write_view(graph, view, Path(work) / f"{view}.html").as_uri())
            page.wait_for_function("document.body.dataset.renderedMs !== undefined", timeout=60_000)
            page.wait_for_timeout(500)
            target = DOCS / f"network-{view}.png"
            page.screenshot(path=str(target))
            print(target)
            if view == "map":
                print(zoom_on_fergana_valley(page))
            page.close()
        context.close()
    return 0


def zoom_on_fergana_valley(page) -> Path:
    """The map around the textile chain Namangan -> Fergana -> Andijan, zoomed in as a reader would."""
    page.evaluate("""() => {
      const id = network.body.data.nodes.get({filter: n => n.key === 'region/UZ-FA'})[0].id;
      const at = network.getPosition(id);
      network.moveTo({position: {x: at.x - 60, y: at.y - 30}, scale: 4.5});
      network.emit('zoom', {scale: 4.5});
    }""")
    page.wait_for_timeout(300)
    target = DOCS / "network-map-fergana-valley.png"
    page.screenshot(path=str(target))
    return target


if __name__ == "__main__":
    sys.exit(main())
