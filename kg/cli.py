"""The `clusterkg` command line: one sub-command per module in kg.commands."""

from __future__ import annotations

import argparse
import sys

from rich.console import Console

from kg.commands import (
    analyze, audit, build, compare, export, path, publish, queries, query, reason, serve, site, synth, validate, viz,
)
from kg.errors import DataError
from kg.query import RemoteError

COMMANDS = [build, export, queries, query, compare, viz, site, analyze, path, validate, reason, audit, synth, serve, publish]
EXIT_BAD_INPUT = 2
EXIT_REMOTE_FAILURE = 1

err_console = Console(stderr=True)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clusterkg",
        description=(
            "A knowledge graph of regional industrial clusters and their export potential in "
            "Central Asia: build it from curated sources, export it as RDF, ask it research questions."
        ),
        epilog="Run `clusterkg COMMAND --help` for the options of a command.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        sub = commands.add_parser(module.NAME, help=module.HELP, description=module.__doc__)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return args.run(args)
    except RemoteError as error:
        err_console.print(f"[bold red]error:[/] {error}", highlight=False, soft_wrap=True)
        return EXIT_REMOTE_FAILURE
    except DataError as error:
        err_console.print(f"[bold red]error:[/] {error}", highlight=False, soft_wrap=True)
        return EXIT_BAD_INPUT
    except ValueError as error:
        err_console.print(f"[bold red]error:[/] {error}", highlight=False, soft_wrap=True)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
