"""Generate a synthetic graph of N clusters for scale tests and benchmarks.

The curated graph plus N generated clusters with participant enterprises, value-chain stages,
cross-border links and yearly figures for 2015–2024, all following the ontology and naming
the source synthetic-SEED. The same N and seed always give the same file (.nt or .ttl). The file
is written in chunks of clusters, so memory stays flat up to 10M triples (about 16,400 clusters).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.synth import write_synthetic


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--clusters", type=int, required=True, metavar="N", help="number of generated clusters (about 600 triples each)")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default: 0)")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="output file, .nt or .ttl")
    parser.add_argument("--base", metavar="IRI", help="base IRI of the data's own resources")


def run(args: argparse.Namespace) -> int:
    triples, size = write_synthetic(Path(args.output), args.clusters, args.seed, args.base)
    print(f"wrote {args.output} ({triples:,} triples, {size / 1024:.0f} KB; {args.clusters} synthetic clusters, "
          f"seed {args.seed})", file=sys.stderr)
    return 0
