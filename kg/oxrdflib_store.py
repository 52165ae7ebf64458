"""An rdflib Graph whose triples live in Oxigraph (through oxrdflib), for code that adds or walks triples.

Importing oxrdflib loads rdflib's SPARQL engine; the query path (kg.store.OxigraphGraph) does without.
"""

from __future__ import annotations

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Graph, Literal
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.query import Result
from rdflib.term import Node

from kg.cells import XSD_DECIMAL, XSD_STRING
from kg.store import answer, count, from_oxigraph, to_oxigraph


def rdflib_graph(engine: ox.Store) -> Graph:
    """An rdflib Graph over the default graph of an Oxigraph store."""
    return Graph(store=PlainLiteralOxigraphStore(store=engine), identifier=DATASET_DEFAULT_GRAPH_ID)


def _as_populated(term):
    if isinstance(term, Literal) and str(term.datatype) in (XSD_STRING, XSD_DECIMAL):
        return from_oxigraph(to_oxigraph(term))
    return term


class PlainLiteralOxigraphStore(OxigraphStore):
    """oxrdflib's store, giving back literals in the lexical form the populator writes.

    Oxigraph returns `"x"` as `"x"^^xsd:string` (the same term in RDF 1.1, a different one for
    rdflib) and xsd:decimal in its canonical form (`"8"` for `"8.0"`); without this, a literal
    read back from Oxigraph would not equal the one that was added.
    """

    def __len__(self, context=None) -> int:
        """Oxigraph's own count (no query over the store) when the store holds one graph."""
        return count(self._inner)

    def triples(self, triple_pattern, context=None):
        for (subject, predicate, obj), contexts in super().triples(triple_pattern, context):
            yield (subject, predicate, _as_populated(obj)), contexts

    def query(self, query, initNs, initBindings, queryGraph, **kwargs) -> Result:  # noqa: N803 (rdflib's names)
        """Run the query in Oxigraph; each distinct term of the answer is converted once."""
        if kwargs or not isinstance(query, str):
            return super().query(query, initNs, initBindings, queryGraph, **kwargs)  # it raises the right error
        named = isinstance(queryGraph, Node) and queryGraph != DATASET_DEFAULT_GRAPH_ID
        return answer(
            self._inner, query, dict(self._namespace_for_prefix, **initNs), initBindings,
            use_default_graph_as_union=queryGraph == "__UNION__",
            default_graph=to_oxigraph(queryGraph) if named else None,
        )
