"""The endpoint's routes, as a Starlette (ASGI) application.

`/sparql` (SPARQL 1.1 Protocol; a GET without a query gives the service description), `/queries`
(the research questions) and `/queries/NAME?param=value`, `/id/{path}` (the graph's own IRIs, as
RDF by Accept), `/health`, and `/` (the network page). Every query passes the guards, is
negotiated before it runs, and runs in the worker pool.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Awaitable, Callable

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from kg.endpoint import pages
from kg.endpoint.answers import Answer, AnswerCache
from kg.endpoint.entities import entity
from kg.endpoint.description import service_description
from kg.endpoint.guards import MAX_DEPTH, QueryRejected, check_query
from kg.endpoint.protocol import GRAPH_TYPES, Operation, Refused, negotiate, offered_types, query_form, read_operation
from kg.endpoint.workers import WorkerPool
from kg.query import QueryError, StoredQuery

MAX_BODY_BYTES = 1_000_000
MAX_URL_BYTES = 16_384
READ_TIMEOUT = 10.0
QUERY_METHODS = ["GET", "HEAD", "POST"]


@dataclass
class Endpoint:
    """What the server answers from: the store, the limits, the research questions, the page at /."""

    store: ox.Store  # in memory: the query workers are forked over it
    timeout: float = 10.0
    max_result_bytes: int = 50_000_000
    prefixes: dict[str, str] = field(default_factory=dict)
    queries: dict[str, StoredQuery] = field(default_factory=dict)
    index_html: Path | None = None
    workers: int = 2
    max_concurrent: int = 64
    allowed_services: tuple[str, ...] = ()
    max_depth: int = MAX_DEPTH
    base: str = "https://w3id.org/clusterkg/id/"
    graph: Any = None  # the rdflib Graph over `store`, for HTML entity pages
    cache_bytes: int = 64_000_000
    pool: WorkerPool | None = None
    cache: AnswerCache | None = None
    active: int = 0

    async def answer(self, operation: Operation, accept: str | None, offered: dict[str, str] | None = None,
                     base_iri: str | None = None) -> Response:
        """Guard, negotiate and run one query (relative IRIs against `base_iri`); the response, or Refused."""
        try:
            check_query(operation.query, self.allowed_services, self.prefixes, max_depth=self.max_depth)
        except QueryRejected as error:
            raise Refused(400, str(error)) from None
        offered = offered or offered_types(query_form(operation.query))
        media_type = negotiate(accept, offered)
        if self.active >= self.max_concurrent:
            raise Refused(503, f"more than {self.max_concurrent} queries at once; try again", {"Retry-After": "1"})
        self.active += 1
        try:
            answer = await self.pool.run({"query": operation.query, "media_type": media_type,
                                          "format": offered[media_type], "default_graphs": operation.default_graphs,
                                          "named_graphs": operation.named_graphs, "base_iri": base_iri},
                                         self.timeout)
        finally:
            self.active -= 1
        if answer.status != 200:
            raise Refused(answer.status, answer.reason)
        headers = {"X-Triples": str(answer.triples)} if answer.triples is not None else None
        return Response(answer.body, media_type=f"{media_type}; charset=utf-8", headers=headers)


async def read_body(request: Request) -> bytes:
    """The request body, refused past MAX_BODY_BYTES (413) or READ_TIMEOUT seconds (408)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise Refused(413, f"request body larger than the limit of {MAX_BODY_BYTES:,} bytes")
    chunks, size = [], 0

    async def collect() -> None:
        nonlocal size
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                raise Refused(413, f"request body larger than the limit of {MAX_BODY_BYTES:,} bytes")
            chunks.append(chunk)

    try:
        await asyncio.wait_for(collect(), READ_TIMEOUT)
    except asyncio.TimeoutError:
        raise Refused(408, f"request body not received within {READ_TIMEOUT:g} s") from None
    return b"".join(chunks)


async def kept_or_answered(request: Request, body: bytes, answer: Callable[[], Awaitable[Response]]) -> Response:
    """The answer given before to the same request (same URL, body, content type and Accept), else
    `answer()`, kept when it is a 200: the graph does not change while it is served."""
    cache: AnswerCache | None = request.app.state.endpoint.cache
    if cache is None:
        return await answer()
    headers = request.headers
    key = (headers.get("host"), request.url.path, request.url.query, headers.get("content-type"), body,
           headers.get("accept"))
    kept = cache.get(key)
    if kept is not None:
        return Response(kept.body, media_type=kept.media_type, headers=kept.headers)
    response = await answer()
    if response.status_code == 200:
        triples = response.headers.get("x-triples")
        cache.put(key, Answer(response.body, response.media_type, {"X-Triples": triples} if triples else None))
    return response


async def sparql(request: Request) -> Response:
    body = await read_body(request) if request.method == "POST" else b""
    return await kept_or_answered(request, body, lambda: answer_sparql(request, body))


async def answer_sparql(request: Request, body: bytes) -> Response:
    endpoint: Endpoint = request.app.state.endpoint
    operation = read_operation(request.method, request.url.query, request.headers.get("content-type"), body)
    url = str(request.url.replace(query="", fragment=""))
    if operation is None:
        media_type = negotiate(request.headers.get("accept"), {"text/turtle": "turtle", **GRAPH_TYPES})
        return Response(service_description(endpoint.store, url, GRAPH_TYPES[media_type] if media_type in GRAPH_TYPES
                                            else "turtle"), media_type=f"{media_type}; charset=utf-8")
    return await endpoint.answer(operation, request.headers.get("accept"), base_iri=url)


async def named_query(request: Request) -> Response:
    """A research question; its parameters come as ?name=value (defaults otherwise)."""
    return await kept_or_answered(request, b"", lambda: answer_named_query(request))


async def answer_named_query(request: Request) -> Response:
    endpoint: Endpoint = request.app.state.endpoint
    name = request.path_params["name"]
    stored = endpoint.queries.get(name)
    if stored is None:
        raise Refused(404, f"no research question named {name!r}; see /queries")
    try:
        text = research_query_text(stored, dict(request.query_params))
    except QueryError as error:
        raise Refused(400, str(error).replace("--param ", "?")) from None
    return await endpoint.answer(Operation(text), request.headers.get("accept"))


def research_query_text(stored: StoredQuery, values: dict[str, str]) -> str:
    """The text of a research question with the user's values in its VALUES blocks."""
    return stored.text_with(values)


async def list_queries(request: Request) -> Response:
    queries = request.app.state.endpoint.queries.values()
    if "json" in (request.headers.get("accept") or ""):
        return JSONResponse([{"name": q.name, "title": q.title, "url": f"/queries/{q.name}",
                              "parameters": {p.name: p.default_value for p in q.parameters}} for q in queries])
    return Response(pages.queries_page(queries), media_type="text/html; charset=utf-8")


async def index(request: Request) -> Response:
    page = request.app.state.endpoint.index_html
    if page is not None and page.is_file():
        return Response(page.read_bytes(), media_type="text/html; charset=utf-8")
    return Response(pages.HOME, media_type="text/html; charset=utf-8")


async def health(request: Request) -> Response:
    """200 while the pool has workers (a killed one is replaced within a fraction of a second), else 503."""
    endpoint: Endpoint = request.app.state.endpoint
    workers = len(endpoint.pool.workers)
    return JSONResponse({"status": "ok" if workers else "starting", "workers": workers,
                         "idle": endpoint.pool.idle.qsize(), "queries_running": endpoint.active,
                         "answers_kept": len(endpoint.cache.entries) if endpoint.cache else 0,
                         "answers_reused": endpoint.cache.hits if endpoint.cache else 0},
                        status_code=200 if workers else 503)


async def refused(request: Request, error: Refused) -> Response:
    return PlainTextResponse(error.reason + "\n", status_code=error.status, headers=error.headers)


def make_app(endpoint: Endpoint) -> Starlette:
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        endpoint.cache = AnswerCache(endpoint.cache_bytes) if endpoint.cache_bytes > 0 else None
        endpoint.pool = WorkerPool(endpoint.store, endpoint.prefixes, endpoint.workers, endpoint.max_result_bytes)
        await endpoint.pool.start()
        try:
            yield
        finally:
            await endpoint.pool.close()

    routes = [
        Route("/sparql", sparql, methods=QUERY_METHODS),
        Route("/sparql/", sparql, methods=QUERY_METHODS),
        Route("/queries", list_queries, methods=["GET", "HEAD"]),
        Route("/queries/{name}", named_query, methods=["GET", "HEAD"]),
        Route("/id/{path:path}", entity, methods=["GET", "HEAD"]),
        Route("/health", health, methods=["GET", "HEAD"]),
        Route("/", index, methods=["GET", "HEAD"]),
        Route("/index.html", index, methods=["GET", "HEAD"]),
    ]
    cors = Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                      allow_headers=["Accept", "Content-Type"])
    app = Starlette(routes=routes, middleware=[cors, Middleware(LimitUrl)], lifespan=lifespan,
                    exception_handlers={Refused: refused})
    app.state.endpoint = endpoint
    return app


class LimitUrl:
    """ASGI middleware: 414 for a URL longer than MAX_URL_BYTES (long queries belong in a POST)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"") > MAX_URL_BYTES:
            response = PlainTextResponse(f"URL longer than {MAX_URL_BYTES:,} bytes; send the query by POST\n", 414)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
