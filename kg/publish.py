"""Push the graph into an existing triple store by the SPARQL 1.1 Graph Store HTTP Protocol.

The graph is sent as N-Triples (valid Turtle) in batches: a PUT replaces the target graph with the
first batch, POSTs add the rest, so that stores with a request-size limit take large graphs too.
Blank-node triples all travel in the first batch, keeping each blank node one node.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
import requests
from requests.auth import HTTPBasicAuth, HTTPDigestAuth
from rdflib import Graph

from kg.export import _to_oxigraph
from kg.store import engine_of

BATCH_LINES = 200_000
CONTENT_TYPE = "text/turtle; charset=utf-8"  # N-Triples is Turtle, and every store reads Turtle


@dataclass(frozen=True)
class Published:
    triples: int
    requests: int


class PublishError(ValueError):
    """The store refused the graph; the message gives its status and first line of its answer."""


def ntriples_lines(graph: Graph) -> list[bytes]:
    """The graph as N-Triples lines, blank-node triples first."""
    engine = engine_of(graph)
    if engine is not None:
        data = engine.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    else:
        data = ox.serialize((ox.Triple(*(_to_oxigraph(t) for t in triple)) for triple in graph),
                            format=ox.RdfFormat.N_TRIPLES)
    lines = data.splitlines(keepends=True)
    return sorted(lines, key=lambda line: b"_:" not in line)


def choose_auth(endpoint: str, user: str | None, password: str | None, timeout: float):
    """Digest or basic authentication, as the store's 401 answer asks (none without a user)."""
    if not user:
        return None
    challenge = requests.head(endpoint, timeout=timeout).headers.get("WWW-Authenticate", "")
    if challenge.lower().startswith("digest"):
        return HTTPDigestAuth(user, password or "")
    return HTTPBasicAuth(user, password or "")


def publish(graph: Graph, endpoint: str, graph_iri: str | None = None, user: str | None = None,
            password: str | None = None, timeout: float = 300.0) -> Published:
    """Replace the graph `graph_iri` (the store's default graph if None) at `endpoint` with `graph`."""
    target = {"graph": graph_iri} if graph_iri else {"default": ""}
    auth = choose_auth(endpoint, user, password, timeout)
    lines = ntriples_lines(graph)
    batches = [lines[start:start + BATCH_LINES] for start in range(0, len(lines), BATCH_LINES)] or [[]]
    with requests.Session() as session:
        session.auth = auth
        for number, batch in enumerate(batches):
            method = session.put if number == 0 else session.post
            try:
                response = method(endpoint, params=target, data=b"".join(batch),
                                  headers={"Content-Type": CONTENT_TYPE}, timeout=timeout)
            except requests.RequestException as error:
                raise PublishError(f"{endpoint}: cannot reach the store: {error}") from None
            if response.status_code >= 300:
                first_line = (response.text.strip().splitlines() or [""])[0][:200]
                raise PublishError(f"{endpoint}: the store answered {response.status_code} {response.reason}: {first_line}")
    return Published(triples=len(lines), requests=len(batches))
