"""Compare regions side by side: their Table 2 figures (clusters, participants, production, exports),
their shares of the regional rows and of the published Total row, the specialisation index, exports
per cluster and per participant, and the gap to their share of the 2030 export target.

Name up to 14 regions in any spelling (Navoiy, Farg'ona, Самарканд, UZ-SA). Shares and indicators
are derived by SPARQL from the published figures (see `clusterkg query specialisation`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console

from kg.build import open_or_build
from kg.charts import compare_chart
from kg.compare import NOTE, by_region, compare, side_by_side
from kg.commands.options import add_format_option, print_rows
from kg.export import write_atomic
from kg.store import add_store_option


console = Console()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("regions", nargs="+", metavar="REGION", help="a region in any spelling (up to 14)")
    add_format_option(parser)
    parser.add_argument("--year", default="2024", help="reference year of the figures (default: 2024)")
    parser.add_argument("--chart", metavar="FILE.svg|png", help="also draw export and production shares into FILE")
    parser.add_argument("--data", metavar="DIR", help="folder of curated data files (default: the packaged kg/data)")
    add_store_option(parser)


def run(args: argparse.Namespace) -> int:
    graph = open_or_build(args.store, args.data)
    comparison = compare(graph, args.regions, args.year)
    for note in comparison.notes:
        print(note, file=sys.stderr)
    if args.chart:
        write_atomic(Path(args.chart), compare_chart(comparison, args.chart))
        print(f"wrote {args.chart}", file=sys.stderr)
    columns, rows = side_by_side(comparison) if args.format in ("table", "md") else by_region(comparison)
    print_rows(columns, rows, args.format, f"Regions compared, {args.year}", console)
    if args.format == "table":
        print(NOTE, file=sys.stderr)
    return 0
