"""Push the graph into an existing triple store, all or nothing.

The graph travels as N-Triples (valid Turtle) by the SPARQL 1.1 Graph Store HTTP Protocol. A graph
that fits in one request is sent with one PUT, which replaces the target graph at once. A larger one
goes in batches into a fresh temporary graph (a PUT, then POSTs); only when every batch is in does
one SPARQL Update `MOVE` replace the target with it. If any request fails, the temporary graph is
dropped and the target graph is left as it was. Blank-node triples all travel in the first batch,
keeping each blank node one node.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

import pyoxigraph as ox
import requests
from requests.auth import HTTPBasicAuth, HTTPDigestAuth
from rdflib import Graph

from kg.export import _to_oxigraph
from kg.store import engine_of

BATCH_LINES = 200_000
DEFAULT_TIMEOUT = 60.0
CONTENT_TYPE = "text/turtle; charset=utf-8"  # N-Triples is Turtle, and every store reads Turtle
STAGING = "urn:clusterkg:staging:"
UPDATE_ENDPOINTS = [  # Graph Store URL -> SPARQL Update URL of the same store
    (re.compile(r"/sparql-graph-crud-auth/?$"), "/sparql-auth"),  # Virtuoso
    (re.compile(r"/sparql-graph-crud/?$"), "/sparql"),  # Virtuoso
    (re.compile(r"/data/?$"), "/update"),  # Fuseki
    (re.compile(r"/rdf-graphs/service/?$"), "/statements"),  # GraphDB, RDF4J
]


@dataclass(frozen=True)
class Published:
    triples: int
    requests: int


class PublishError(ValueError):
    """Publishing failed; the message is one line naming the host and the cause."""


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


def update_endpoint_for(endpoint: str) -> str | None:
    """The SPARQL Update URL of a store known by its Graph Store URL (Virtuoso, Fuseki, GraphDB, RDF4J)."""
    for pattern, replacement in UPDATE_ENDPOINTS:
        if pattern.search(endpoint):
            return pattern.sub(replacement, endpoint)
    return None


class RemoteStore:
    """The remote store: its Graph Store and Update URLs, a session, and one-line errors."""

    def __init__(self, endpoint: str, update_endpoint: str | None, user: str | None, password: str | None,
                 timeout: float):
        if not endpoint.startswith(("http://", "https://")):
            raise ValueError(f"--endpoint must be an http:// or https:// URL, got {endpoint!r}")
        self.endpoint, self.update_endpoint, self.timeout = endpoint, update_endpoint, timeout
        self.host = urlsplit(endpoint).netloc
        self.session = requests.Session()
        if user:
            challenge = self.request("HEAD", endpoint, check=False).headers.get("WWW-Authenticate", "")
            auth = HTTPDigestAuth if challenge.lower().startswith("digest") else HTTPBasicAuth
            self.session.auth = auth(user, password or "")
            # Sign in on a request without a body: a store that refuses the login may answer 401 to an
            # upload before reading it and cut the connection, which the client sees as a reset.
            signed_in = self.request("HEAD", endpoint, check=False)
            if signed_in.status_code == 401:
                raise PublishError(f"{self.host}: the store answered 401 {signed_in.reason}: wrong user or password")

    def request(self, method: str, url: str, check: bool = True, **options) -> requests.Response:
        try:
            response = self.session.request(method, url, timeout=self.timeout, **options)
        except requests.RequestException as error:
            raise PublishError(f"{self.host}: {cause(error, self.timeout)}") from None
        if check and response.status_code >= 300:
            first_line = (response.text.strip().splitlines() or [""])[0][:200]
            raise PublishError(f"{self.host}: the store answered {response.status_code} {response.reason}: {first_line}")
        return response

    def send(self, method: str, graph: dict[str, str], batch: list[bytes]) -> None:
        self.request(method, self.endpoint, params=graph, data=b"".join(batch), headers={"Content-Type": CONTENT_TYPE})

    def update(self, text: str) -> None:
        self.request("POST", self.update_endpoint, data=text.encode("utf-8"),
                     headers={"Content-Type": "application/sparql-update"})


def cause(error: requests.RequestException, timeout: float) -> str:
    """What went wrong with a request, in a few words."""
    if isinstance(error, requests.ConnectTimeout):
        return f"no connection within {timeout:g} s"
    if isinstance(error, requests.ReadTimeout):
        return f"the store did not answer within {timeout:g} s (--timeout)"
    text = str(error)
    for marker, words in (("Name or service not known", "host name not found"),
                          ("Temporary failure in name resolution", "host name not found"),
                          ("Connection refused", "connection refused"),
                          ("Connection reset", "connection reset by the store"),
                          ("RemoteDisconnected", "the store closed the connection without answering")):
        if marker in text:
            return words
    return text.splitlines()[0][:200]


def publish(graph: Graph, endpoint: str, graph_iri: str | None = None, user: str | None = None,
            password: str | None = None, timeout: float = DEFAULT_TIMEOUT, update_endpoint: str | None = None,
            batch_lines: int = BATCH_LINES, progress: Callable[[int, int], None] | None = None) -> Published:
    """Replace the graph `graph_iri` (the store's default graph if None) at `endpoint` with `graph`,
    all or nothing; `progress(sent, total)` is called after each batch."""
    lines = ntriples_lines(graph)
    batches = [lines[start:start + batch_lines] for start in range(0, len(lines), batch_lines)] or [[]]
    target = {"graph": graph_iri} if graph_iri else {"default": ""}
    update_endpoint = update_endpoint or update_endpoint_for(endpoint)
    if len(batches) > 1 and update_endpoint is None:
        raise ValueError(f"{len(lines):,} triples need {len(batches)} requests, replaced all at once with SPARQL "
                         "Update MOVE: give the store's --update-endpoint")
    store = RemoteStore(endpoint, update_endpoint, user, password, timeout)
    if len(batches) == 1:
        store.send("PUT", target, batches[0])
        if progress:
            progress(len(lines), len(lines))
        return Published(triples=len(lines), requests=1)
    staging = f"{STAGING}{uuid.uuid4()}"
    try:
        sent = 0
        for number, batch in enumerate(batches):
            store.send("PUT" if number == 0 else "POST", {"graph": staging}, batch)
            sent += len(batch)
            if progress:
                progress(sent, len(lines))
        store.update(f"MOVE <{staging}> TO {f'<{graph_iri}>' if graph_iri else 'DEFAULT'}")
    except PublishError:
        try:
            store.update(f"DROP SILENT GRAPH <{staging}>")
        except PublishError:
            pass  # the store is unreachable: the staging graph stays, the target is untouched either way
        raise
    return Published(triples=len(lines), requests=len(batches) + 1)
