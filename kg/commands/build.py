"""Build the knowledge graph from the curated data and write it as Turtle, N-Triples and JSON-LD.

Writes clusterkg.ttl (ontology and data together), clusterkg.nt and clusterkg.jsonld into
the output folder, the interactive network of the whole graph as graph.html, the ontology's
documentation as ontology.html, and prints a
summary. Nothing is written when the data has an error or the graph fails the SHACL shapes
(unless --no-validate). With --reason, the triples the OWL reasoner infers are written apart,
as clusterkg-inferred.ttl, .nt and .jsonld. The files are written to a staging folder that then
replaces the output folder's set at once (kg.output_set): a build killed midway leaves the old set.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.table import Table

from kg.build import build_graph, keep_store, load_ontology
from kg.commands.reason import INFERRED_STEM, run_reasoner
from kg.commands.validate import print_report
from kg.commands.viz import write_view
from kg.export import write_formats
from kg.ontology_page import ontology_page
from kg.output_set import output_set
from kg.summary import summarise
from kg.validate import validate
from kg.commands.options import add_source_options

BUILD_FORMATS = ["ttl", "nt", "jsonld"]
OWNED_PAGES = {"graph.html", "ontology.html"}
SUMMARY_COLUMNS = 3

console = Console()
err_console = Console(stderr=True)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", metavar="DIR", default="out", help="output folder (default: out)")
    parser.add_argument(
        "--reason", action="store_true",
        help="also run the OWL reasoner and write the inferred triples, apart, as clusterkg-inferred.{ttl,nt,jsonld}",
    )
    parser.add_argument("--no-validate", action="store_true", help="write the outputs even if the graph fails validation")
    add_source_options(parser)


def run(args: argparse.Namespace) -> int:
    with console.status("Building the graph…"):
        graph = build_graph(args.data, args.base)
    if not args.no_validate:
        with console.status("Validating…"):
            report = validate(graph)
        if not report.conforms:
            print_report(report, err_console)
            err_console.print("nothing written: the graph does not conform (use --no-validate to write it anyway)")
            return 1
    inference = None
    if args.reason:
        inference = run_reasoner(graph)
        if inference is None:
            return 2
    out = Path(args.out)
    with output_set(out, owns=owned_output) as staging:
        written = write_formats(graph, staging, "clusterkg", BUILD_FORMATS)
        written.append(write_view(graph, "all", staging / "graph.html"))
        page = staging / "ontology.html"
        page.write_text(ontology_page(load_ontology()), encoding="utf-8")
        written.append(page)
        if inference is not None:
            written += write_formats(inference.triples, staging, INFERRED_STEM, BUILD_FORMATS)
    store = keep_store(graph, out / "store", args.data, args.base)
    print_summary(graph, [out / path.name for path in written])
    console.print(f"kept the graph for queries in {store.parent}", highlight=False)
    return 0


def owned_output(name: str) -> bool:
    """Whether a file of the output folder belongs to build's set (replaced by each build) or is kept."""
    return name.startswith(("clusterkg.", f"{INFERRED_STEM}.")) or name in OWNED_PAGES


def print_summary(graph, paths: list[Path]) -> None:
    summary = summarise(graph)
    console.print(
        f"[bold]clusterkg[/]: {summary.triples:,} triples, {summary.observations} observations, "
        f"{summary.sources} sources; {summary.subjects_with_source} resources name their source."
    )
    table = Table(title="Entities per class", show_edge=False, pad_edge=False, show_header=False)
    counts = list(summary.entities_per_class.items())
    rows = -(-len(counts) // SUMMARY_COLUMNS)
    for _ in range(SUMMARY_COLUMNS):
        table.add_column()
        table.add_column(justify="right", style="bold")
    for row in range(rows):
        cells = [cell for name, count in counts[row::rows] for cell in (name, str(count))]
        table.add_row(*cells)
    console.print(table)
    for path in paths:
        console.print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KB)", highlight=False)
