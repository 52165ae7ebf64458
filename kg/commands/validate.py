"""Check the graph against the SHACL shapes, the SPARQL violation queries and the W3C Data Cube integrity constraints.

Prints the problems grouped by the shape or query that found them. Exit code 0 when the graph
conforms, 1 when it does not (2 for bad input).
"""

from __future__ import annotations

import argparse

from rdflib import Graph
from rich.console import Console

from kg.build import build_graph
from kg.validate import Report, validate
from kg.commands.options import add_source_options


console = Console()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--graph", metavar="FILE", help="validate this RDF file instead of building the graph")
    add_source_options(parser)


def run(args: argparse.Namespace) -> int:
    graph = load_graph(args.graph) if args.graph else build_graph(args.data, args.base)
    report = validate(graph)
    print_report(report)
    return 0 if report.conforms else 1


def load_graph(path: str) -> Graph:
    try:
        return Graph().parse(path)
    except FileNotFoundError:
        raise ValueError(f"{path}: file not found") from None
    except Exception as error:  # rdflib raises many kinds of parse errors
        raise ValueError(f"{path}: not readable as RDF ({type(error).__name__}: {error})") from None


def print_report(report: Report, out: Console = console) -> None:
    if report.conforms:
        out.print("[green]the graph conforms[/] to every shape, violation query and Data Cube integrity constraint")
        return
    groups = report.by_rule()
    out.print(f"[bold red]the graph does not conform[/]: {len(report.problems)} problem(s) under {len(groups)} rule(s)")
    for rule, problems in groups.items():
        out.print(f"\n[bold]{rule}[/] ({len(problems)})", highlight=False)
        for problem in problems:
            where = f" {problem.path}" if problem.path else ""
            out.print(f"  <{problem.focus}>{where}: {problem.message}", highlight=False, soft_wrap=True)
