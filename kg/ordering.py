"""ORDER BY that cannot crash Oxigraph: every sort key rewritten into keys with a total order.

pyoxigraph (0.5.13 and before) sorts with a comparison that is not a total order when one ORDER BY
key mixes literals of types that SPARQL's `<` cannot compare: numbers compare by value, a number
and a string by their text, so 9 < 10 (numbers), 10 < "5" (text) and "5" < 9 (text). Rust's sort
detects the cycle and aborts the whole process. Here each condition `ASC(e)` becomes three keys,
SPARQL expressions that Oxigraph evaluates itself: the kind of term (unbound, blank node, IRI,
number, date/time, other literal), a value of one type per kind (a double for numbers, the text
otherwise; for dates an ISO text in UTC, from the one Python function Oxigraph calls, and only for
date rows) and the text with its language as a tie-break. Each key compares totally
within the keys before it, so the sort is total, and the order agrees with SPARQL 1.1 (15.1)
wherever SPARQL defines one. In a (sub)query that selects plain variables without grouping, the
keys are bound once per row (BIND) rather than evaluated at every comparison.
kg.sort_rows applies the same keys in Python to a query's outermost ORDER BY.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from functools import lru_cache

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
INSTANT = ox.NamedNode("urn:clusterkg:order:instant")
HIDDEN = "clusterkg_order_"  # variables added for sorting (left out of the answer)

# Tokens of SPARQL text that may hold parentheses or the words ORDER BY without meaning them.
_SKIPPED = r'''"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>|#[^\n]*'''


def scanner(first: str, pattern: str, flags: int = 0) -> re.Pattern:
    """`pattern` tried only where a token can start (`first`: its first characters besides those of
    _SKIPPED): three times faster over a query's text than trying every alternative everywhere."""
    return re.compile(rf"(?=[\"'<#{first}])(?:(?P<skip>{_SKIPPED})|{pattern})", flags)


_PARENS = scanner("()", r"(?P<open>\()|(?P<close>\))")
# keywords, not a variable (?select), a prefix (select:) or a prefixed name (ex:order)
OUTER = scanner("{}sSoO", r"(?P<open>{)|(?P<close>})|(?P<select>(?<![?$:\w])SELECT(?![:\w]))"
                r"|(?P<order>(?<![?$:\w])ORDER\s+BY(?![:\w]))", re.IGNORECASE)
_SPACE = re.compile(r"(?:\s|#[^\n]*)*")
_STR_CALL = re.compile(r"\s*STR\s*\(", re.IGNORECASE)
_CONDITION = re.compile(
    r"(?:\s|#[^\n]*)*(?:(?P<direction>ASC|DESC)\s*\(|(?P<variable>[?$][\w\u00B7-\uFFFF]+)|(?P<open>\()"
    r"|(?P<call>(?!(?:VALUES|LIMIT|OFFSET)\b)(?:<[^<>\"{}|^`\\\s]*>|[A-Za-z_][\w\-.]*:[\w\-.]*|[A-Za-z_]+)\s*\())",
    re.IGNORECASE)


def instant(text: str) -> str:
    """A date or dateTime as UTC ISO text (no time zone: read as UTC), so text order is time order."""
    try:
        moment = datetime.fromisoformat(text) if "T" in text else datetime.combine(date.fromisoformat(text[:10]),
                                                                                   datetime.min.time())
    except ValueError:
        return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")


def _instant_key(term) -> ox.Literal:
    return ox.Literal(instant(term.value))


ORDER_FUNCTIONS = {INSTANT: _instant_key}


def _keys(expression: str) -> tuple[str, ...]:
    """Kind, value and tie-break of one ORDER BY expression, as short SPARQL expressions (their
    parsing is most of what the rewrite costs): kinds 0 unbound, 1 blank node, 2 IRI, 3 number,
    5 other literal, 6 date or dateTime, 7 NaN; values a double, an ISO text in UTC or the text.
    STR(…) is its own key: it gives plain strings or an error, which Oxigraph sorts totally."""
    if _is_str_call(expression):
        return (expression,)
    term = f"({expression})"
    number = f"<{XSD}double>{term}"
    dates = f"DATATYPE{term} IN (<{XSD}dateTime>, <{XSD}date>)"
    kind = (f"COALESCE(IF(isLITERAL{term}, IF(isNUMERIC{term}, IF({number} = {number}, 3, 7), "
            f"IF({dates}, 6, 5)), IF(isIRI{term}, 2, 1)), 0)")
    value = (f"IF(isNUMERIC{term}, IF({number} = {number}, {number}, 0e0), "
             f"IF(isLITERAL{term} && {dates}, <{INSTANT.value}>{term}, STR{term}))")
    tie = f"COALESCE(CONCAT(STR{term}, \"@\", LANG{term}), \"\")"
    return kind, value, tie


def _is_str_call(expression: str) -> bool:
    """Whether the expression is one call of STR (not, say, `STR(?a) + 1`)."""
    call = _STR_CALL.match(expression)
    try:
        return call is not None and not expression[_closing(expression, call.end()):].strip()
    except SyntaxError:
        return False


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


def conditions_of(text: str, start: int) -> tuple[list[tuple[str, str]], int]:
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


@lru_cache(maxsize=256)  # a question asked again is not rewritten again
def total_order(text: str) -> str:
    """The query with every ORDER BY condition replaced by totally ordered keys. Where the (sub)query
    selects plain variables and does not group, the keys are bound once per row (BIND at the end of
    its WHERE) and the sort compares variables; else they are evaluated within the ORDER BY."""
    edits, depth, selects, closes, position = [], 0, {}, {}, 0
    while token := OUTER.search(text, position):
        position, kind = token.end(), token.lastgroup
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
            closes[depth] = token
        elif kind == "select":
            selects[depth] = token.end()
        elif kind == "order":
            try:
                conditions, position = conditions_of(text, token.end())
            except SyntaxError:
                return text  # Oxigraph reports the syntax error itself
            if conditions:
                group_end = _ungrouped_where_end(text, selects.get(depth), closes.get(depth), token)
                edits += _order_edits(conditions, token.end(), position, group_end)
    pieces, last = [], 0
    for start, end, replacement in sorted(edits):
        pieces += [text[last:start], replacement]
        last = end
    return "".join(pieces) + text[last:]


def _ungrouped_where_end(text: str, select: int | None, close: re.Match | None, order: re.Match) -> int | None:
    """Where the WHERE group before `order` closes, if its SELECT projects variables only (no
    expression, aggregate or *) and nothing (GROUP BY, HAVING) stands between the two."""
    if select is None or close is None or HIDDEN in text or not _SPACE.fullmatch(text, close.end(), order.start()):
        return None
    clause = text[select:text.find("{", select)]
    return None if "(" in clause or "*" in clause else close.start()


def _order_edits(conditions: list[tuple[str, str]], start: int, end: int,
                 group_end: int | None) -> list[tuple[int, int, str]]:
    """Edits of the text replacing the conditions text[start:end] by keys, bound at group_end if given."""
    keys = [(direction, key) for direction, expression in conditions for key in _keys(expression)]
    if group_end is None:
        return [(start, end, " " + " ".join(f"{direction}({key})" for direction, key in keys) + " ")]
    names = [f"?{HIDDEN}{start}_{index}" for index in range(len(keys))]
    binds = " ".join(f"BIND({key} AS {name})" for (_, key), name in zip(keys, names))
    order = " ".join(f"{direction}({name})" for (direction, _), name in zip(keys, names))
    return [(group_end, group_end, f" {binds} "), (start, end, f" {order} ")]


def query(store: ox.Store, text: str, **options):
    """`store.query(text, **options)` with ORDER BY made total (the result types are Oxigraph's)."""
    return store.query(total_order(text), custom_functions=ORDER_FUNCTIONS, **options)
