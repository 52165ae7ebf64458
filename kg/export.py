"""Serialise the graph to RDF files, deterministically (same graph, same bytes) and atomically;
large graphs are streamed by Oxigraph's writers."""

from __future__ import annotations

import io
import json
import os
import tempfile
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.store import engine_of, from_oxigraph
from kg.store import to_oxigraph as _to_oxigraph  # the name kg.publish imports

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
OXIGRAPH_STREAM_FORMATS = {**OXIGRAPH_FORMATS, "jsonld": ox.RdfFormat.JSON_LD}
SORTED_MAX_TRIPLES = 200_000  # up to this size exports are canonical (sorted); above it, streamed


def serialize(graph: Graph, fmt: str) -> bytes:
    """The graph in one of FORMATS, byte-identical for equal graphs (up to SORTED_MAX_TRIPLES)."""
    _check_format(fmt)
    if len(graph) > SORTED_MAX_TRIPLES:
        stream = io.BytesIO()
        _stream(graph, fmt, stream)
        return stream.getvalue()
    return _serialize_canonical(_canonical(graph), fmt, _prefixes(graph))


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _serialize_canonical(ntriples: bytes, fmt: str, prefixes: dict[str, str]) -> bytes:
    """Canonical N-Triples (sorted lines) in another format, triples in the same order."""
    if fmt == "nt":
        return ntriples
    if fmt == "jsonld":
        return _jsonld(_as_rdflib(ntriples, prefixes))
    return ox.serialize(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES), format=OXIGRAPH_FORMATS[fmt], prefixes=prefixes)


def _canonical(graph: Graph) -> bytes:
    """Canonical N-Triples: blank nodes labelled by W3C RDF Dataset Canonicalization (RDFC-1.0,
    Oxigraph's implementation), lines sorted. Equal graphs give equal bytes.

    Only the triples that mention a blank node are canonicalised (the labels depend on nothing else).
    """
    stream = io.BytesIO()
    _stream(graph, "nt", stream)
    lines = stream.getvalue().splitlines(keepends=True)
    with_blank = [line for line in lines if line.startswith(b"_:") or b" _:" in line]
    if with_blank:
        dataset = ox.Dataset(ox.parse(b"".join(with_blank), format=ox.RdfFormat.N_TRIPLES))
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        blank = set(with_blank)
        # N-Quads of the default graph are N-Triples lines
        lines = [line for line in lines if line not in blank]
        lines += ox.serialize(dataset, format=ox.RdfFormat.N_QUADS).splitlines(keepends=True)
    return b"".join(sorted(lines))


def _stream(graph: Graph, fmt: str, output) -> None:
    """Write the graph to a binary stream at Oxigraph's writer speed (store order, not sorted)."""
    engine = engine_of(graph)
    if engine is not None:
        engine.dump(output, format=OXIGRAPH_STREAM_FORMATS[fmt], from_graph=ox.DefaultGraph(), prefixes=_prefixes(graph, fmt))
    else:
        triples = (ox.Triple(*(_to_oxigraph(term) for term in triple)) for triple in graph)
        ox.serialize(triples, output, format=OXIGRAPH_STREAM_FORMATS[fmt], prefixes=_prefixes(graph, fmt))


def _prefixes(graph: Graph, fmt: str = "ttl") -> dict[str, str] | None:
    if fmt == "nt":
        return None
    return {prefix: str(namespace) for prefix, namespace in graph.namespaces() if prefix}


def _as_rdflib(ntriples: bytes, prefixes: dict[str, str]) -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in prefixes.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    for triple in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES):  # keeps the canonical blank node labels
        graph.add((from_oxigraph(triple.subject), from_oxigraph(triple.predicate), from_oxigraph(triple.object)))
    return graph


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
    """Write every format to a temporary file first, then rename them all; returns the paths written.

    Up to SORTED_MAX_TRIPLES the files are canonical (blank nodes relabelled once for all formats,
    sorted); a larger graph is streamed by Oxigraph's writers, never held in memory as text.
    """
    for fmt in formats:
        _check_format(fmt)
    canonical = _canonical(graph) if len(graph) <= SORTED_MAX_TRIPLES else None
    prefixes = _prefixes(graph)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[Path, str] = {}
    try:
        for fmt in formats:
            path = out_dir / f"{stem}{FORMATS[fmt][0]}"
            handle, temporary = tempfile.mkstemp(dir=out_dir, prefix=f".{path.name}.", suffix=".tmp")
            written[path] = temporary
            with os.fdopen(handle, "wb") as stream:
                if canonical is None:
                    _stream(graph, fmt, stream)
                else:
                    stream.write(_serialize_canonical(canonical, fmt, prefixes))
            os.chmod(temporary, 0o644)  # mkstemp makes it private; outputs are meant to be shared
        for path, temporary in written.items():
            os.replace(temporary, path)
    except BaseException:
        for temporary in written.values():
            Path(temporary).unlink(missing_ok=True)
        raise
    return list(written)
