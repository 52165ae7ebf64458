"""A query's outermost ORDER BY applied in Python, after Oxigraph, with kg.ordering's keys.

The keys (kind of term, a value of one type per kind, a tie-break) are computed once per row instead
of being parsed as SPARQL expressions and evaluated at every comparison; the rows and their order
are those of kg.ordering.query. Applies to a SELECT without LIMIT or OFFSET; an ORDER BY expression
or unprojected variable becomes a column added for the sort and left out of the answer.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pyoxigraph as ox

from kg.ordering import HIDDEN, OUTER, XSD, conditions_of, instant, query, scanner

_PROJECTION = scanner("()*aA?$wWfF", r"(?P<open>\()|(?P<close>\))|(?P<star>\*)|AS\s+[?$](?P<alias>[\w\u00B7-\uFFFF]+)"
                      r"|[?$](?P<variable>[\w\u00B7-\uFFFF]+)|(?P<keyword>\b(?:WHERE|FROM)\b)", re.IGNORECASE)
_SLICE = scanner("lLoO", r"(?P<slice>\b(?:LIMIT|OFFSET)\b)", re.IGNORECASE)
_VARIABLE = re.compile(r"\s*[?$]([\w\u00B7-\uFFFF]+)\s*")


class Sorted:
    """The rows of a SELECT whose outermost ORDER BY was applied here, after the engine; each row
    gives the values of `variables` (the columns added for the sort are left out)."""

    def __init__(self, variables: list[ox.Variable], rows: list):
        self.variables, self.rows = variables, rows

    def __iter__(self):
        return iter(self.rows)


def answer(store: ox.Store, text: str, **options):
    """As `query`, but a SELECT's outermost ORDER BY without LIMIT or OFFSET is sorted here (a Sorted)."""
    split = final_order(text)
    if split is None:
        return query(store, text, **options)
    rest, conditions = split
    try:
        found = query(store, rest, **options)
    except SyntaxError:  # an ORDER BY expression that the grouped projection does not accept
        return query(store, text, **options)
    if not isinstance(found, ox.QuerySolutions):
        return found
    names = [variable.value for variable in found.variables]
    rows = list(found)
    for descending, name in reversed(conditions):  # stable sorts, the last condition first
        if name in names:  # else unbound in every row (SELECT * of a variable out of scope)
            index = names.index(name)
            rows.sort(key=lambda row: term_key(row[index]), reverse=descending)
    shown = [variable for variable in found.variables if not variable.value.startswith(HIDDEN)]
    if len(shown) < len(names):
        rows = [tuple(row)[:len(shown)] for row in rows]
    return Sorted(shown, rows)


@lru_cache(maxsize=256)  # a question asked again is not scanned again
def final_order(text: str) -> tuple[str, tuple[tuple[bool, str], ...]] | None:
    """The query without its outermost ORDER BY, and that clause's conditions as (descending,
    variable), if sorting the rows afterwards gives the same answer: a SELECT without LIMIT or
    OFFSET. An expression or an unprojected variable becomes a column added to the projection
    (not under DISTINCT or REDUCED, where a column changes the rows, nor after SELECT *). Else None."""
    depth, select, clause_end, order = 0, None, None, None
    for token in OUTER.finditer(text):
        kind = token.lastgroup
        if kind == "open":
            if depth == 0 and select is not None and clause_end is None:
                clause_end = token.start()
            depth += 1
        elif kind == "close":
            depth -= 1
        elif depth == 0 and kind == "select" and select is None:
            select = token.end()
        elif depth == 0 and kind == "order":
            order = token
    if order is None or clause_end is None or HIDDEN in text:
        return None
    try:
        conditions, end = conditions_of(text, order.end())
    except SyntaxError:
        return None
    if not conditions or any(token.lastgroup == "slice" for token in _SLICE.finditer(text, end)):
        return None
    projected, insert_at = _projection(text, select, clause_end)
    distinct = re.match(r"\s*(?:DISTINCT|REDUCED)\b", text[select:], re.IGNORECASE)
    variables, added = [], []
    for direction, expression in conditions:
        variable = _VARIABLE.fullmatch(expression)
        if variable and (projected is None or variable[1] in projected):
            name = variable[1]
        elif distinct or projected is None:
            return None
        else:
            name = f"{HIDDEN}{len(added)}"
            added.append(f"({expression} AS ?{name})")
        variables.append((direction == "DESC", name))
    rest = text[:insert_at] + "".join(f" {column}" for column in added) + " " + text[insert_at:order.start()] + text[end:]
    return rest, tuple(variables)


def _projection(text: str, start: int, end: int) -> tuple[set[str] | None, int]:
    """The variables the SELECT clause text[start:end] projects (None for SELECT *), and where it ends."""
    names, depth = set(), 0
    for token in _PROJECTION.finditer(text, start, end):
        kind = token.lastgroup
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "star" and depth == 0:
            return None, end
        elif kind == "alias" or (kind == "variable" and depth == 0):
            names.add(token[kind])
        elif kind == "keyword" and depth == 0:
            return names, token.start()
    return names, end


_NUMBERS = {f"{XSD}{name}": pattern for names, pattern in (
    (("integer", "nonPositiveInteger", "negativeInteger", "long", "int", "short", "byte", "nonNegativeInteger",
      "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte", "positiveInteger"), r"[+-]?[0-9]+"),
    (("decimal",), r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"),
    (("double", "float"), r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[Ee][+-]?[0-9]+)?|[+-]?INF|NaN"),
) for name in names for pattern in (re.compile(pattern),)}
_DATES = {f"{XSD}dateTime", f"{XSD}date"}


@lru_cache(maxsize=1 << 16)  # the same terms recur down a column and from one answer to the next
def term_key(term) -> tuple[int, float | str, str]:
    """The kind, value and tie-break of kg.ordering's keys, computed in Python for one term."""
    if term is None:
        return 0, "", ""
    if isinstance(term, ox.BlankNode):
        return 1, "", ""  # STR of a blank node is an error in SPARQL: every blank node ties
    if isinstance(term, ox.NamedNode):
        return 2, term.value, ""
    text, datatype = term.value, term.datatype.value
    tie = f"{text}@{term.language or ''}"
    pattern = _NUMBERS.get(datatype)
    if pattern is not None and pattern.fullmatch(text):
        number = float(text)
        return (3, number, tie) if number == number else (7, 0.0, tie)
    if datatype in _DATES:
        return 6, instant(text), tie
    return 5, text, tie
