"""The endpoint's own small HTML pages: the home page and the list of research questions."""

from __future__ import annotations

import html
from typing import Iterable

from kg.query import StoredQuery

HOME = ("<!doctype html><html lang=en><meta charset=utf-8><title>clusterkg SPARQL endpoint</title>"
        "<h1>clusterkg SPARQL endpoint</h1><p>SPARQL 1.1 Protocol at <a href=/sparql>/sparql</a> (a GET "
        "without a query describes the service); research questions at <a href=/queries>/queries</a>.</p></html>")


def queries_page(queries: Iterable[StoredQuery]) -> str:
    rows = "\n".join(
        f'<li><a href="/queries/{html.escape(q.name)}">{html.escape(q.name)}</a> — {html.escape(q.title)}'
        f"<p>{html.escape(q.question)}</p>{parameter_list(q)}"
        f"<details><summary>SPARQL</summary><pre>{html.escape(q.text)}</pre></details></li>"
        for q in queries
    )
    return ("<!doctype html><html lang=en><meta charset=utf-8><title>clusterkg research questions</title>"
            "<h1>Research questions</h1><p>Each runs at <code>/queries/NAME</code> (results by content "
            "negotiation, JSON by default); your own queries go to <code>/sparql</code>.</p>"
            f"<ul>{rows}</ul></html>")


def parameter_list(query: StoredQuery) -> str:
    """The parameters of a question as HTML (?name=value in its URL), or nothing."""
    if not query.parameters:
        return ""
    items = "".join(
        f"<li><code>?{html.escape(p.name)}=</code> {html.escape(p.description)}"
        + f" (default {html.escape(p.default_value)})</li>"
        for p in query.parameters
    )
    return f"<ul>{items}</ul>"
