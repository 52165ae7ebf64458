"""Write a static, offline HTML site: an index, a page per entity of the graph (region, city,
cluster, country, sector, legal act, event, source, …) with its published figures, a chart where
figures compare, its neighbours in the network and its IRI; the regions side by side; and the
research questions that have a chart. No script, style sheet or font comes from outside."""

from __future__ import annotations

import argparse
import sys

from kg.build import open_or_build
from kg.site import build_site
from kg.store import add_store_option


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, metavar="DIR", help="folder to write the site into (replaced)")
    parser.add_argument("--data", metavar="DIR", help="folder of curated data files (default: the packaged kg/data)")
    add_store_option(parser)


def run(args: argparse.Namespace) -> int:
    graph = open_or_build(args.store, args.data)
    pages = build_site(graph, args.out)
    print(f"wrote {pages} pages into {args.out}/ (open {args.out}/index.html)", file=sys.stderr)
    return 0
