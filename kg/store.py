"""Where the graph's triples live: rdflib's in-memory store, or Oxigraph in memory or on disk.

Every store is seen through rdflib's `Graph` API, where SPARQL queries, parsing and serialising
run in Oxigraph's engine on Oxigraph (through oxrdflib, kg.oxrdflib_store). A kept store or a
loaded file is read through OxigraphGraph: the query part of that API only, without oxrdflib, for
a fast start. A store is named by a short text: `memory`, `oxigraph` (in memory) or
`oxigraph:PATH` (a persistent store in the folder PATH, kept by kg.cache: reused while the data
are unchanged, rebuilt when they change).
"""

from __future__ import annotations

import argparse
import os
import re
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.query import Result, ResultRow
from rdflib.term import Node

from kg import cache, cells, sort_rows

MEMORY = "memory"
OXIGRAPH = "oxigraph"
DEFAULT_STORE = OXIGRAPH  # the fast engine, for the library functions that query
STORE_ENV = "CLUSTERKG_STORE"  # folder of the commands' persistent store (default: out/store, as build writes it)
STORE_CHOICES = "memory|oxigraph|oxigraph:PATH"
FILE_STORES = "files"  # subfolder of a kept store's folder for stores loaded from RDF files
RDF_FORMATS = {  # file suffix -> Oxigraph format, for loading files straight into the engine
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


class OxigraphGraph:
    """A read-only graph over an Oxigraph store with the part of rdflib's Graph API that queries use
    (query, namespaces, bind, len, iteration): answering from a kept store needs neither oxrdflib
    nor rdflib's SPARQL engine, so a command starts fast. Literals come back as populated."""

    def __init__(self, engine: ox.Store, prefixes: dict[str, str] | None = None):
        self.engine = engine
        self._prefixes = dict(prefixes or {})

    def namespaces(self):
        for prefix, namespace in self._prefixes.items():
            yield prefix, URIRef(namespace)

    def bind(self, prefix: str, namespace, override: bool = True, replace: bool = False) -> None:
        if override or prefix not in self._prefixes:
            self._prefixes[prefix] = str(namespace)

    def __len__(self) -> int:
        return count(self.engine)

    def __iter__(self):
        """Every triple of the default graph, as rdflib terms (for copying into another store)."""
        for quad in self.engine.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            yield rdflib_term(quad.subject), rdflib_term(quad.predicate), rdflib_term(quad.object)

    def query(self, query: str, initNs=None, initBindings=None, **kwargs) -> Result:  # noqa: N803 (rdflib's names)
        if kwargs:
            raise TypeError(f"unsupported query options: {', '.join(kwargs)}")
        return answer(self.engine, query, {**self._prefixes, **(initNs or {})}, initBindings)


def count(engine: ox.Store) -> int:
    """Triples in the store's default graph: Oxigraph's own count (no query) when it has no named graphs."""
    if next(iter(engine.named_graphs()), None) is None:
        return len(engine)
    found = engine.query("SELECT (COUNT(*) AS ?c) WHERE { ?s ?p ?o }")
    return int(next(iter(found))[0].value)


def answer(engine: ox.Store, query: str, prefixes: dict, bindings: dict | None = None, **options) -> Result:
    """Run the query in Oxigraph as an rdflib Result (a SELECT's values read as kg.cells, each
    distinct one converted once)."""
    if bindings:
        query = with_values(query, bindings)
    found = sort_rows.answer(  # ORDER BY with a total order: pyoxigraph's sort can abort
        engine, query, prefixes={prefix: str(namespace) for prefix, namespace in prefixes.items()}, **options)
    if isinstance(found, ox.QuerySolutions):
        found = cells.read(found)
    if isinstance(found, ox.QueryBoolean):
        result = Result("ASK")
        result.askAnswer = bool(found)
    elif isinstance(found, cells.Table):
        result = Rows([Variable(name) for name in found.names], [tuple(map(cells.term, row)) for row in found.rows])
    else:
        result = Result("CONSTRUCT")
        result.graph = Graph()
        result.graph += ((rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object)) for t in found)
    return result


class Rows(Result):
    """A SELECT answer kept as rows of values in the order of `vars` (None where unbound). Iterating
    gives rdflib's rows, sharing one map of column names (rdflib makes one per row); the bindings,
    dicts as in rdflib's Result, are made when first read."""

    def __init__(self, variables: list[Variable], rows: list[tuple]):
        super().__init__("SELECT")
        self.vars, self._rows = variables, rows

    @property
    def bindings(self) -> list[dict]:
        if self._bindings is None:
            self._bindings = [{var: value for var, value in zip(self.vars, row) if value is not None}
                              for row in self._rows]
        return self._bindings

    def __iter__(self):
        labels = {str(var): index for index, var in enumerate(self.vars)}
        unbound = (None,) * len(self.vars)
        for values in self._rows:
            if values != unbound:  # as rdflib: a row that binds nothing is not shown
                row = tuple.__new__(ResultRow, values)
                row.labels = labels
                yield row


def from_oxigraph(term) -> Node | None:
    """An Oxigraph term as the rdflib term the populator writes: `"x"^^xsd:string` as plain `"x"`,
    xsd:decimal with its digits in full (Oxigraph gives them in canonical form); None stays None."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        return cells.rdflib_literal(term.value, term.datatype.value, term.language)
    raise ValueError(f"unsupported term in an answer: {term}")


# The last 65,536 terms of quads converted (CONSTRUCT answers, copies of a store): a term's
# conversion never changes, and building an rdflib Literal (about 5 µs) costs more than Oxigraph's
# reading it. A SELECT answer's values are kg.cells, with a cache of their own.
rdflib_term = lru_cache(maxsize=1 << 16)(from_oxigraph)


def to_oxigraph(term):
    """An rdflib term as an Oxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal) and term.language:
        return ox.Literal(str(term), language=term.language)
    if isinstance(term, Literal) and term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


# Tokens of SPARQL text that may hold a brace or the word WHERE without meaning it.
_SKIPPED = r'''"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>|#[^\n]*'''
_TOKENS = re.compile(rf"(?P<skip>{_SKIPPED})|(?P<data>\b(?:VALUES|CONSTRUCT)\b)|(?P<brace>{{)", re.IGNORECASE)
_SUBSELECT_NEXT = re.compile(r"(?:\s|#[^\n]*)*SELECT\b", re.IGNORECASE)


def with_values(text: str, bindings: dict) -> str:
    """The query with `VALUES (?var …) { (term …) }` opening each of its group patterns.

    rdflib binds initBindings before evaluation, everywhere (subqueries and nested groups too);
    Oxigraph's substitutions take only projected variables and stop at subqueries. A VALUES
    block at the head of every group gives rdflib's meaning on Oxigraph. Braces that open a
    VALUES data block, a CONSTRUCT template or a group holding a subquery are left alone. The
    terms are written by Oxigraph's serialiser, so a value cannot change the query's structure.
    """
    variables = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(to_oxigraph(value)) for value in bindings.values())
    block = f" VALUES ({variables}) {{ ({terms}) }} "
    pieces, last, data_brace_next = [], 0, False
    for token in _TOKENS.finditer(text):
        if token.lastgroup == "data":
            data_brace_next = True
        elif token.lastgroup == "brace":
            if data_brace_next:
                data_brace_next = False
            elif not _SUBSELECT_NEXT.match(text, token.end()):
                pieces += [text[last:token.end()], block]
                last = token.end()
    return "".join(pieces) + text[last:]


def check_store(spec: str) -> str:
    """The store name itself if it is one of memory, oxigraph, oxigraph:PATH; else ValueError."""
    kind, _, path = spec.partition(":")
    if spec == MEMORY or (kind == OXIGRAPH and (not _ or path)):
        return spec
    raise ValueError(f"unknown store {spec!r}; choose one of {STORE_CHOICES}")


def open_graph(spec: str = MEMORY) -> Graph:
    """An empty (or, for oxigraph:PATH, the Oxigraph store in folder PATH) graph in the named store."""
    kind, _, path = check_store(spec).partition(":")
    if kind == MEMORY:
        return Graph()
    from kg.oxrdflib_store import rdflib_graph  # oxrdflib loads rdflib's SPARQL engine: only when needed

    return rdflib_graph(ox.Store(path) if path else ox.Store())


def graph_on(engine: ox.Store, prefixes: dict[str, str] | None = None) -> OxigraphGraph:
    """A read-only graph for queries over the default graph of an Oxigraph store."""
    return OxigraphGraph(engine, prefixes)


def persistent_folder(spec: str) -> str | None:
    """PATH of an `oxigraph:PATH` store, else None."""
    kind, _, path = check_store(spec).partition(":")
    return path or None


def command_store() -> str:
    """The commands' default store: the persistent one that `clusterkg build` leaves in out/store."""
    return f"{OXIGRAPH}:{os.environ.get(STORE_ENV) or os.path.join('out', 'store')}"


def engine_of(graph) -> ox.Store | None:
    """The pyoxigraph Store under `graph`, or None for any other store (or object with a query())."""
    if isinstance(graph, OxigraphGraph):
        return graph.engine
    engine = getattr(getattr(graph, "store", None), "_inner", None)
    return engine if isinstance(engine, ox.Store) else None


def copy_into(source: Graph, target: Graph) -> Graph:
    """Add every triple and prefix of `source` to `target` in one batch; returns `target`."""
    for prefix, namespace in source.namespaces():
        target.bind(prefix, namespace, override=True, replace=True)
    if engine_of(target) is not None:
        target.addN((s, p, o, target) for s, p, o in source)
    else:
        for triple in source:
            target.add(triple)
    return target


def load_file(path: Path | str, spec: str = DEFAULT_STORE) -> Graph:
    """A graph in the named store holding the RDF file at `path` (format from its suffix)."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: unknown RDF file suffix; use one of {', '.join(RDF_FORMATS)}")
    folder = persistent_folder(spec)
    if folder:  # loaded once into a store kept for this file's size and time
        def fill(engine: ox.Store) -> dict[str, str]:
            _bulk_load(engine, path, fmt)
            return {}
        # apart from the built graph's store, so that serving a file does not drop it
        return graph_on(*cache.open_cached(Path(folder) / FILE_STORES, cache.file_key(path), fill))
    if spec == OXIGRAPH:  # straight into the engine, read through the light graph
        engine = ox.Store()
        _bulk_load(engine, path, fmt)
        return graph_on(engine)
    graph = open_graph(spec)
    try:
        graph.parse(path, format={".nt": "nt", ".ttl": "turtle", ".nq": "nquads", ".trig": "trig",
                                  ".jsonld": "json-ld"}.get(path.suffix.lower(), "xml"))
    except SyntaxError as error:
        raise ValueError(f"{path}: not valid RDF: {error}") from None
    return graph


def _bulk_load(engine: ox.Store, path: Path, fmt: ox.RdfFormat) -> None:
    try:
        engine.bulk_load(path=str(path), format=fmt)
    except SyntaxError as error:
        raise ValueError(f"{path}: not valid RDF: {error}") from None


def fill_from(graph: Graph) -> cache.Fill:
    """A filler of an empty Oxigraph store with the triples and prefixes of `graph`."""
    def fill(engine: ox.Store) -> dict[str, str]:
        engine.bulk_extend(ox.Quad(*(to_oxigraph(term) for term in triple)) for triple in graph)
        return {prefix: str(namespace) for prefix, namespace in graph.namespaces() if prefix}
    return fill


def remote_graph(endpoint: str) -> Graph:
    """A read-only graph whose queries go to the SPARQL endpoint at `endpoint` (bindings as VALUES)."""
    if not endpoint.startswith(("http://", "https://")):
        raise ValueError(f"--endpoint must be an http:// or https:// URL, got {endpoint!r}")
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    class FormPostStore(SPARQLStore):
        """Every query sent as a form POST, which every SPARQL 1.1 endpoint accepts: a GET URL of
        a long question is cut by servers (Virtuoso near 10,000 characters, uvicorn at 16 KB).
        An HTTP error is raised with the server's answer (rdflib's own POST returns a tuple)."""

        def _query(self, query: str, default_graph: str | None = None, named_graph: str | None = None) -> Result:
            from io import BytesIO
            from urllib.parse import urlencode
            from urllib.request import Request, urlopen

            form = {"query": query}
            if default_graph is not None and not isinstance(default_graph, BNode):
                form["default-graph-uri"] = default_graph
            request = Request(self.query_endpoint, data=urlencode(form).encode(),
                              headers={"Accept": self.response_mime_types()})
            with urlopen(request) as response:
                kind = response.headers["Content-Type"].split(";")[0]
                return Result.parse(BytesIO(response.read()), content_type=kind)

    return Graph(FormPostStore(query_endpoint=endpoint, returnFormat="json"), bind_namespaces="none")


def add_store_option(parser: argparse.ArgumentParser, default: str | None = None) -> None:
    """The --store option of the commands that query or serve the graph."""
    default = default or command_store()
    parser.add_argument(
        "--store", default=default, type=_store_argument, metavar=STORE_CHOICES,
        help=f"where the triples live: rdflib's memory store, Oxigraph in memory, or a persistent "
             f"Oxigraph store in folder PATH (built on first use, reused while the data files are "
             f"unchanged, rebuilt when they change) (default: {default}, or ${STORE_ENV})",
    )


def _store_argument(text: str) -> str:
    try:
        return check_store(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
