"""ORDER BY that cannot crash Oxigraph: every sort key rewritten into keys with a total order.

pyoxigraph (0.5.13 and before) sorts with a comparison that is not a total order when one ORDER BY
key mixes literals of types that SPARQL's `<` cannot compare: numbers compare by value, a number
and a string by their text, so 9 < 10 (numbers), 10 < "5" (text) and "5" < 9 (text). Rust's sort
detects the cycle and aborts the whole process. Here each condition `ASC(e)` becomes three keys
computed once per row by Python functions that Oxigraph calls: the kind of term (unbound, blank
node, IRI, number, boolean, text, date/time, other literal), a value of one type per kind (a
double for numbers, an ISO text for dates, the text itself otherwise) and the full lexical form
as a tie-break. Each key compares totally within the keys before it, so the sort is total, and the
order agrees with SPARQL 1.1 (15.1) wherever SPARQL defines one.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timezone

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + name for name in (
    "integer", "decimal", "float", "double", "int", "long", "short", "byte", "nonNegativeInteger",
    "positiveInteger", "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt",
    "unsignedShort", "unsignedByte")}
TEXT = {XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}
KIND = ox.NamedNode("urn:clusterkg:order:kind")
VALUE = ox.NamedNode("urn:clusterkg:order:value")
TIE = ox.NamedNode("urn:clusterkg:order:tie")
DOUBLE = ox.NamedNode(XSD + "double")

# Tokens of SPARQL text that may hold parentheses or the words ORDER BY without meaning them.
_SKIPPED = r'''"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>|#[^\n]*'''
_ORDER_BY = re.compile(rf"(?P<skip>{_SKIPPED})|(?P<order>\bORDER\s+BY\b)", re.IGNORECASE)
_PARENS = re.compile(rf"(?P<skip>{_SKIPPED})|(?P<open>\()|(?P<close>\))")
_CONDITION = re.compile(
    r"(?:\s|#[^\n]*)*(?:(?P<direction>ASC|DESC)\s*\(|(?P<variable>[?$][\w\u00B7-\uFFFF]+)|(?P<open>\()"
    r"|(?P<call>(?!(?:VALUES|LIMIT|OFFSET)\b)(?:<[^<>\"{}|^`\\\s]*>|[A-Za-z_][\w\-.]*:[\w\-.]*|[A-Za-z_]+)\s*\())",
    re.IGNORECASE)


def _kind(term) -> ox.Literal:
    if isinstance(term, ox.BlankNode):
        kind = 1
    elif isinstance(term, ox.NamedNode):
        kind = 2
    elif isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in NUMERIC:
            kind = 7 if math.isnan(_number(term)) else 3
        else:
            kind = {XSD + "boolean": 4, XSD + "dateTime": 6, XSD + "date": 6}.get(datatype, 5 if datatype in TEXT else 8)
    else:
        kind = 9
    return ox.Literal(str(kind), datatype=ox.NamedNode(XSD + "integer"))


def _number(term: ox.Literal) -> float:
    try:
        return float(term.value)
    except ValueError:
        return math.nan


def _value(term):
    """A key of one type per kind: a double for numbers, ISO text for dates, the text otherwise."""
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in NUMERIC:
            number = _number(term)
            if math.isnan(number):
                return ox.Literal("0", datatype=DOUBLE)
            return ox.Literal("INF" if number > 0 else "-INF", datatype=DOUBLE) if math.isinf(number) \
                else ox.Literal(repr(number), datatype=DOUBLE)
        if datatype in (XSD + "dateTime", XSD + "date"):
            return ox.Literal(_instant(term.value))
        if datatype == XSD + "boolean":
            return ox.Literal("1" if term.value in ("true", "1") else "0")
    return ox.Literal(term.value if hasattr(term, "value") else str(term))


def _instant(text: str) -> str:
    """A date or dateTime as UTC ISO text (no time zone: read as UTC), so text order is time order."""
    try:
        moment = datetime.fromisoformat(text) if "T" in text else datetime.combine(date.fromisoformat(text[:10]),
                                                                                   datetime.min.time())
    except ValueError:
        return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")


def _tie(term) -> ox.Literal:
    if isinstance(term, ox.Literal):
        return ox.Literal(f"{term.value}\x00{term.language or ''}\x00{term.datatype.value}")
    return ox.Literal(str(term))


ORDER_FUNCTIONS = {KIND: _kind, VALUE: _value, TIE: _tie}


def _closing(text: str, start: int) -> int:
    """The index just past the parenthesis closing the one opened before `start`."""
    depth = 1
    for token in _PARENS.finditer(text, start):
        if token.lastgroup == "open":
            depth += 1
        elif token.lastgroup == "close":
            depth -= 1
            if depth == 0:
                return token.end()
    raise SyntaxError("unbalanced parentheses in ORDER BY")


def _conditions(text: str, start: int) -> tuple[list[tuple[str, str]], int]:
    """The (direction, expression) conditions of an ORDER BY clause starting at `start`, and its end."""
    conditions, position = [], start
    while match := _CONDITION.match(text, position):
        if match["direction"]:
            end = _closing(text, match.end())
            conditions.append((match["direction"].upper(), text[match.end():end - 1]))
        elif match["variable"]:
            end = match.end()
            conditions.append(("ASC", match["variable"]))
        else:
            end = _closing(text, match.end())
            conditions.append(("ASC", text[match.start(match.lastgroup):end]))
        position = end
    return conditions, position


def total_order(text: str) -> str:
    """The query with every ORDER BY condition replaced by totally ordered keys (ORDER_FUNCTIONS)."""
    pieces, last, position = [], 0, 0
    while match := _ORDER_BY.search(text, position):
        position = match.end()
        if match.lastgroup == "skip":
            continue
        try:
            conditions, end = _conditions(text, position)
        except SyntaxError:
            return text  # Oxigraph reports the syntax error itself
        if not conditions:
            continue
        keys = " ".join(f"{direction}(<{function.value}>({expression}))"
                        for direction, expression in conditions for function in (KIND, VALUE, TIE))
        pieces += [text[last:position], " ", keys, " "]
        last = position = end
    return "".join(pieces) + text[last:]


def query(store: ox.Store, text: str, **options):
    """`store.query(text, **options)` with ORDER BY made total (the result types are Oxigraph's)."""
    return store.query(total_order(text), custom_functions=ORDER_FUNCTIONS, **options)
