"""Print how two entities are linked: the shortest chain of links between them, with each link's kind.

Name each entity by its label or its id (region/UZ-NG, UZ-NG or the full IRI); a place also by
any of its names (Navoiy, Навоий, Toshkent, …). A name shared by a region and a city means the
region (say `Navoi city` for the city). Links are followed in either direction, through every
kind of edge of the whole network.
"""

from __future__ import annotations

import argparse

from rich.console import Console

from kg.analyze import resolve, shortest_path
from kg.places import Gazetteer, PlaceError
from kg.build import open_or_build
from kg.store import command_store
from kg.views import EDGE_KINDS, to_networkx
from kg.commands.options import add_format_option, add_source_options, print_rows


console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", metavar="A", help="first entity: label or id")
    parser.add_argument("target", metavar="B", help="second entity: label or id")
    add_format_option(parser)
    add_source_options(parser)


def run(args: argparse.Namespace) -> int:
    graph = open_or_build(command_store(), args.data, args.base)
    network = to_networkx(graph, "all")
    gazetteer = Gazetteer.of(graph)
    source, target = (node_for(network, gazetteer, name) for name in (args.source, args.target))
    name = lambda node: f"{network.nodes[node]['label']} ({network.nodes[node]['key']})"  # noqa: E731
    steps = shortest_path(network, source, target) if source != target else []
    if args.format != "table":
        rows = [[number, name(step.source), ", ".join(EDGE_KINDS[kind].label.lower() for kind in step.kinds),
                 "; ".join(step.labels), name(step.target)] for number, step in enumerate(steps, 1)]
        print_rows(["step", "from", "link", "via", "to"], rows, args.format)
        return 0 if steps or source == target else 1
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
        console.print(f"    -- {kinds}: {'; '.join(step.labels)}", soft_wrap=True)
        console.print(f"  {name(step.target)}")
    return 0


def node_for(network, gazetteer: Gazetteer, text: str) -> str:
    """The network node a user means: a place in any spelling (region before city), else any entity."""
    try:
        resolved = gazetteer.resolve(text)
    except PlaceError as place_error:
        try:
            return resolve(network, text)
        except ValueError:
            raise place_error from None
    if resolved.note:
        err_console.print(resolved.note)
    return resolved.place.iri
