"""Push the built graph into an existing triple store (Fuseki, GraphDB, Virtuoso, QLever, …), all or nothing.

Uses the SPARQL 1.1 Graph Store HTTP Protocol: the named graph (--graph, default: the store's
default graph) is replaced by the graph. A graph too large for one request goes in batches into a
temporary graph that replaces the target with one SPARQL Update MOVE once complete, so a failure
leaves the published graph as it was. Digest or basic authentication is chosen from the store's
answer; the password may also come from $CLUSTERKG_PASSWORD. A failure of the store exits 1.
"""

from __future__ import annotations

import argparse
import os
import sys

from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from kg.build import build_graph
from kg.publish import BATCH_LINES, DEFAULT_TIMEOUT, PublishError, publish
from kg.store import load_file
from kg.commands.options import add_source_options

EXIT_REMOTE_FAILURE = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--endpoint", required=True, metavar="URL",
                        help="the store's Graph Store Protocol URL (Virtuoso: …/sparql-graph-crud-auth; Fuseki: …/DATASET/data)")
    parser.add_argument("--graph", metavar="IRI", help="named graph to replace (default: the store's default graph)")
    parser.add_argument("--update-endpoint", metavar="URL",
                        help="the store's SPARQL Update URL, for graphs sent in several requests "
                             "(default: derived for Virtuoso, Fuseki, GraphDB and RDF4J)")
    parser.add_argument("--user", help="user name, if the store asks for one")
    parser.add_argument("--password", help="password (default: $CLUSTERKG_PASSWORD)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="S",
                        help=f"seconds to wait for the store to connect and to answer each request (default: {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--batch-lines", type=int, default=BATCH_LINES, metavar="N",
                        help=f"triples per request (default: {BATCH_LINES:,})")
    parser.add_argument("--input", metavar="FILE", help="publish this RDF file instead of the built graph")
    add_source_options(parser)


def run(args: argparse.Namespace) -> int:
    if args.timeout <= 0 or args.batch_lines < 1:
        raise ValueError("--timeout and --batch-lines must be positive")
    graph = load_file(args.input) if args.input else build_graph(args.data, args.base)
    password = args.password or os.environ.get("CLUSTERKG_PASSWORD")
    with Progress(TextColumn("publishing"), BarColumn(), TextColumn("{task.completed:,}/{task.total:,} triples"),
                  TimeRemainingColumn(), transient=True, disable=len(graph) <= args.batch_lines) as bar:
        task = bar.add_task("publish", total=len(graph))
        try:
            result = publish(graph, args.endpoint, args.graph, args.user, password, timeout=args.timeout,
                             update_endpoint=args.update_endpoint, batch_lines=args.batch_lines,
                             progress=lambda sent, total: bar.update(task, completed=sent, total=total))
        except PublishError as error:
            print(f"error: publish failed: {error}", file=sys.stderr)
            return EXIT_REMOTE_FAILURE
    target = f"graph <{args.graph}>" if args.graph else "the default graph"
    print(f"published {result.triples:,} triples to {target} at {args.endpoint} in {result.requests} request(s)",
          file=sys.stderr)
    return 0
