"""Check published figures against each other: totals against their rows, one table against another,
averages, shares and sums against their parts; and every prose claim that ranks, gives or totals
figures against its table.

Each check shows the published value, the value recomputed from the other figures, the absolute
and relative difference, the rounding allowance and a verdict. A check agrees when the
difference is within the rounding of the figures (half a unit in their last published digit)
plus --tolerance percent of the published value. Published figures are never changed.
"""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table

from kg.audit import Check, audit
from kg.build import build_graph
from kg.results import show
from kg.commands.options import add_format_option, add_source_options, print_rows

COLUMNS = ["kind", "claim", "published", "recomputed", "unit", "difference", "relative", "allowance", "verdict", "source",
           "locator", "against"]

console = Console()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_format_option(parser)
    parser.add_argument(
        "--tolerance", type=percent, default=0.0, metavar="PERCENT",
        help="relative difference accepted on top of rounding, in percent of the published value (default: 0)",
    )
    add_source_options(parser)


def percent(text: str) -> float:
    try:
        value = float(text.rstrip("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a percentage such as 1 or 0.5%, got {text!r}") from None
    if not 0 <= value < 100:
        raise argparse.ArgumentTypeError(f"expected a percentage from 0 to below 100, got {text!r}")
    return value / 100


def run(args: argparse.Namespace) -> int:
    checks = audit(build_graph(args.data, args.base))
    rows = [rounded(check.as_row(args.tolerance)) for check in checks]
    if args.format == "table":
        print_table(checks, rows, args.tolerance)
    else:
        print_rows(COLUMNS, [[row[column] for column in COLUMNS] for row in rows], args.format)
    return 0


def rounded(row: dict) -> dict:
    """Numbers as JSON-friendly values: decimals to 6 places, the relative difference as a fraction."""
    out = {}
    for column in COLUMNS:
        value = row[column]
        if column in ("published", "recomputed", "difference", "allowance"):
            value = float(round(value, 6))
        elif column == "relative" and value is not None:
            value = round(value, 6)
        out[column] = value
    return out


def print_table(checks: list[Check], rows: list[dict], tolerance: float) -> None:
    table = Table(show_lines=False, pad_edge=False)
    for column, justify in [("claim", "left"), ("published", "right"), ("recomputed", "right"), ("unit", "left"),
                            ("difference", "right"), ("relative", "right"), ("verdict", "left")]:
        table.add_column(column, justify=justify, overflow="fold", min_width=len(column))
    for check, row in zip(checks, rows):
        relative = "" if row["relative"] is None else f"{row['relative'] * 100:+.2f}%"
        verdict = "[green]agrees[/]" if row["verdict"] == "agrees" else "[bold red]DIFFERS[/]"
        table.add_row(check.claim, _number(row["published"]), _number(row["recomputed"]), row["unit"],
                      f"{row['difference']:+,.4g}", relative, verdict)
    show(table, console)
    for check, row in zip(checks, rows):
        if row["verdict"] != "agrees":
            console.print(f"[bold red]DIFFERS[/] {check.claim}\n  published: {_number(row['published'])} {check.unit} "
                          f"at {check.locator}; from the tables: {_number(row['recomputed'])}\n  compared with: {check.against}",
                          highlight=False, markup=True)
    differing = sum(1 for row in rows if row["verdict"] != "agrees")
    console.print(f"{len(rows)} checks, {differing} differ beyond rounding" + (f" + {tolerance * 100:g}%" if tolerance else ""))


def _number(value: float) -> str:
    return f"{value:,.4f}".rstrip("0").rstrip(".")
