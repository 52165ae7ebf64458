"""Print the most central places over value-chain and cross-border links, and the connected groups.

Centrality is computed on an undirected graph of value-chain flows and cross-border links only
(parallel links count once): degree (number of linked entities) and betweenness (share of shortest
paths between other entities that pass through the place).
"""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table

from kg.analyze import LINK_KINDS, central_places, components
from kg.build import open_or_build
from kg.store import command_store
from kg.views import to_networkx

NAME = "analyze"
HELP = "print central regions and connected components of the value-chain and cross-border links"

console = Console()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from kg.cli import add_source_options

    parser.add_argument("--top", type=int, default=10, metavar="N", help="how many places to list (default: 10)")
    add_source_options(parser)


def run(args: argparse.Namespace) -> int:
    if args.top < 1:
        raise ValueError(f"--top must be at least 1, not {args.top}")
    network = to_networkx(open_or_build(command_store(), args.data, args.base), "all")
    table = Table(title=f"Most central places over {' and '.join(sorted(LINK_KINDS))} links", show_edge=False, pad_edge=False)
    for column, justify in [("place", "left"), ("kind", "left"), ("links", "right"), ("degree", "right"), ("betweenness", "right")]:
        table.add_column(column, justify=justify)
    for place in central_places(network, args.top):
        table.add_row(place.label, place.kind, str(place.degree), f"{place.degree_centrality:.3f}", f"{place.betweenness:.3f}")
    console.print(table)
    groups = components(network)
    console.print(f"\n{len(groups)} connected components over these links:")
    for number, group in enumerate(groups, 1):
        labels = ", ".join(network.nodes[node]["label"] for node in group)
        console.print(f"  {number}. {len(group)} entities: {labels}", highlight=False)
    return 0
