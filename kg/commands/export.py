"""Write the knowledge graph in one RDF format, to a file or to standard output (-o -)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.build import build_graph
from kg.export import FORMATS, serialize, write_atomic
from kg.commands.options import add_source_options


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", "-f", choices=list(FORMATS), help="RDF format (default: from the file suffix, else ttl)")
    parser.add_argument("-o", "--output", metavar="FILE", default="-", help="output file, or - for standard output (default)")
    add_source_options(parser)


def run(args: argparse.Namespace) -> int:
    fmt = args.format or format_from_suffix(args.output)
    data = serialize(build_graph(args.data, args.base), fmt)
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_atomic(Path(args.output), data)
        print(f"wrote {args.output} ({fmt}, {len(data) / 1024:.0f} KB)", file=sys.stderr)
    return 0


def format_from_suffix(output: str) -> str:
    suffix = Path(output).suffix.lower()
    by_suffix = {ext: name for name, (ext, _) in FORMATS.items()} | {".turtle": "ttl", ".json": "jsonld", ".xml": "xml", ".owl": "xml"}
    return by_suffix.get(suffix, "ttl")
