"""Print the most central places over value-chain and cross-border links, and the connected groups.

Centrality is computed on an undirected graph of value-chain flows and cross-border links only
(parallel links count once): degree (number of linked entities) and betweenness (share of shortest
paths between other entities that pass through the place).
"""

from __future__ import annotations

import argparse

from rich.console import Console

from kg.analyze import LINK_KINDS, central_places, components
from kg.build import open_or_build
from kg.store import command_store
from kg.views import to_networkx
from kg.commands.options import add_format_option, add_source_options, print_rows


console = Console()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--top", type=int, default=10, metavar="N", help="how many places to list (default: 10)")
    add_format_option(parser)
    add_source_options(parser)


def run(args: argparse.Namespace) -> int:
    if args.top < 1:
        raise ValueError(f"--top must be at least 1, not {args.top}")
    network = to_networkx(open_or_build(command_store(), args.data, args.base), "all")
    columns = ["place", "kind", "links", "degree", "betweenness"]
    rows = [[place.label, place.kind, place.degree, round(place.degree_centrality, 3), round(place.betweenness, 3)]
            for place in central_places(network, args.top)]
    groups = components(network)
    if args.format != "table":
        columns.append("component")
        member_of = {network.nodes[node]["label"]: number for number, group in enumerate(groups, 1) for node in group}
        print_rows(columns, [row + [member_of.get(row[0])] for row in rows], args.format)
        return 0
    print_rows(columns, [row[:3] + [f"{row[3]:.3f}", f"{row[4]:.3f}"] for row in rows], "table",
               f"Most central places over {' and '.join(sorted(LINK_KINDS))} links", console)
    console.print(f"\n{len(groups)} connected components over these links:")
    for number, group in enumerate(groups, 1):
        labels = ", ".join(network.nodes[node]["label"] for node in group)
        console.print(f"  {number}. {len(group)} entities: {labels}", highlight=False, soft_wrap=True)
    return 0
