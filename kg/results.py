"""Format SPARQL results: a readable table or Markdown for people; the SPARQL 1.1 CSV, TSV and
JSON results formats for programs; Turtle (or JSON-LD) for the graph of a CONSTRUCT or DESCRIBE."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
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


def table(result: Result, prefixes: Mapping[str, str], title: str | None = None,
          caption: str | None = None) -> Table:
    """A rich Table of a SELECT result; numbers right-aligned. A column is never narrower than its
    header, so headers never break inside a word; long cell words may fold."""
    rows = [[cell(row.get(var), prefixes) for var in result.vars] for row in result.bindings]
    numeric = [is_numeric_column(result, var) for var in result.vars]
    return plain_table([str(var) for var in result.vars], rows, numeric, title, caption)


def plain_table(columns: list[str], rows: list[list[str]], numeric: list[bool] | None = None,
                title: str | None = None, caption: str | None = None) -> Table:
    """A rich Table of text cells whose columns are at least as wide as their headers."""
    numeric = numeric or [False] * len(columns)
    grid = Table(title=title, caption=caption, title_justify="left", caption_justify="left")
    for index, (column, is_number) in enumerate(zip(columns, numeric)):
        longest_word = max((len(word) for values in rows for word in values[index].split()), default=0)
        grid.add_column(column, justify="right" if is_number else "left", overflow="fold",
                        min_width=max(len(column), min(longest_word, MAX_UNBROKEN)))
    for values in rows:
        grid.add_row(*values)
    return grid


def show(grid: Table, console: Console) -> None:
    """Print a table: fitted to a terminal when it fits whole, else at its natural width (never cut)."""
    if console.is_terminal and _measure(grid).minimum <= console.width:
        console.print(grid)
    else:
        console.file.write(table_text(grid))
        console.file.flush()


def render_rows(columns: list[str], rows: list[list], fmt: str, title: str | None = None,
                caption: str | None = None) -> str:
    """Plain rows (text, numbers or None) in one of FORMATS; json is a list of objects."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "json":
        return json.dumps([dict(zip(columns, row)) for row in rows], indent=1, ensure_ascii=False, default=str) + "\n"
    text = [["" if value is None else str(value) for value in row] for row in rows]
    numeric = [bool(rows) and all(isinstance(row[i], (int, float, Decimal)) or row[i] is None for row in rows)
               for i in range(len(columns))]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerows([columns, *text])
        return buffer.getvalue()
    if fmt == "tsv":
        escape = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
        return "".join("\t".join(value.translate(escape) for value in row) + "\n" for row in [columns, *text])
    if fmt == "md":
        lines = ["| " + " | ".join(columns) + " |",
                 "|" + "|".join("---:" if is_number else "---" for is_number in numeric) + "|"]
        lines += ["| " + " | ".join(markdown_cell(value) for value in row) + " |" for row in text]
        return "\n".join(lines) + "\n"
    return table_text(plain_table(columns, text, numeric, title, caption))


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
