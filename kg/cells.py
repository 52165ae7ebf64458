"""Oxigraph's SELECT answers as SPARQL TSV cells, and what a cell means to the project.

Oxigraph writes the whole answer in one call (its TSV serialiser, in Rust), so no Python object is
made per value: the chunks it writes are split into lines and cells as they come. Each distinct
cell is then parsed once, into its sort key (kg.ordering's keys, for kg.sort_rows) or its rdflib
term (as kg.store converts Oxigraph's terms). A cell is an RDF term in
Turtle syntax (SPARQL 1.1 TSV): `<iri>`, `_:id`, `"text"@lang`, `"text"^^<datatype>`, `"text"`,
a bare number or boolean, or "" when unbound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.ordering import XSD, instant

XSD_STRING = f"{XSD}string"
XSD_DECIMAL = f"{XSD}decimal"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_UNESCAPED = {"t": "\t", "n": "\n", "r": "\r", '"': '"', "\\": "\\"}  # what Oxigraph's TSV escapes
_ESCAPE = re.compile(r"\\(.)")


@dataclass
class Table:
    """A SELECT answer as cells: the variables' names and the rows, in the answer's order."""

    names: list[str]
    rows: list[list[str]]


def read(solutions: ox.QuerySolutions) -> Table:
    """The answer's cells, written by Oxigraph in one call (a tab or newline in a value is escaped)."""
    lines = _Lines()
    solutions.serialize(lines, format=ox.QueryResultsFormat.TSV)
    header, *rows = lines.cells
    if header == [""]:  # no variables: a solution is an empty line
        return Table([], [[] for _ in rows])
    return Table([name[1:] for name in header], rows)


class _Lines:
    """The file Oxigraph writes an answer to, in chunks: each complete line is kept as its cells,
    so the answer is never held as one text (at 1M triples, value-chain-gaps writes 53 MB)."""

    def __init__(self):
        self.cells: list[list[str]] = []
        self._pending: list[bytes] = []  # the start of a line that a later chunk ends

    def write(self, chunk: bytes) -> int:
        *complete, partial = chunk.split(b"\n")  # a UTF-8 character never holds the byte of a newline
        if complete:
            complete[0] = b"".join([*self._pending, complete[0]])
            self._pending.clear()
            self.cells.extend(line.decode().split("\t") for line in complete)
        self._pending.append(partial)
        return len(chunk)

    def flush(self) -> None:
        """Nothing to do: every line ends with a newline, so the last chunk completes it."""


def literal_parts(cell: str) -> tuple[str, str, str | None]:
    """A literal cell's lexical value, datatype IRI and language tag (None without one)."""
    if cell.startswith("<<"):
        raise ValueError(f"unsupported term in an answer: {cell}")
    if cell[0] != '"':  # a number or boolean written bare, in the form that tells its type
        if cell in ("true", "false"):
            return cell, f"{XSD}boolean", None
        kind = "double" if "e" in cell or "E" in cell else "decimal" if "." in cell else "integer"
        return cell, f"{XSD}{kind}", None
    end = cell.rindex('"')  # neither a language tag nor a datatype IRI holds a quote
    value = cell[1:end]
    if "\\" in value:
        value = _ESCAPE.sub(lambda escape: _UNESCAPED[escape[1]], value)
    rest = cell[end + 1:]
    if rest.startswith("@"):
        return value, RDF_LANGSTRING, rest[1:].partition("--")[0]  # without an RDF 1.2 direction
    return value, rest[3:-1] if rest.startswith("^^") else XSD_STRING, None


def rdflib_literal(value: str, datatype: str, language: str | None) -> Literal:
    """The literal as the populator writes it: `"x"^^xsd:string` as plain `"x"`, xsd:decimal with
    its digits in full (Oxigraph gives the canonical form, `8` for `8.0`)."""
    if language:
        return Literal(value, lang=language)
    if datatype == XSD_STRING:
        return Literal(value)
    if datatype == XSD_DECIMAL:  # as kg.populate writes decimals: the digits, never an exponent
        return Literal(format(Decimal(value), "f"), datatype=URIRef(datatype))
    return Literal(value, datatype=URIRef(datatype))


# The last 65,536 cells, shared by all answers: a cell's meaning never changes, and building an
# rdflib Literal (about 5 µs) costs more than Oxigraph's writing it.
@lru_cache(maxsize=1 << 16)
def term(cell: str) -> Node | None:
    """The rdflib term of a cell (None when unbound)."""
    if not cell:
        return None
    if cell[0] == "<" and not cell.startswith("<<"):
        return URIRef(cell[1:-1])
    if cell.startswith("_:"):
        return BNode(cell[2:])
    return rdflib_literal(*literal_parts(cell))


_NUMBERS = {f"{XSD}{name}": pattern for names, pattern in (
    (("integer", "nonPositiveInteger", "negativeInteger", "long", "int", "short", "byte", "nonNegativeInteger",
      "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte", "positiveInteger"), r"[+-]?[0-9]+"),
    (("decimal",), r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"),
    (("double", "float"), r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[Ee][+-]?[0-9]+)?|[+-]?INF|NaN"),
) for name in names for pattern in (re.compile(pattern),)}
_DATES = {f"{XSD}dateTime", f"{XSD}date"}


@lru_cache(maxsize=1 << 16)  # the same cells recur down a column and from one answer to the next
def sort_key(cell: str) -> tuple[int, float | str, str]:
    """The kind, value and tie-break of kg.ordering's keys, computed in Python for one cell."""
    if not cell:
        return 0, "", ""
    if cell.startswith("_:"):
        return 1, "", ""  # STR of a blank node is an error in SPARQL: every blank node ties
    if cell[0] == "<" and not cell.startswith("<<"):
        return 2, cell[1:-1], ""
    text, datatype, language = literal_parts(cell)
    tie = f"{text}@{language or ''}"
    pattern = _NUMBERS.get(datatype)
    if pattern is not None and pattern.fullmatch(text):
        number = float(text)
        return (3, number, tie) if number == number else (7, 0.0, tie)
    if datatype in _DATES:
        return 6, instant(text), tie
    return 5, text, tie
