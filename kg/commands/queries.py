"""List the research questions: each queries/NAME.rq with its title, the question it answers
and the parameters you can set with `clusterkg query NAME --param NAME=VALUE`."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kg.query import QUERIES_DIR, list_queries

NAME = "queries"
HELP = "list the research questions (queries/*.rq)"

console = Console()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dir", metavar="DIR", default=QUERIES_DIR, help="folder of .rq files (default: queries/)")


def run(args: argparse.Namespace) -> int:
    grid = Table(title="Research questions: run one with `clusterkg query NAME`", title_justify="left")
    grid.add_column("name", no_wrap=True)
    grid.add_column("what it answers")
    grid.add_column("parameters", no_wrap=True)
    for stored in list_queries(args.dir):
        parameters = "\n".join(
            f"{parameter.name}={parameter.default_value}" for parameter in stored.parameters
        )
        grid.add_row(stored.name, f"[bold]{escape(stored.title)}[/]\n{escape(stored.question)}", parameters)
    console.print(grid)
    return 0
