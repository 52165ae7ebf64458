"""Where the graph's triples live: rdflib's in-memory store, or Oxigraph in memory or on disk.

Every store is seen through the same rdflib `Graph` API; on Oxigraph (through oxrdflib) SPARQL
queries, parsing and serialising run in Oxigraph's engine. A store is named by a short text:
`memory`, `oxigraph` (in memory) or `oxigraph:PATH` (a persistent store in the folder PATH,
kept by kg.cache: reused while the data are unchanged, rebuilt when they change).
"""

from __future__ import annotations

import argparse
import os
import re
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from oxrdflib._converter import from_ox, to_ox
from rdflib import XSD, Graph, Literal, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result
from rdflib.term import Node

from kg import cache
from kg.populate import decimal_literal

MEMORY = "memory"
OXIGRAPH = "oxigraph"
DEFAULT_STORE = OXIGRAPH  # the fast engine, for the library functions that query
STORE_ENV = "CLUSTERKG_STORE"  # folder of the commands' persistent store (default: out/store, as build writes it)
STORE_CHOICES = "memory|oxigraph|oxigraph:PATH"
RDF_FORMATS = {  # file suffix -> Oxigraph format, for loading files straight into the engine
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


class PlainLiteralOxigraphStore(OxigraphStore):
    """oxrdflib's store, giving back literals in the lexical form the populator writes.

    Oxigraph returns `"x"` as `"x"^^xsd:string` (the same term in RDF 1.1, a different one for
    rdflib) and xsd:decimal in its canonical form (`"8"` for `"8.0"`); without this, a literal
    read back from Oxigraph would not equal the one that was added.
    """

    def __len__(self, context=None) -> int:
        """Oxigraph's own count (no query over the store) when the store holds one graph."""
        if next(iter(self._inner.named_graphs()), None) is None:
            return len(self._inner)
        return super().__len__(context)

    def triples(self, triple_pattern, context=None):
        for (subject, predicate, obj), contexts in super().triples(triple_pattern, context):
            yield (subject, predicate, _as_populated(obj)), contexts

    def query(self, query, initNs, initBindings, queryGraph, **kwargs) -> Result:  # noqa: N803 (rdflib's names)
        """Run the query in Oxigraph; each distinct term of the answer is converted once."""
        if kwargs or not isinstance(query, str):
            return super().query(query, initNs, initBindings, queryGraph, **kwargs)  # it raises the right error
        if initBindings:
            query = with_values(query, initBindings)
        answer = self._inner.query(
            query,
            use_default_graph_as_union=queryGraph == "__UNION__",
            default_graph=to_ox(queryGraph) if isinstance(queryGraph, Node) else None,
            prefixes=dict(self._namespace_for_prefix, **initNs),
        )
        convert = _Converter()
        if isinstance(answer, ox.QueryBoolean):
            result = Result("ASK")
            result.askAnswer = bool(answer)
        elif isinstance(answer, ox.QuerySolutions):
            result = Result("SELECT")
            result.vars = [Variable(variable.value) for variable in answer.variables]
            result.bindings = [
                {var: convert(value) for var, value in zip(result.vars, row) if value is not None} for row in answer
            ]
        else:
            result = Result("CONSTRUCT")
            result.graph = Graph()
            result.graph += ((convert(t.subject), convert(t.predicate), convert(t.object)) for t in answer)
        return result


class _Converter(dict):
    """Oxigraph term -> rdflib term as the populator writes it, remembered per answer."""

    def __call__(self, term):
        converted = self.get(term)
        if converted is None:
            converted = self[term] = _as_populated(from_ox(term))
        return converted


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
    terms = " ".join(str(to_ox(value)) for value in bindings.values())
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


def _as_populated(term):
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        return decimal_literal(Decimal(str(term)))
    return term


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
    return graph_on(ox.Store(path) if path else ox.Store())


def graph_on(engine: ox.Store, prefixes: dict[str, str] | None = None) -> Graph:
    """An rdflib Graph over the default graph of an Oxigraph store, with these prefixes bound."""
    graph = Graph(store=PlainLiteralOxigraphStore(store=engine), identifier=DATASET_DEFAULT_GRAPH_ID)
    for prefix, namespace in (prefixes or {}).items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def persistent_folder(spec: str) -> str | None:
    """PATH of an `oxigraph:PATH` store, else None."""
    kind, _, path = check_store(spec).partition(":")
    return path or None


def command_store() -> str:
    """The commands' default store: the persistent one that `clusterkg build` leaves in out/store."""
    return f"{OXIGRAPH}:{os.environ.get(STORE_ENV) or os.path.join('out', 'store')}"


def engine_of(graph) -> ox.Store | None:
    """The pyoxigraph Store under `graph`, or None for any other store (or object with a query())."""
    store = getattr(graph, "store", None)
    return store._inner if isinstance(store, OxigraphStore) else None


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
        return graph_on(*cache.open_cached(folder, cache.file_key(path), fill))
    graph = open_graph(spec)
    engine = engine_of(graph)
    try:
        if engine is not None:
            _bulk_load(engine, path, fmt)
        else:
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
        engine.bulk_extend(ox.Quad(*(to_ox(term) for term in triple)) for triple in graph)
        return {prefix: str(namespace) for prefix, namespace in graph.namespaces() if prefix}
    return fill


def remote_graph(endpoint: str) -> Graph:
    """A read-only graph whose queries go to the SPARQL endpoint at `endpoint` (bindings as VALUES)."""
    if not endpoint.startswith(("http://", "https://")):
        raise ValueError(f"--endpoint must be an http:// or https:// URL, got {endpoint!r}")
    return Graph(SPARQLStore(query_endpoint=endpoint, returnFormat="json"))


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
