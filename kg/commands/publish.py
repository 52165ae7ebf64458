"""Push the built graph into an existing triple store (Fuseki, GraphDB, Virtuoso, QLever, …).

Uses the SPARQL 1.1 Graph Store HTTP Protocol: the named graph (--graph, default: the store's
default graph) is replaced by the graph. Digest or basic authentication is chosen from the
store's answer; the password may also come from $CLUSTERKG_PASSWORD.
"""

from __future__ import annotations

import argparse
import os
import sys

from kg.build import build_graph
from kg.publish import publish
from kg.store import load_file
from kg.commands.options import add_source_options

NAME = "publish"
HELP = "push the graph into a triple store (SPARQL 1.1 Graph Store Protocol)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--endpoint", required=True, metavar="URL",
                        help="the store's Graph Store Protocol URL (Virtuoso: …/sparql-graph-crud-auth; Fuseki: …/DATASET/data)")
    parser.add_argument("--graph", metavar="IRI", help="named graph to replace (default: the store's default graph)")
    parser.add_argument("--user", help="user name, if the store asks for one")
    parser.add_argument("--password", help="password (default: $CLUSTERKG_PASSWORD)")
    parser.add_argument("--input", metavar="FILE", help="publish this RDF file instead of the built graph")
    add_source_options(parser)


def run(args: argparse.Namespace) -> int:
    graph = load_file(args.input) if args.input else build_graph(args.data, args.base)
    password = args.password or os.environ.get("CLUSTERKG_PASSWORD")
    result = publish(graph, args.endpoint, args.graph, args.user, password)
    target = f"graph <{args.graph}>" if args.graph else "the default graph"
    print(f"published {result.triples:,} triples to {target} at {args.endpoint} in {result.requests} request(s)",
          file=sys.stderr)
    return 0
