"""Write the interactive network of the graph as one offline HTML page and print its path.

The page holds vis-network inline (no CDN): open it from disk in any browser. Views:
value-chain, cross-border, policy, map (places at their coordinates over the country outlines),
all (default). Nodes are sized by published cluster exports.
"""

from __future__ import annotations

import argparse
import webbrowser
from pathlib import Path

from kg.build import build_graph
from kg.views import VIEWS, to_networkx
from kg.viz import LAYOUTS, to_pyvis, write_html
from kg.commands.options import add_source_options


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--view", choices=list(VIEWS), default="all", help="which part of the graph to draw (default: all)")
    parser.add_argument(
        "--layout", choices=list(LAYOUTS), default="force",
        help="force (seeded force-directed, default) or schematic (one column per kind of node); the map view is always geographic",
    )
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="HTML file (default: out/graph-VIEW.html, so `build`'s out/graph.html stays)")
    parser.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    parser.add_argument("--open", action="store_true", help="open the page in the default browser")
    add_source_options(parser)


def run(args: argparse.Namespace) -> int:
    path = Path(args.output) if args.output else default_output(args.view)
    if args.output and path.exists() and not args.force:
        raise ValueError(f"{path} exists; give --force to overwrite it, or another -o FILE")
    path = write_view(build_graph(args.data, args.base), args.view, path, args.layout)
    print(path)
    if args.open:
        webbrowser.open(path.resolve().as_uri())
    return 0


def default_output(view: str) -> Path:
    """Where a view goes unless -o says otherwise: one file per view beside build's out/graph.html."""
    return Path("out") / f"graph-{view}.html"


def write_view(graph, view: str, path: Path, layout: str = "force") -> Path:
    """Draw one view of a built graph into `path`."""
    network = to_networkx(graph, view)
    return write_html(to_pyvis(network, layout), network, path, layout)
