"""Options and output shared by several commands: where the data comes from, and --format."""

from __future__ import annotations

import argparse
import re
import sys

from rich.console import Console

from kg.results import FORMATS, plain_table, render_rows, show

_NUMBER = re.compile(r"[-+]?[\d,]*\.?\d+%?")


def add_source_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by every command that builds the graph from the curated data."""
    parser.add_argument("--data", metavar="DIR", help="folder of curated data files (default: the packaged kg/data)")
    parser.add_argument(
        "--base", metavar="IRI",
        help="base IRI of the data's own resources (default: $CLUSTERKG_BASE or https://w3id.org/clusterkg/id/)",
    )


def add_format_option(parser: argparse.ArgumentParser) -> None:
    """--format table|csv|tsv|json|md for the commands that print a table."""
    parser.add_argument("--format", "-f", choices=FORMATS, default="table",
                        help="table for people; csv, tsv, json or md (Markdown) for programs (default: table)")


def print_rows(columns: list[str], rows: list[list], fmt: str, title: str | None = None,
               console: Console | None = None) -> None:
    """Rows as a table on the terminal (whole lines when piped), or in a format for programs."""
    if fmt == "table":
        text_rows = [["" if value is None else str(value) for value in row] for row in rows]
        numeric = [bool(rows) and all(_NUMBER.fullmatch(row[i]) for row in text_rows) for i in range(len(columns))]
        show(plain_table(columns, text_rows, numeric, title), console or Console())
    else:
        sys.stdout.write(render_rows(columns, rows, fmt))
        sys.stdout.flush()
