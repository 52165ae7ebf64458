"""Dereferencing the graph's own IRIs: GET /id/{path} answers for <BASE{path}> (BASE: the data's base).

RDF by Accept (Turtle, N-Triples, JSON-LD, RDF/XML): the triples with that subject, plus the labels
of the resources it links to. HTML (when the endpoint has an rdflib graph): the entity's page of the
static site (kg.site). PAGE_RENDERERS maps a media type to a function(graph, iri) -> text or None.
"""

from __future__ import annotations

import asyncio
from typing import Callable

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import Response

from kg.endpoint.protocol import GRAPH_TYPES, Operation, Refused, negotiate


def html_page(graph, iri: str) -> str | None:
    from kg.site import entity_page  # Jinja and the site's queries: only when a page is asked for

    return entity_page(graph, iri)


PAGE_RENDERERS: dict[str, Callable[[object, str], str | None]] = {"text/html": html_page}
LABELS = ("<http://www.w3.org/2000/01/rdf-schema#label>", "<http://www.w3.org/2004/02/skos/core#prefLabel>")


def describe_query(iri: str) -> str:
    """A CONSTRUCT of the triples about `iri` and the labels of what it links to."""
    subject = str(ox.NamedNode(iri))  # raises ValueError for a string that is not an IRI
    return (f"CONSTRUCT {{ {subject} ?p ?o . ?o ?lp ?label }} WHERE {{ {subject} ?p ?o "
            f"OPTIONAL {{ ?o ?lp ?label FILTER(?lp IN ({', '.join(LABELS)})) }} }}")


async def entity(request: Request) -> Response:
    endpoint = request.app.state.endpoint
    iri = endpoint.base + request.path_params["path"]
    try:
        text = describe_query(iri)
    except ValueError:
        raise Refused(404, f"not an IRI of this graph: {iri}") from None
    pages = PAGE_RENDERERS if endpoint.graph is not None else {}
    offered = {**GRAPH_TYPES, **{media_type: media_type for media_type in pages}}
    media_type = negotiate(request.headers.get("accept"), offered)
    if media_type in pages:
        async with endpoint.pool.reading_store():
            page = await asyncio.to_thread(pages[media_type], endpoint.graph, iri)
        if page is None:
            raise Refused(404, f"no page for <{iri}>")
        return Response(page, media_type=f"{media_type}; charset=utf-8")
    response = await endpoint.answer(Operation(text), media_type, GRAPH_TYPES)
    if response.headers.get("x-triples") == "0":
        raise Refused(404, f"nothing is known about <{iri}>")
    return response
