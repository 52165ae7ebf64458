"""Run the OWL reasoner (HermiT) over the graph and list what it inferred.

Prints the inferred class memberships (the type of each cluster that has none asserted, from the
definitions of the five types) and relations, and the clusters whose asserted type disagrees with
its definition; writes the inferred triples alone
(never mixed with the asserted ones) to OUT/clusterkg-inferred.ttl. Exit code 2 when Java is
missing or the graph is inconsistent with the ontology (naming the clashing individuals).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rdflib import RDFS, Graph
from rich.console import Console

from kg.build import build_graph
from kg.export import write_formats
from kg.reason import Inference, ReasonerError, reason
from kg.commands.options import add_source_options

INFERRED_STEM = "clusterkg-inferred"

console = Console()
err_console = Console(stderr=True)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", metavar="DIR", default="out", help="output folder for clusterkg-inferred.ttl (default: out)")
    add_source_options(parser)


def run(args: argparse.Namespace) -> int:
    graph = build_graph(args.data, args.base)
    inference = run_reasoner(graph)
    if inference is None:
        return 2
    print_inference(graph, inference)
    for path in write_formats(inference.triples, Path(args.out), INFERRED_STEM, ["ttl"]):
        console.print(f"wrote {path} ({len(inference.triples)} inferred triples)", highlight=False)
    return 0


def run_reasoner(graph: Graph) -> Inference | None:
    """The inference, or None after printing one line on why the reasoner could not give one."""
    try:
        with console.status("Reasoning (HermiT)…"):
            return reason(graph)
    except ReasonerError as error:
        err_console.print(f"[bold red]error:[/] {error}", highlight=False, soft_wrap=True)
        return None


def print_inference(graph: Graph, inference: Inference) -> None:
    def name(term) -> str:
        label = graph.value(term, RDFS.label)
        return f"{label} <{graph.namespace_manager.normalizeUri(term)}>" if label else graph.namespace_manager.normalizeUri(term)

    memberships, relations = inference.memberships(), inference.relations()
    console.print(f"[bold]Inferred class memberships[/] ({len(memberships)})")
    for subject, cls in memberships:
        console.print(f"  {name(subject)} is a {name(cls)}", highlight=False, soft_wrap=True)
    console.print(f"[bold]Inferred relations[/] ({len(relations)})")
    for subject, predicate, obj in relations:
        console.print(f"  {name(subject)} —{name(predicate)}→ {name(obj)}", highlight=False, soft_wrap=True)
    console.print(f"[bold]Asserted cluster types that disagree with their definitions[/] ({len(inference.disagreements)})")
    for found in inference.disagreements:
        defined = ("a " + ", ".join(name(t) for t in found.defined)) if found.defined else "none of the five types"
        console.print(f"  {name(found.cluster)} is asserted a {', '.join(name(t) for t in found.asserted)}; "
                      f"its definition makes it {defined}", highlight=False, soft_wrap=True)
