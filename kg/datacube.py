"""Check a graph against the 21 integrity constraints of the W3C RDF Data Cube Recommendation.

The graph is copied, normalized by the spec's two SPARQL Update phases, and every constraint
(ontology/datacube/ic-*.rq, an ASK query that answers true when the constraint is broken) is
asked of the copy. IC-20 and IC-21 are templates: they run once per property found by their
instantiation query. The graph itself is never changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

DATACUBE_DIR = Path(__file__).resolve().parent.parent / "ontology" / "datacube"
NORMALIZATION = ("normalize-phase-1.ru", "normalize-phase-2.ru")


@dataclass(frozen=True)
class Constraint:
    """One integrity constraint: its title (e.g. "IC-11. All dimensions required") and query."""

    title: str
    query: str
    instances: str | None = None  # the instantiation query of a template (IC-20, IC-21)

    def broken(self, graph: Graph) -> bool:
        if self.instances is None:
            return bool(graph.query(self.query).askAnswer)
        properties = [row.p for row in graph.query(self.instances)]
        return any(graph.query(self.query.replace("$p", str(p))).askAnswer for p in properties)


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


def normalized(graph: Graph) -> Graph:
    """A copy of the graph after the spec's normalization algorithm (type closure, attachment push-down)."""
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    for name in NORMALIZATION:
        copy.update((DATACUBE_DIR / name).read_text(encoding="utf-8"))
    return copy


def broken_constraints(graph: Graph) -> list[str]:
    """The titles of the constraints the graph breaks (an empty list: the cube is well-formed)."""
    normal = normalized(graph)
    return [constraint.title for constraint in constraints() if constraint.broken(normal)]
