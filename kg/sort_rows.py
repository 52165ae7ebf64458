"""A query's outermost ORDER BY applied in Python, after Oxigraph, with kg.ordering's keys.

The keys (kind of term, a value of one type per kind, a tie-break) are computed once per distinct
cell of the answer (kg.cells) instead of being parsed as SPARQL expressions and evaluated at every
comparison; the rows and their order are those of kg.ordering.query. Applies to a SELECT without
LIMIT or OFFSET; an ORDER BY expression or unprojected variable becomes a column added for the
sort and left out of the answer.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pyoxigraph as ox

from kg import cells
from kg.ordering import HIDDEN, OUTER, conditions_of, query, scanner

_PROJECTION = scanner("()*aA?$wWfF", r"(?P<open>\()|(?P<close>\))|(?P<star>\*)|AS\s+[?$](?P<alias>[\w\u00B7-\uFFFF]+)"
                      r"|[?$](?P<variable>[\w\u00B7-\uFFFF]+)|(?P<keyword>\b(?:WHERE|FROM)\b)", re.IGNORECASE)
_SLICE = scanner("lLoO", r"(?P<slice>\b(?:LIMIT|OFFSET)\b)", re.IGNORECASE)
_VARIABLE = re.compile(r"\s*[?$]([\w\u00B7-\uFFFF]+)\s*")


def answer(store: ox.Store, text: str, **options):
    """As `query`, but a SELECT's outermost ORDER BY without LIMIT or OFFSET is sorted here (a
    kg.cells Table)."""
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
    table = cells.read(found)
    for descending, name in reversed(conditions):  # stable sorts, the last condition first
        if name in table.names:  # else unbound in every row (SELECT * of a variable out of scope)
            index = table.names.index(name)
            table.rows.sort(key=lambda row: cells.sort_key(row[index]), reverse=descending)
    shown = [name for name in table.names if not name.startswith(HIDDEN)]
    if len(shown) < len(table.names):
        table = cells.Table(shown, [row[:len(shown)] for row in table.rows])
    return table


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
