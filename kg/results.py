"""Format SPARQL results: a readable table or Markdown for people; the SPARQL 1.1 CSV, TSV and
JSON results formats for programs; Turtle (or JSON-LD) for the graph of a CONSTRUCT or DESCRIBE."""

from __future__ import annotations

import io
import json
import re
from typing import Mapping

from rdflib import XSD, BNode, Literal, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Identifier
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table

from kg.export import serialize

FORMATS = ("table", "csv", "tsv", "json", "md")
NUMERIC_TYPES = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long, XSD.nonNegativeInteger}
UNLIMITED_WIDTH = 100_000
MAX_UNBROKEN = 12  # longer words may be folded to fit a narrow terminal
_LOCAL_NAME = re.compile(r"[\w.\-]+")
_TSV_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def is_provenance(column: str) -> bool:
    """Columns that say where a figure comes from: source, locator, *_source, *_locator."""
    return column in ("source", "locator") or column.endswith(("_source", "_locator"))


def without_sources(result: Result) -> Result:
    """The same SELECT result without its source and locator columns (unless they are all it has)."""
    if result.type != "SELECT":
        return result
    kept = [var for var in result.vars if not is_provenance(str(var))]
    if len(kept) in (0, len(result.vars)):
        return result
    trimmed = Result("SELECT")
    trimmed.vars = kept
    trimmed.bindings = [{var: row[var] for var in kept if var in row} for row in result.bindings]
    return trimmed


def compact(iri: str, prefixes: Mapping[str, str]) -> str:
    """`prefix:local` for an IRI under a known namespace (longest wins), else `<iri>`."""
    for prefix, namespace in sorted(prefixes.items(), key=lambda item: -len(item[1])):
        local = iri[len(namespace):]
        if iri.startswith(namespace) and _LOCAL_NAME.fullmatch(local):
            return f"{prefix}:{local}"
    return f"<{iri}>"


def cell(term: Identifier | None, prefixes: Mapping[str, str]) -> str:
    """How a term reads in a table: compact IRIs, literals without quotes or datatypes."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return compact(str(term), prefixes)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def is_numeric_column(result: Result, var: Variable) -> bool:
    values = [row.get(var) for row in result.bindings if row.get(var) is not None]
    return bool(values) and all(isinstance(v, Literal) and v.datatype in NUMERIC_TYPES for v in values)


def table(result: Result, prefixes: Mapping[str, str], title: str | None = None, caption: str | None = None,
          width: int | None = None) -> Table:
    """A rich Table of a SELECT result; numbers right-aligned. Headers and words stay whole when
    the table still fits into `width` characters; otherwise they fold. Nothing is cut off."""
    rows = [[cell(row.get(var), prefixes) for var in result.vars] for row in result.bindings]
    numeric = [is_numeric_column(result, var) for var in result.vars]
    min_widths = []
    for index, var in enumerate(result.vars):
        longest_word = max((len(word) for values in rows for word in values[index].split()), default=0)
        min_widths.append(len(str(var)) if numeric[index] else min(longest_word, MAX_UNBROKEN))
    narrower = [width if is_number else None for width, is_number in zip(min_widths, numeric)]
    for widths in (min_widths, narrower):
        grid = _grid(result, rows, numeric, widths, title, caption)
        if width is None or _measure(grid).minimum <= width:
            return grid
    return _grid(result, rows, numeric, [None] * len(min_widths), title, caption)


def _grid(result, rows, numeric, min_widths, title, caption) -> Table:
    grid = Table(title=title, caption=caption, title_justify="left", caption_justify="left")
    for var, is_number, min_width in zip(result.vars, numeric, min_widths):
        grid.add_column(str(var), justify="right" if is_number else "left", min_width=min_width, overflow="fold")
    for values in rows:
        grid.add_row(*values)
    return grid


def _measure(grid: Table) -> Measurement:
    console = Console(file=io.StringIO(), width=UNLIMITED_WIDTH)
    return Measurement.get(console, console.options, grid)


def table_text(grid: Table) -> str:
    """A rich Table as plain text at its natural width (files do not wrap), no trailing spaces."""
    console = Console(file=io.StringIO(), width=_measure(grid).maximum, color_system=None, force_terminal=False)
    console.print(grid)
    return "\n".join(line.rstrip() for line in console.file.getvalue().splitlines()) + "\n"


def tsv_term(term: Identifier | None) -> str:
    """A term in the SPARQL 1.1 TSV results format (Turtle syntax, tabs and newlines escaped)."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    quoted = f'"{str(term).translate(_TSV_ESCAPES)}"'
    if term.language:
        return f"{quoted}@{term.language}"
    if term.datatype and term.datatype != XSD.string:
        return f"{quoted}^^<{term.datatype}>"
    return quoted


def markdown_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def markdown(result: Result, prefixes: Mapping[str, str]) -> str:
    """A GitHub-flavoured Markdown table of a SELECT result."""
    names = [str(var) for var in result.vars]
    lines = ["| " + " | ".join(names) + " |",
             "|" + "|".join("---:" if is_numeric_column(result, var) else "---" for var in result.vars) + "|"]
    for row in result.bindings:
        lines.append("| " + " | ".join(markdown_cell(cell(row.get(var), prefixes)) for var in result.vars) + " |")
    return "\n".join(lines) + "\n"


def render(result: Result, fmt: str, prefixes: Mapping[str, str], title: str | None = None,
           caption: str | None = None) -> str:
    """A result as text in one of FORMATS. ASK gives true/false (a SPARQL JSON boolean with json);
    CONSTRUCT and DESCRIBE give Turtle (JSON-LD with json)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        for prefix, namespace in prefixes.items():
            result.graph.bind(prefix, namespace, override=False)
        return serialize(result.graph, "jsonld" if fmt == "json" else "ttl").decode("utf-8")
    if fmt == "json":
        document = json.loads(result.serialize(format="json"))
        return json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    if result.type == "ASK":
        return "true\n" if result.askAnswer else "false\n"
    if fmt == "csv":
        return result.serialize(format="csv").decode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join(f"?{var}" for var in result.vars)]
        lines += ["\t".join(tsv_term(row.get(var)) for var in result.vars) for row in result.bindings]
        return "\n".join(lines) + "\n"
    if fmt == "md":
        return markdown(result, prefixes)
    return table_text(table(result, prefixes, title, caption))
