"""A read-only SPARQL 1.1 Protocol endpoint over an Oxigraph store, with the research questions.

GET and POST queries at /sparql, results by content negotiation (SPARQL JSON, XML, CSV, TSV;
Turtle, N-Triples, JSON-LD or RDF/XML for CONSTRUCT and DESCRIBE), updates refused with 403,
a time limit and a result-size limit per query, CORS for browser clients, the research questions
at /queries (each runnable at /queries/NAME), and the HTML network (if given) at /.
"""

from __future__ import annotations

import html
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from time import monotonic
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg.query import QueryError, StoredQuery

RESULT_TYPES = {  # media type -> format, for SELECT and ASK
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
}
GRAPH_TYPES = {  # media type -> format, for CONSTRUCT and DESCRIBE
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/json": ox.RdfFormat.JSON_LD,
}
UPDATE_TYPE = "application/sparql-update"
QUERY_TYPE = "application/sparql-query"
FORM_TYPE = "application/x-www-form-urlencoded"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type",
}


class QueryRefused(Exception):
    """A query that is answered with an HTTP error status and a one-line reason."""

    def __init__(self, status: HTTPStatus, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass
class Endpoint:
    """What the server answers from: the store, the limits, the research questions, the page at /."""

    store: ox.Store
    timeout: float = 10.0
    max_result_bytes: int = 50_000_000
    prefixes: dict[str, str] = field(default_factory=dict)
    queries: dict[str, StoredQuery] = field(default_factory=dict)
    index_html: Path | None = None
    workers: int = 8
    _pool: ThreadPoolExecutor | None = None

    def pool(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="sparql")
        return self._pool

    def answer(self, text: str, accept: str) -> tuple[str, bytes]:
        """The media type and body answering query `text`; QueryRefused when it cannot be answered."""
        deadline = monotonic() + self.timeout
        future = self.pool().submit(self._evaluate, text, accept, deadline)
        try:
            return future.result(timeout=self.timeout)
        except FutureTimeout:
            raise QueryRefused(HTTPStatus.SERVICE_UNAVAILABLE,
                               f"query stopped after the time limit of {self.timeout:g} s") from None

    def _evaluate(self, text: str, accept: str, deadline: float) -> tuple[str, bytes]:
        try:
            result = self.store.query(text, prefixes=self.prefixes)
        except SyntaxError as error:
            raise QueryRefused(HTTPStatus.BAD_REQUEST, f"not a valid SPARQL query: {error}") from None
        except OSError as error:
            raise QueryRefused(HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {error}") from None
        output = BoundedOutput(self.max_result_bytes, deadline)
        try:
            graph_result = isinstance(result, ox.QueryTriples)
            formats = GRAPH_TYPES if graph_result else RESULT_TYPES
            media_type = negotiate(accept, formats)
            if graph_result:
                ox.serialize(result, output, formats[media_type], prefixes=self.prefixes)
            else:
                result.serialize(output, formats[media_type])
        except (ResultTooLarge, ResultTooSlow) as error:
            raise QueryRefused(error.status, str(error)) from None
        finally:
            result = None  # pyoxigraph results must be dropped on the thread that made them
        return media_type, output.getvalue()


class ResultTooLarge(Exception):
    status = HTTPStatus.REQUEST_ENTITY_TOO_LARGE


class ResultTooSlow(Exception):
    status = HTTPStatus.SERVICE_UNAVAILABLE


class BoundedOutput:
    """A byte buffer that stops serialisation past a size or a deadline (results stream into it)."""

    def __init__(self, max_bytes: int, deadline: float):
        self.parts: list[bytes] = []
        self.size = 0
        self.max_bytes = max_bytes
        self.deadline = deadline

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.max_bytes:
            raise ResultTooLarge(f"result larger than the limit of {self.max_bytes:,} bytes; add a LIMIT")
        if monotonic() > self.deadline:
            raise ResultTooSlow("query stopped after the time limit")
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def negotiate(accept: str, offered: dict[str, object]) -> str:
    """The offered media type the Accept header prefers (the first offered when anything goes)."""
    first = next(iter(offered))
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
            prefix = media_type.split("/")[0]
            return first if prefix == "*" else next((t for t in offered if t.startswith(prefix + "/")), first)
    raise QueryRefused(HTTPStatus.NOT_ACCEPTABLE, f"cannot answer in {accept!r}; offered: {', '.join(offered)}")


def make_handler(endpoint: Endpoint) -> type[BaseHTTPRequestHandler]:
    class Handler(SparqlHandler):
        pass

    Handler.endpoint = endpoint
    return Handler


class SparqlHandler(BaseHTTPRequestHandler):
    endpoint: Endpoint
    server_version = "clusterkg-sparql"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
        pass  # quiet: the load test sends thousands of requests

    def do_OPTIONS(self) -> None:  # noqa: N802 (http.server's naming)
        self.reply(HTTPStatus.NO_CONTENT, "text/plain", b"")

    def do_GET(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        params = parse_qs(url.query)
        self.route(url.path, params)

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query)
        if content_type == FORM_TYPE:
            params.update(parse_qs(body.decode("utf-8", errors="replace")))
        elif content_type == QUERY_TYPE:
            params["query"] = [body.decode("utf-8", errors="replace")]
        elif content_type == UPDATE_TYPE:
            params["update"] = [body.decode("utf-8", errors="replace")]
        self.route(url.path, params)

    def route(self, path: str, params: dict[str, list[str]]) -> None:
        try:
            if path in ("/sparql", "/sparql/"):
                self.sparql(params)
            elif path in ("/queries", "/queries/"):
                self.list_queries()
            elif path.startswith("/queries/"):
                self.named_query(path.removeprefix("/queries/"), params)
            elif path in ("/", "/index.html"):
                self.index()
            else:
                raise QueryRefused(HTTPStatus.NOT_FOUND, f"nothing at {path}; the endpoint is /sparql")
        except QueryRefused as refused:
            self.reply(refused.status, "text/plain; charset=utf-8", (refused.reason + "\n").encode())

    def sparql(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            raise QueryRefused(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL updates are refused")
        queries = params.get("query", [])
        if len(queries) != 1:
            raise QueryRefused(HTTPStatus.BAD_REQUEST, "give exactly one 'query' parameter")
        self.run(queries[0])

    def run(self, text: str) -> None:
        media_type, body = self.endpoint.answer(text, self.headers.get("Accept", ""))
        self.reply(HTTPStatus.OK, f"{media_type}; charset=utf-8", body)

    def named_query(self, name: str, params: dict[str, list[str]]) -> None:
        """Run a research question; its parameters come as ?name=value (defaults otherwise)."""
        query = self.endpoint.queries.get(name)
        if query is None:
            raise QueryRefused(HTTPStatus.NOT_FOUND, f"no research question named {name!r}; see /queries")
        try:
            text = query.text_with({key: values[-1] for key, values in params.items()})
        except QueryError as error:
            raise QueryRefused(HTTPStatus.BAD_REQUEST, str(error).replace("--param ", "?")) from None
        self.run(text)

    def list_queries(self) -> None:
        if "json" in (self.headers.get("Accept") or ""):
            listing = [{"name": q.name, "title": q.title, "url": f"/queries/{q.name}",
                        "parameters": {p.name: p.default_value for p in q.parameters}} for q in self.endpoint.queries.values()]
            self.reply(HTTPStatus.OK, "application/json", json.dumps(listing, indent=1).encode())
            return
        rows = "\n".join(
            f'<li><a href="/queries/{html.escape(q.name)}">{html.escape(q.name)}</a> — {html.escape(q.title)}'
            f"<p>{html.escape(q.question)}</p>{parameter_list(q)}"
            f"<details><summary>SPARQL</summary><pre>{html.escape(q.text)}</pre></details></li>"
            for q in self.endpoint.queries.values()
        )
        page = (
            "<!doctype html><html lang=en><meta charset=utf-8><title>clusterkg research questions</title>"
            "<h1>Research questions</h1><p>Each runs at <code>/queries/NAME</code> (results by content "
            "negotiation, JSON by default); your own queries go to <code>/sparql</code>.</p>"
            f"<ul>{rows}</ul></html>"
        )
        self.reply(HTTPStatus.OK, "text/html; charset=utf-8", page.encode())

    def index(self) -> None:
        page = self.endpoint.index_html
        if page is not None and page.is_file():
            self.reply(HTTPStatus.OK, "text/html; charset=utf-8", page.read_bytes())
            return
        body = ("<!doctype html><html lang=en><meta charset=utf-8><title>clusterkg SPARQL endpoint</title>"
                "<h1>clusterkg SPARQL endpoint</h1><p>SPARQL 1.1 Protocol at <a href=/sparql>/sparql</a>; "
                "research questions at <a href=/queries>/queries</a>.</p></html>")
        self.reply(HTTPStatus.OK, "text/html; charset=utf-8", body.encode())

    def reply(self, status: HTTPStatus, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in CORS_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


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


def make_server(endpoint: Endpoint, host: str = "127.0.0.1", port: int = 7878) -> ThreadingHTTPServer:
    """A threaded HTTP server for `endpoint` (not yet serving; port 0 picks a free one)."""
    server = ThreadingHTTPServer((host, port), make_handler(endpoint))
    server.daemon_threads = True
    return server


def serve_in_background(endpoint: Endpoint, host: str = "127.0.0.1", port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    """Start serving in a daemon thread; returns the server (call .shutdown()) and its /sparql URL."""
    server = make_server(endpoint, host, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    bound_host, bound_port = server.server_address[:2]
    return server, f"http://{bound_host}:{bound_port}/sparql"
