"""Answer a research question: run queries/NAME.rq, your own .rq file or --sparql text on the graph.

SELECT results print as a table, as Markdown, or in the SPARQL 1.1 CSV, TSV or JSON results
formats; ASK prints true or false; CONSTRUCT and DESCRIBE print Turtle (JSON-LD with --format
json). The ontology's prefixes (ckg:, qb:, skos:, …) and the data's (region:, obs:, …) are
declared for you. Figures come with source and locator columns, shown with --with-sources.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console

from kg.build import open_or_build
from kg.charts import parse_spec, save as save_chart
from kg.endpoint.guards import check_query
from kg.namespaces import PREFIXES
from kg.store import add_store_option, remote_graph
from kg.export import write_atomic
from kg.parameters import check_not_empty, place_values
from kg.query import QueryError, StoredQuery, available_prefixes, find_query, from_text, run as run_query
from kg.results import FORMATS, render, table, without_sources


console = Console()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", nargs="?", metavar="NAME|FILE.rq", help="a research question or a .rq file")
    parser.add_argument("--sparql", metavar="TEXT", help="run this SPARQL query text instead")
    parser.add_argument("--param", "-p", metavar="NAME=VALUE", action="append", default=[],
                        help="set a parameter the query declares (repeatable), e.g. --param region=Navoi")
    parser.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format (default: table)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    parser.add_argument("--with-sources", action="store_true", help="show the source and locator columns")
    parser.add_argument("--data", metavar="DIR", help="folder of curated data files (default: the packaged kg/data)")
    parser.add_argument("--endpoint", metavar="URL", help="ask this SPARQL endpoint instead of the local graph")
    parser.add_argument("--allow-service", nargs="+", default=[], metavar="URL",
                        help="endpoints a SERVICE clause may call (default: none; SERVICE is refused)")
    parser.add_argument("--chart", type=parse_spec, metavar="bar|line|timeline[:COLUMN]",
                        help="draw the answer into -o FILE.svg|png instead of printing it")
    add_store_option(parser)


def run(args: argparse.Namespace) -> int:
    stored = chosen_query(args)
    check_query(stored.text, args.allow_service, PREFIXES)  # size, nesting depth, no outbound SERVICE
    values = parse_params(args.param)
    stored.values(values)  # a wrong parameter name stops here, before the graph is built
    graph = remote_graph(args.endpoint) if args.endpoint else open_or_build(args.store, args.data)
    values, notes = place_values(graph, stored, values)
    for note in notes:
        print(note, file=sys.stderr)
    try:
        result = run_query(graph, stored.text_with(values), where=str(stored.path or stored.name))
    except OSError as error:  # an allowed SERVICE (or the store) failed: a remote failure, exit 1
        print(f"error: {str(error).splitlines()[0]}", file=sys.stderr)
        return 1
    if result.type == "SELECT":
        check_not_empty(graph, stored, values, len(result.bindings))
    if args.chart:
        return save_chart(result, args.chart, args.output, stored.title)
    if not args.with_sources:
        result = without_sources(result)
    prefixes = available_prefixes(graph)
    caption = describe(stored, result)
    if args.output:
        text = render(result, args.format, prefixes, stored.title or None, caption)
        write_atomic(Path(args.output), text.encode("utf-8"))
        print(f"wrote {args.output} ({args.format}; {caption.split(' · ')[0]})", file=sys.stderr)
    elif args.format == "table" and result.type == "SELECT" and console.is_terminal:
        console.print(table(result, prefixes, stored.title or None, caption, console.width))
    elif args.format == "table" and result.type == "SELECT":  # piped: whole lines, never cut to 80 columns
        sys.stdout.write(render(result, args.format, prefixes, stored.title or None, caption))
        sys.stdout.flush()
    else:
        sys.stdout.write(render(result, args.format, prefixes))
        sys.stdout.flush()
    return 0


def chosen_query(args: argparse.Namespace) -> StoredQuery:
    if bool(args.question) == bool(args.sparql):
        raise QueryError("give one query: a NAME from `clusterkg queries`, a FILE.rq, or --sparql 'TEXT'")
    return find_query(args.question) if args.question else from_text(args.sparql, "--sparql")


def parse_params(pairs: list[str]) -> dict[str, str]:
    """`NAME=VALUE` pairs as a dict; a pair without `=` is an error."""
    values = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name.strip():
            raise QueryError(f"--param needs NAME=VALUE, got {pair!r}")
        values[name.strip()] = value
    return values


def describe(stored: StoredQuery, result) -> str:
    """The caption under a table: how many rows, and the source of the figures."""
    if result.type == "ASK":
        return "yes/no answer"
    if result.type != "SELECT":
        return f"{len(result.graph)} triples"
    rows = len(result.bindings)
    parts = [f"{rows} row" + ("" if rows == 1 else "s")]
    if stored.source:
        parts.append(f"Source: {stored.source}")
    return " · ".join(parts)
