"""Serve the graph as a read-only SPARQL 1.1 Protocol endpoint (Oxigraph engine, under uvicorn).

Queries go to http://HOST:PORT/sparql by GET or POST; results come as SPARQL JSON, XML, CSV or TSV
(Turtle, N-Triples, JSON-LD or RDF/XML for CONSTRUCT and DESCRIBE) as the Accept header asks. Each
query runs in a worker process that is killed at the time limit; updates and SERVICE are refused.
The research questions are at /queries, the graph's IRIs at /id/…, the network page at /.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pyoxigraph as ox

from kg.build import open_or_build
from kg.namespaces import PREFIXES, data_base, entity_prefixes
from kg.query import list_queries
from kg.store import MEMORY, add_store_option, engine_of, graph_on, load_file, persistent_folder
from kg.commands.options import add_source_options


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=7878, help="port (default: 7878)")
    parser.add_argument("--input", metavar="FILE", help="serve this RDF file (.nt, .ttl, …) instead of the built graph")
    parser.add_argument("--timeout", type=positive, default=10.0, metavar="S",
                        help="time limit per query in seconds; the query's worker is killed then (default: 10)")
    parser.add_argument("--max-result-bytes", type=int, default=50_000_000, metavar="N",
                        help="largest result a query may return, in bytes (default: 50000000)")
    parser.add_argument("--workers", type=int, default=min(4, os.cpu_count() or 2), metavar="N",
                        help="query worker processes, forked from the server: they share its one copy of the "
                             "graph in memory (default: CPUs, at most 4)")
    parser.add_argument("--max-concurrent", type=int, default=64, metavar="N",
                        help="queries running or waiting at once; more get 503 with Retry-After (default: 64)")
    parser.add_argument("--cache-mb", type=float, default=64, metavar="MB",
                        help="memory for answers kept for identical requests (the graph never changes while "
                             "served); 0 evaluates every request (default: 64)")
    parser.add_argument("--allow-service", nargs="+", default=[], metavar="URL",
                        help="endpoints SERVICE may call (a URL ending in / allows everything below it); "
                             "by default SERVICE is refused and the server makes no outbound request")
    parser.add_argument("--no-access-log", action="store_true", help="do not log each request")
    parser.add_argument("--html", metavar="FILE", default="out/graph.html",
                        help="page served at / (default: out/graph.html, if it exists)")
    add_store_option(parser)
    add_source_options(parser)


def positive(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {text}")
    return value


def in_memory(graph, store: str):
    """The graph on an Oxigraph store in memory (a copy of a store on disk, whose background threads
    a fork would not carry): the query workers are forked over it and share its one copy."""
    if persistent_folder(store) is None:
        return graph
    memory = ox.Store()
    memory.bulk_extend(engine_of(graph).quads_for_pattern(None, None, None, None))
    return graph_on(memory, {prefix: str(namespace) for prefix, namespace in graph.namespaces()})


def run(args: argparse.Namespace) -> int:
    from kg.endpoint.app import Endpoint
    from kg.endpoint.server import serve

    if args.store == MEMORY:
        raise ValueError("serve runs on the Oxigraph engine: use --store oxigraph or oxigraph:PATH")
    if args.workers < 1 or args.max_concurrent < 1 or args.max_result_bytes < 1:
        raise ValueError("--workers, --max-concurrent and --max-result-bytes must be at least 1")
    if args.cache_mb < 0:
        raise ValueError(f"--cache-mb must be 0 or more, got {args.cache_mb:g}")
    graph = load_file(args.input, args.store) if args.input else open_or_build(args.store, args.data, args.base)
    graph = in_memory(graph, args.store)
    base = data_base(args.base)
    endpoint = Endpoint(
        store=engine_of(graph),
        timeout=args.timeout,
        max_result_bytes=args.max_result_bytes,
        prefixes={**PREFIXES, **entity_prefixes(base)},
        queries={stored.name: stored for stored in list_queries()},
        index_html=Path(args.html),
        workers=args.workers,
        max_concurrent=args.max_concurrent,
        allowed_services=tuple(args.allow_service),
        cache_bytes=int(args.cache_mb * 1_000_000),
        base=str(base),
        graph=graph,
    )

    def ready(url: str) -> None:
        root = url.removesuffix("/sparql")
        print(f"SPARQL endpoint at {url} ({len(graph):,} triples, {args.workers} workers); research questions "
              f"at {root}/queries; Ctrl-C or SIGTERM stops it", file=sys.stderr, flush=True)

    serve(endpoint, args.host, args.port, access_log=not args.no_access_log, on_ready=ready)
    return 0
