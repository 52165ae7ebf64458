"""Serve the graph as a read-only SPARQL 1.1 Protocol endpoint (Oxigraph engine).

Queries go to http://HOST:PORT/sparql by GET or POST; results come as SPARQL JSON, XML, CSV or TSV
(Turtle, N-Triples, JSON-LD or RDF/XML for CONSTRUCT and DESCRIBE) as the Accept header asks.
Updates are refused; each query has a time limit and a result-size limit. The research questions
are listed at /queries and run at /queries/NAME; the HTML network (out/graph.html) is served at /.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.build import open_or_build
from kg.namespaces import PREFIXES, data_base, entity_prefixes
from kg.query import list_queries
from kg.serve import Endpoint, make_server
from kg.store import MEMORY, add_store_option, engine_of, load_file
from kg.commands.options import add_source_options

NAME = "serve"
HELP = "serve the graph as a read-only SPARQL endpoint"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=7878, help="port (default: 7878)")
    parser.add_argument("--input", metavar="FILE", help="serve this RDF file (.nt, .ttl, …) instead of the built graph")
    parser.add_argument("--timeout", type=float, default=10.0, metavar="S", help="time limit per query in seconds (default: 10)")
    parser.add_argument("--max-result-mb", type=float, default=50.0, metavar="MB",
                        help="largest result a query may return, in MB (default: 50)")
    parser.add_argument("--html", metavar="FILE", default="out/graph.html",
                        help="page served at / (default: out/graph.html, if it exists)")
    add_store_option(parser)
    add_source_options(parser)


def run(args: argparse.Namespace) -> int:
    if args.store == MEMORY:
        raise ValueError("serve runs on the Oxigraph engine: use --store oxigraph or oxigraph:PATH")
    graph = load_file(args.input, args.store) if args.input else open_or_build(args.store, args.data, args.base)
    endpoint = Endpoint(
        store=engine_of(graph),
        timeout=args.timeout,
        max_result_bytes=int(args.max_result_mb * 1_000_000),
        prefixes={**PREFIXES, **entity_prefixes(data_base(args.base))},
        queries={stored.name: stored for stored in list_queries()},
        index_html=Path(args.html),
    )
    server = make_server(endpoint, args.host, args.port)
    host, port = server.server_address[:2]
    print(f"SPARQL endpoint at http://{host}:{port}/sparql ({len(graph):,} triples); research questions at "
          f"http://{host}:{port}/queries; Ctrl-C stops it", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
