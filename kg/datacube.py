"""Check a graph against the 21 integrity constraints of the W3C RDF Data Cube Recommendation.

The graph is copied into an Oxigraph store, normalized there by the spec's two SPARQL Update
phases, and every constraint (ontology/datacube/ic-*.rq, an ASK query that answers true when the
constraint is broken) is asked of the copy. IC-20 and IC-21 are templates: they run once per
property found by their instantiation query. The graph itself is never changed. (Oxigraph
answers IC-12, a join of every pair of observations, in milliseconds where rdflib takes seconds.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

SPEC = "https://www.w3.org/TR/2014/REC-vocab-data-cube-20140116/"
DATACUBE_DIR = Path(__file__).resolve().parent.parent / "ontology" / "datacube"
NORMALIZATION = ("normalize-phase-1.ru", "normalize-phase-2.ru")


@dataclass(frozen=True)
class Constraint:
    """One integrity constraint: its title (e.g. "IC-11. All dimensions required") and query."""

    title: str
    query: str
    instances: str | None = None  # the instantiation query of a template (IC-20, IC-21)

    def broken(self, store: ox.Store) -> bool:
        if self.instances is None:
            return bool(store.query(self.query))
        properties = [row["p"].value for row in store.query(self.instances)]
        return any(bool(store.query(self.query.replace("$p", p))) for p in properties)


def constraints() -> list[Constraint]:
    """Every constraint file of ontology/datacube, in the spec's order."""
    found = []
    for path in sorted(DATACUBE_DIR.glob("ic-*.rq")):
        if path.name.endswith(".instances.rq"):
            continue
        text = path.read_text(encoding="utf-8")
        title = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("# title:"))
        instances = path.with_name(path.stem + ".instances.rq")
        found.append(Constraint(title, text, instances.read_text(encoding="utf-8") if instances.exists() else None))
    return found


def normalized(graph: Graph) -> ox.Store:
    """A copy of the graph after the spec's normalization algorithm (type closure, attachment push-down)."""
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    for name in NORMALIZATION:
        store.update((DATACUBE_DIR / name).read_text(encoding="utf-8"))
    return store


def broken_constraints(graph: Graph) -> list[str]:
    """The titles of the constraints the graph breaks (an empty list: the cube is well-formed)."""
    normal = normalized(graph)
    return [constraint.title for constraint in constraints() if constraint.broken(normal)]
