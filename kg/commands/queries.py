"""List the research questions: each queries/NAME.rq with its title, the question it answers
and the parameters you can set with `clusterkg query NAME --param NAME=VALUE`."""

from __future__ import annotations

import argparse

from rich.console import Console

from kg.commands.options import add_format_option, print_rows
from kg.query import QUERIES_DIR, list_queries


console = Console()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dir", metavar="DIR", default=QUERIES_DIR, help="folder of .rq files (default: queries/)")
    add_format_option(parser)


def run(args: argparse.Namespace) -> int:
    stored = list_queries(args.dir)
    columns = ["name", "title", "question", "parameters"]
    rows = [[query.name, query.title, query.question,
             " ".join(f"{parameter.name}={parameter.default_value}" for parameter in query.parameters)]
            for query in stored]
    if args.format == "table":  # the title leads the question in one column
        rows = [[name, f"{title}: {question}", parameters] for name, title, question, parameters in rows]
        columns = ["name", "what it answers", "parameters"]
    print_rows(columns, rows, args.format, "Research questions: run one with `clusterkg query NAME`", console)
    return 0
