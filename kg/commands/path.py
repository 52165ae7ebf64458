"""Print how two entities are linked: the shortest chain of links between them, with each link's kind.

Name each entity by its label (e.g. Namangan, Kazakhstan) or its id (region/UZ-NG, UZ-NG or the
full IRI). Links are followed in either direction, through every kind of edge of the whole network.
"""

from __future__ import annotations

import argparse

from rich.console import Console

from kg.analyze import resolve, shortest_path
from kg.build import open_or_build
from kg.store import command_store
from kg.views import EDGE_KINDS, to_networkx

NAME = "path"
HELP = "print how two entities (label or id) are linked, with the kinds of link on the way"

console = Console(highlight=False)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from kg.cli import add_source_options

    parser.add_argument("source", metavar="A", help="first entity: label or id")
    parser.add_argument("target", metavar="B", help="second entity: label or id")
    add_source_options(parser)


def run(args: argparse.Namespace) -> int:
    network = to_networkx(open_or_build(command_store(), args.data, args.base), "all")
    source, target = resolve(network, args.source), resolve(network, args.target)
    name = lambda node: f"{network.nodes[node]['label']} ({network.nodes[node]['key']})"  # noqa: E731
    steps = shortest_path(network, source, target)
    if source == target:
        console.print(f"{name(source)} is the same entity.")
        return 0
    if not steps:
        console.print(f"No link between {name(source)} and {name(target)}.")
        return 1
    console.print(f"{name(source)} to {name(target)} in {len(steps)} step{'s' * (len(steps) > 1)}:")
    console.print(f"  {name(source)}")
    for step in steps:
        kinds = ", ".join(EDGE_KINDS[kind].label.lower() for kind in step.kinds)
        console.print(f"    -- {kinds}: {'; '.join(step.labels)}")
        console.print(f"  {name(step.target)}")
    return 0
