"""The `clusterkg` command line: one sub-command per module in kg.commands.

Only the module of the command asked for is imported (none for the overall --help, whose one-line
helps are in COMMANDS), so a command loads only what it uses.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from rich.console import Console

from kg.errors import DataError
from kg.query import RemoteError

COMMANDS = {  # module of kg.commands: its one-line help, in the order --help lists them
    "build": "build the graph and write out/clusterkg.{ttl,nt,jsonld}, out/graph.html and out/ontology.html",
    "export": "write the graph as Turtle, N-Triples, JSON-LD or RDF/XML",
    "queries": "list the research questions (queries/*.rq)",
    "query": "answer a research question (a name from `clusterkg queries`, a .rq file or --sparql TEXT)",
    "compare": "compare up to 14 regions side by side: Table 2 figures, shares, specialisation, export gap",
    "viz": "write the interactive network (default out/graph-VIEW.html) and print its path",
    "site": "write a static HTML site with a page for every entity, the regions compared and charts",
    "analyze": "print central regions and connected components of the value-chain and cross-border links",
    "path": "print how two entities (label or id) are linked, with the kinds of link on the way",
    "validate": "check the graph against the SHACL shapes, violation queries and Data Cube integrity constraints (exit 0 conforms, 1 not)",
    "reason": "run the OWL reasoner and list the inferred memberships and relations",
    "audit": "check published figures against each other and the prose claims against the tables",
    "synth": "generate a synthetic national-scale graph (N clusters) for benchmarks",
    "serve": "serve the graph as a read-only SPARQL endpoint",
    "publish": "push the graph into a triple store (SPARQL 1.1 Graph Store Protocol, or Virtuoso's bulk loader)",
}
EXIT_BAD_INPUT = 2
EXIT_REMOTE_FAILURE = 1

err_console = Console(stderr=True)


def make_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser for `argv`: the command it names is loaded in full, the others by name and help only
    (`clusterkg --help` imports no command); with `argv` None, every command in full."""
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
    for name, help_text in COMMANDS.items():
        if argv is not None and name != wanted:
            commands.add_parser(name, help=help_text)
            continue
        module = importlib.import_module(f"kg.commands.{name}")
        sub = commands.add_parser(name, help=help_text, description=module.__doc__)
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
