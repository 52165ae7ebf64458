"""Serialise the graph to RDF files, deterministically (same graph, same bytes) and atomically."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph

# format name -> (file suffix, media type)
FORMATS: dict[str, tuple[str, str]] = {
    "ttl": (".ttl", "text/turtle"),
    "nt": (".nt", "application/n-triples"),
    "jsonld": (".jsonld", "application/ld+json"),
    "xml": (".rdf", "application/rdf+xml"),
}
# Oxigraph writes literals with their lexical form untouched (rdflib's Turtle writer turns the
# published "2150"^^xsd:decimal into 2150.0, which is another RDF term and loses the precision).
OXIGRAPH_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "xml": ox.RdfFormat.RDF_XML}


def serialize(graph: Graph, fmt: str) -> bytes:
    """The graph in one of FORMATS, byte-identical for equal graphs."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return _serialize_canonical(_canonical(graph), fmt)


def _serialize_canonical(canonical: Graph, fmt: str) -> bytes:
    if fmt == "jsonld":
        return _jsonld(canonical)
    prefixes = {prefix: str(namespace) for prefix, namespace in canonical.namespaces() if prefix} if fmt != "nt" else None
    triples = [ox.Triple(*(_to_oxigraph(term) for term in triple)) for triple in sorted(canonical)]
    return ox.serialize(triples, format=OXIGRAPH_FORMATS[fmt], prefixes=prefixes)


def _canonical(graph: Graph) -> Graph:
    """A copy with blank nodes relabelled from their content, keeping the prefixes."""
    if not any(isinstance(term, BNode) for triple in graph for term in triple):
        return graph
    canonical = Graph(bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        canonical.bind(prefix, namespace, override=True, replace=True)
    for triple in to_canonical_graph(graph):
        canonical.add(triple)
    return canonical


def _jsonld(graph: Graph) -> bytes:
    """Compact JSON-LD with the graph's prefixes as context, nodes and values sorted."""
    context = {prefix: str(namespace) for prefix, namespace in graph.namespaces() if prefix}
    document = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    return (json.dumps(_sorted(document), indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode()


def _sorted(value, key: str | None = None):
    """Sort JSON-LD arrays (they are unordered sets), except the contents of @list."""
    if isinstance(value, dict):
        return {k: _sorted(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted(v) for v in value]
        return items if key == "@list" else sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return value


def _to_oxigraph(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal) and term.language:
        return ox.Literal(str(term), language=term.language)
    if isinstance(term, Literal) and term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder, then rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; outputs are meant to be shared
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_formats(graph: Graph, out_dir: Path, stem: str, formats: list[str]) -> list[Path]:
    """Serialise every format first, then write them all; returns the paths written."""
    canonical = _canonical(graph)  # relabelling blank nodes costs more than writing: do it once
    payloads = {fmt: _serialize_canonical(canonical, fmt) for fmt in formats}
    paths = []
    for fmt, data in payloads.items():
        path = out_dir / f"{stem}{FORMATS[fmt][0]}"
        write_atomic(path, data)
        paths.append(path)
    return paths
