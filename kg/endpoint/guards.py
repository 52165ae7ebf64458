"""Checks a query passes before any engine parses it: size, nesting depth, and no outbound requests.

Oxigraph's and rdflib's parsers recurse once per nesting level: 5,000 nested parentheses overflow
the stack and kill the process, so depth is counted here first. `SERVICE` makes the engine fetch a
URL (a public endpoint would become a proxy into the host's network): it is refused unless the
target is on an explicit allow-list.
"""

from __future__ import annotations

import re
from typing import Iterable, Mapping

MAX_QUERY_CHARS = 100_000
MAX_DEPTH = 100

_SKIPPED = r'''"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>|#[^\n]*'''
_TOKENS = re.compile(
    rf"(?P<service>\bSERVICE\s+(?:SILENT\s+)?(?P<target><[^<>\"{{}}|^`\\\s]*>|[?$]\w+|[\w\-.]*:[\w\-.]*))"
    rf"|(?P<skip>{_SKIPPED})|(?P<open>[({{\[])|(?P<close>[)}}\]])",
    re.IGNORECASE,
)
_PREFIX = re.compile(r"\bPREFIX\s+([\w\-.]*):\s*<([^>]*)>", re.IGNORECASE)


class QueryRejected(ValueError):
    """A query refused before evaluation; the message is one line, naming what to change."""


def check_query(text: str, allowed_services: Iterable[str] = (), prefixes: Mapping[str, str] | None = None,
                max_chars: int = MAX_QUERY_CHARS, max_depth: int = MAX_DEPTH) -> None:
    """Raise QueryRejected if `text` is too long, nested too deep, or calls a service not allowed."""
    if len(text) > max_chars:
        raise QueryRejected(f"query of {len(text):,} characters is longer than the limit of {max_chars:,}")
    declared = {**(prefixes or {}), **dict(_PREFIX.findall(text))}
    allowed = tuple(allowed_services)
    depth = 0
    for token in _TOKENS.finditer(text):
        kind = token.lastgroup
        if kind == "open":
            depth += 1
            if depth > max_depth:
                raise QueryRejected(f"query nested deeper than {max_depth} levels of brackets")
        elif kind == "close":
            depth -= 1
        elif kind == "service":
            target = _resolve(token["target"], declared)
            if not any(_allows(rule, target) for rule in allowed):
                raise QueryRejected(f"SERVICE {target} refused: this endpoint makes no outbound requests "
                                    f"(allowed: {', '.join(allowed) or 'none'})")


def _resolve(target: str, prefixes: Mapping[str, str]) -> str:
    if target.startswith("<"):
        return target[1:-1]
    prefix, colon, local = target.partition(":")
    if colon and prefix in prefixes:
        return prefixes[prefix] + local
    return target


def _allows(rule: str, target: str) -> bool:
    """A URL on the allow-list allows itself, and everything below it when it ends with '/'."""
    return target == rule or (rule.endswith("/") and target.startswith(rule))
