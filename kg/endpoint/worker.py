"""A query worker process: answers one query at a time on its connection to the server.

kg.endpoint.processes forks it from the server over its store in memory (the graph shared, not
copied) and calls serve(). Each request is a 4-byte length and a JSON object; each answer is a
4-byte length, a JSON header (status, media type, reason, triple count) and the body bytes. A query
that crashes or overflows the stack kills only this process; the server replaces it.
"""

from __future__ import annotations

import json
import struct

import pyoxigraph as ox

from kg import ordering

RESULTS_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                   "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "n-triples": ox.RdfFormat.N_TRIPLES,
               "rdf-xml": ox.RdfFormat.RDF_XML, "json-ld": ox.RdfFormat.JSON_LD}
LENGTH = struct.Struct(">I")


class ResultTooLarge(Exception):
    pass


class BoundedOutput:
    """A byte buffer that stops serialisation past a size (results stream into it)."""

    def __init__(self, max_bytes: int):
        self.parts: list[bytes] = []
        self.size = 0
        self.max_bytes = max_bytes

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.max_bytes:
            raise ResultTooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


class Counted:
    """An iterator of triples that counts what passes through it."""

    def __init__(self, triples):
        self.triples, self.count = triples, 0

    def __iter__(self):
        for triple in self.triples:
            self.count += 1
            yield triple


def answer(store: ox.Store, request: dict, prefixes: dict[str, str], max_bytes: int) -> tuple[dict, bytes]:
    """The header and body answering one request."""
    dataset = {}
    if request.get("default_graphs") or request.get("named_graphs"):
        dataset = {"default_graph": [ox.NamedNode(iri) for iri in request.get("default_graphs", [])],
                   "named_graphs": [ox.NamedNode(iri) for iri in request.get("named_graphs", [])]}
    try:
        result = ordering.query(store, request["query"], prefixes=prefixes, base_iri=request.get("base_iri"), **dataset)
    except (SyntaxError, ValueError) as error:
        return {"status": 400, "reason": f"not a valid SPARQL query: {str(error).splitlines()[0]}"}, b""
    except OSError as error:
        return {"status": 500, "reason": f"query failed: {str(error).splitlines()[0]}"}, b""
    output = BoundedOutput(max_bytes)
    header = {"status": 200, "media_type": request["media_type"]}
    try:
        if isinstance(result, ox.QueryTriples):
            counted = Counted(result)
            ox.serialize(counted, output, RDF_FORMATS[request["format"]], prefixes=prefixes)
            header["triples"] = counted.count
        else:
            result.serialize(output, RESULTS_FORMATS[request["format"]])
    except ResultTooLarge:
        return {"status": 413, "reason": f"result larger than the limit of {max_bytes:,} bytes; add a LIMIT"}, b""
    except OSError as error:
        return {"status": 500, "reason": f"query failed: {str(error).splitlines()[0]}"}, b""
    return header, b"".join(output.parts)


def serve(store: ox.Store, requests, replies, prefixes: dict[str, str], max_bytes: int) -> None:
    """Say ready, then answer requests from the binary stream `requests` on `replies` until it closes."""
    replies.write(b"R")
    replies.flush()
    while size := requests.read(LENGTH.size):
        request = json.loads(requests.read(LENGTH.unpack(size)[0]))
        header, body = answer(store, request, prefixes, max_bytes)
        header["length"] = len(body)
        encoded = json.dumps(header).encode()
        replies.write(LENGTH.pack(len(encoded)) + encoded)
        replies.write(body)
        replies.flush()

