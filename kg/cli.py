"""The `clusterkg` command line: one sub-command per module in kg.commands.

Only the module of the command asked for is imported (every one for the overall --help), so a
command loads only what it uses.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from rich.console import Console

from kg.errors import DataError
from kg.query import RemoteError

COMMANDS = ["build", "export", "queries", "query", "compare", "viz", "site", "analyze", "path", "validate", "reason",
            "audit", "synth", "serve", "publish"]  # modules of kg.commands, in the order --help lists them
EXIT_BAD_INPUT = 2
EXIT_REMOTE_FAILURE = 1

err_console = Console(stderr=True)


def make_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser for `argv`: the command it names is loaded in full, the others by name only."""
    wanted = next((word for word in argv if not word.startswith("-")), None) if argv is not None else None
    wanted = wanted if wanted in COMMANDS else None
    parser = argparse.ArgumentParser(
        prog="clusterkg",
        description=(
            "A knowledge graph of regional industrial clusters and their export potential in "
            "Central Asia: build it from curated sources, export it as RDF, ask it research questions."
        ),
        epilog="Run `clusterkg COMMAND --help` for the options of a command.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        if wanted not in (None, name):
            commands.add_parser(name)
            continue
        module = importlib.import_module(f"kg.commands.{name}")
        sub = commands.add_parser(module.NAME, help=module.HELP, description=module.__doc__)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = make_parser(argv).parse_args(argv)
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
