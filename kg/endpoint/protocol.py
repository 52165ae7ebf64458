"""The SPARQL 1.1 Protocol for a read-only endpoint: what a request asks, and in which format to answer.

A query comes by GET (`?query=`), by POST of a form, or by POST of the query itself
(`application/sparql-query`, UTF-8); `default-graph-uri` and `named-graph-uri` set the dataset
(they win over FROM and FROM NAMED). Results are negotiated by the Accept header among the formats
the query form has: the SPARQL results formats for SELECT (CSV and TSV are defined for SELECT
results only, so ASK answers in JSON or XML), RDF formats for CONSTRUCT and DESCRIBE; anything
else is 406.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
}
ASK_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "application/json": "json",
    "application/xml": "xml",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "n-triples",
    "application/rdf+xml": "rdf-xml",
    "application/ld+json": "json-ld",
    "application/json": "json-ld",
}
FORM_TYPE = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*|BASE\s*<[^>]*>|PREFIX\s+[\w\-.]*:\s*<[^>]*>)*", re.IGNORECASE)
_FORM = re.compile(r"(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


class Refused(Exception):
    """A request answered with an HTTP error status, a one-line reason and maybe extra headers."""

    def __init__(self, status: int, reason: str, headers: dict[str, str] | None = None):
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.headers = headers or {}


@dataclass(frozen=True)
class Operation:
    """A query and the dataset the request gives it (empty lists: the store's own dataset)."""

    query: str
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)


def read_operation(method: str, url_query: str, content_type: str | None, body: bytes) -> Operation | None:
    """The query operation a request carries; None for a plain GET (the service description)."""
    params = parse_qsl(url_query, keep_blank_values=True)
    media_type, charset = _media_type(content_type)
    if method == "POST":
        if media_type == FORM_TYPE:
            params += parse_qsl(_utf8(body, charset), keep_blank_values=True)
        elif media_type == QUERY_TYPE:
            params.append(("query", _utf8(body, charset)))
        elif media_type == UPDATE_TYPE:
            params.append(("update", ""))
        else:
            raise Refused(415, f"POST a query as {FORM_TYPE} or {QUERY_TYPE}, not {media_type or 'no media type'}")
    names = [name for name, _ in params]
    if "update" in names or "using-graph-uri" in names or "using-named-graph-uri" in names:
        raise Refused(403 if method == "POST" else 400, "this endpoint is read-only: SPARQL updates are refused")
    queries = [value for name, value in params if name == "query"]
    if not queries:
        if method == "POST":
            raise Refused(400, "give a 'query' parameter")
        return None
    if len(queries) > 1:
        raise Refused(400, "give exactly one 'query' parameter")
    return Operation(queries[0], [v for n, v in params if n == "default-graph-uri"],
                     [v for n, v in params if n == "named-graph-uri"])


def _media_type(header: str | None) -> tuple[str, str]:
    media_type, *params = [part.strip() for part in (header or "").split(";")]
    charset = next((p.split("=", 1)[1].strip().strip('"').lower() for p in params if p.lower().startswith("charset=")),
                   "utf-8")
    return media_type.lower(), charset


def _utf8(body: bytes, charset: str) -> str:
    if charset not in ("utf-8", "utf8"):
        raise Refused(415, f"send the query in UTF-8, not {charset}")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, "the request body is not valid UTF-8") from None


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE, read after the prologue; None if it is none of them."""
    match = _FORM.match(text, _PROLOGUE.match(text).end())
    return match[1].upper() if match else None


def offered_types(form: str | None) -> dict[str, str]:
    if form == "ASK":
        return ASK_TYPES
    return GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else SELECT_TYPES


def negotiate(accept: str | None, offered: dict[str, str]) -> str:
    """The offered media type the Accept header prefers (the first offered when anything goes); else 406."""
    ranked = []
    for position, item in enumerate((accept or "*/*").split(",")):
        media_type, *params = [part.strip() for part in item.split(";")]
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranked.append((-quality, position, media_type.lower()))
    for negative_quality, _, media_type in sorted(ranked):
        if negative_quality == 0:
            break
        if media_type in offered:
            return media_type
        if media_type in ("*/*", "application/*", "text/*"):
            family = media_type.split("/")[0]
            matching = [t for t in offered if family == "*" or t.startswith(family + "/")]
            if matching:
                return matching[0]
    raise Refused(406, f"cannot answer this query in {accept!r}; offered: {', '.join(offered)}")
