"""SPARQL text as tokens: find the `VALUES ?name { term }` blocks that open a query's outermost
WHERE group (the defaults of its parameters) and replace a block's data with another RDF term.

A user's value never becomes query text by pasting: it is made into an rdflib term, written in
its N-Triples form (an escaped literal or a checked IRI) and put in place of the default term's
tokens, so the query keeps its structure and runs unchanged in any SPARQL 1.1 engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.term import Identifier

_TOKEN = re.compile(
    r'''(?P<space>\s+|\#[^\n]*)'''
    r'''|(?P<string>"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')'''
    r'''|(?P<iri><[^<>"{}|^`\\\s]*>)'''
    r'''|(?P<var>[?$][A-Za-z_0-9\u00B7-\uFFFF]+)'''
    r'''|(?P<open>\{)|(?P<close>\})'''
    r'''|(?P<word>[A-Za-z_][\w\-.:]*[\w\-:]|[A-Za-z_]|\^\^|@[A-Za-z]+(?:-[A-Za-z0-9]+)*)'''
    r'''|(?P<other>\S)'''
)
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


class TextError(ValueError):
    """The query text does not hold a parameter's VALUES block where the convention puts it."""


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class ValuesBlock:
    """`VALUES ?name { data }` at the head of the WHERE group; data spans text[start:end]."""

    name: str
    data: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """The query's tokens without spaces and comments; strings and IRIs are single tokens."""
    return [Token(m.lastgroup, m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text) if m.lastgroup != "space"]


def head_values(text: str) -> dict[str, ValuesBlock]:
    """The one-variable VALUES blocks that are the first elements of the outermost WHERE group."""
    found = tokens(text)
    opening = _where_brace(found)
    blocks: dict[str, ValuesBlock] = {}
    index = opening + 1 if opening is not None else len(found)
    while index + 2 < len(found) and found[index].text.upper() == "VALUES" and found[index + 1].kind == "var" \
            and found[index + 2].kind == "open":
        close = index + 3
        while close < len(found) and found[close].kind != "close":
            close += 1
        if close == len(found):
            break
        first, last = found[index + 3:close][:1], found[index + 3:close][-1:]
        start = first[0].start if first else found[index + 2].end
        end = last[0].end if last else start
        name = found[index + 1].text[1:]
        blocks[name] = ValuesBlock(name, text[start:end], start, end)
        index = close + 1
    return blocks


def _where_brace(found: list[Token]) -> int | None:
    """Index of the brace that opens the outermost WHERE group: the first after the keyword
    WHERE, or (WHERE being optional in SELECT and ASK) the first brace of the query."""
    words = [token.text.upper() if token.kind == "word" else "" for token in found]
    start = words.index("WHERE") if "WHERE" in words else 0
    if "WHERE" not in words and "CONSTRUCT" in words:
        return None
    return next((index for index in range(start, len(found)) if found[index].kind == "open"), None)


def term_for(value: object, default: str) -> Identifier:
    """The user's value as an RDF term of the default's kind: an IRI where the default is one,
    else a plain literal (typed like the default if the default is typed)."""
    if isinstance(value, Identifier):
        return value
    text = str(value).strip()
    if default.startswith("<"):
        iri = text[1:-1] if text.startswith("<") and text.endswith(">") else text
        if not iri or _IRI_FORBIDDEN.search(iri) or ":" not in iri:
            raise TextError(f"{text!r} is not an IRI")
        return URIRef(iri)
    datatype = re.search(r"\^\^<([^>]*)>\s*$", default)
    return Literal(text, datatype=URIRef(datatype[1])) if datatype else Literal(text)


def substitute(text: str, values: dict[str, Identifier]) -> str:
    """The query text with the data of each named head VALUES block replaced by one term."""
    blocks = head_values(text)
    missing = sorted(set(values) - set(blocks))
    if missing:
        raise TextError(f"no 'VALUES ?{missing[0]} {{ … }}' block opens the WHERE group")
    pieces, last = [], 0
    for block in sorted((blocks[name] for name in values), key=lambda block: block.start):
        pieces += [text[last:block.start], values[block.name].n3()]
        last = block.end
    return "".join(pieces) + text[last:]
