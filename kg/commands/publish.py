"""Push the built graph into an existing triple store (Fuseki, GraphDB, Virtuoso, QLever, …), all or nothing.

Uses the SPARQL 1.1 Graph Store HTTP Protocol: the named graph (--graph, default: the store's
default graph) is replaced by the graph. A graph too large for one request goes in batches into a
temporary graph that replaces the target with one SPARQL Update MOVE once complete, so a failure
leaves the published graph as it was. Digest or basic authentication is chosen from the store's
answer; the password may also come from $CLUSTERKG_PASSWORD. A failure of the store exits 1.

For files of millions of triples, --bulk-load DIR uses Virtuoso's own bulk loader instead: the
graph is split into N-Triples chunks in DIR (a folder the Virtuoso server reads: one of its
DirsAllowed), loaded by `rdf_loader_run()` through Virtuoso's SQL port (--isql) into a staging
graph, and moved onto --graph once complete. Run again after an interruption, it loads only the
chunks still missing.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path

from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from kg.build import build_graph
from kg.bulk_load import CHUNK_LINES, BulkLoadError, Isql, ntriples_of, publish_bulk
from kg.cache import file_key
from kg.export import serialize
from kg.publish import BATCH_LINES, DEFAULT_TIMEOUT, PublishError, publish
from kg.store import load_file
from kg.commands.options import add_source_options

EXIT_REMOTE_FAILURE = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--endpoint", metavar="URL",
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
    bulk = parser.add_argument_group("Virtuoso's bulk loader (instead of --endpoint; for millions of triples)")
    bulk.add_argument("--bulk-load", metavar="DIR", type=Path,
                      help="split the graph into N-Triples chunks in DIR, a folder the Virtuoso server can read "
                           "(in its DirsAllowed), and load them with rdf_loader_run(); needs --graph and --user")
    bulk.add_argument("--isql", default="localhost:1111", metavar="HOST:PORT",
                      help="Virtuoso's SQL port, reached with its isql client (default: localhost:1111)")
    bulk.add_argument("--chunk-lines", type=int, default=CHUNK_LINES, metavar="N",
                      help=f"triples per chunk file (default: {CHUNK_LINES:,})")
    bulk.add_argument("--loaders", type=int, default=1, metavar="N",
                      help="loader sessions at once (Virtuoso advises about one per 2.5 cores; default: 1)")
    add_source_options(parser)


def run(args: argparse.Namespace) -> int:
    if args.timeout <= 0 or args.batch_lines < 1 or args.chunk_lines < 1 or args.loaders < 1:
        raise ValueError("--timeout, --batch-lines, --chunk-lines and --loaders must be positive")
    if (args.endpoint is None) == (args.bulk_load is None):
        raise ValueError("give either --endpoint URL (Graph Store Protocol) or --bulk-load DIR (Virtuoso's bulk loader)")
    password = args.password or os.environ.get("CLUSTERKG_PASSWORD")
    if args.bulk_load:
        return run_bulk_load(args, password)
    graph = load_file(args.input) if args.input else build_graph(args.data, args.base)
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


def run_bulk_load(args: argparse.Namespace, password: str | None) -> int:
    if not args.graph or not args.user:
        raise ValueError("--bulk-load needs --graph IRI and --user (and the password)")
    isql = Isql(args.isql, args.user, password or "", args.timeout)
    if args.input:
        lines, key = ntriples_of(Path(args.input)), file_key(Path(args.input))
    else:
        canonical = serialize(build_graph(args.data, args.base), "nt")  # the same bytes for the same data
        lines, key = canonical.splitlines(keepends=True), hashlib.sha256(canonical).hexdigest()[:24]
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed:,} triples"),
                  TimeRemainingColumn(), transient=True) as bar:
        task = bar.add_task("splitting", total=None)
        try:
            triples = publish_bulk(lines, key, args.bulk_load, isql, args.graph, args.chunk_lines, args.loaders,
                                   progress=lambda step, done, total: bar.update(task, description=step,
                                                                                 completed=done, total=total))
        except BulkLoadError as error:
            print(f"error: publish failed: {error}", file=sys.stderr)
            return EXIT_REMOTE_FAILURE
    print(f"published {triples:,} triples to graph <{args.graph}> with Virtuoso's bulk loader at {args.isql}",
          file=sys.stderr)
    return 0
