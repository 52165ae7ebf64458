"""Check a graph against the SHACL shapes, the SPARQL violation queries and the Data Cube integrity constraints.

The shapes (ontology/shapes.ttl) say what each kind of resource must have; every query in
ontology/violations/*.rq selects ?focus and ?message for what breaks a rule that a shape
cannot state, and must return no rows; the 21 integrity constraints of the W3C RDF Data Cube
Recommendation (ontology/datacube/, run by kg.datacube) must all hold. All of them run, always.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyshacl
from rdflib import RDFS, SH, Graph, URIRef

from kg.build import PROJECT_DIR
from kg.datacube import SPEC, broken_constraints

SHAPES_FILE = PROJECT_DIR / "ontology" / "shapes.ttl"
VIOLATIONS_DIR = PROJECT_DIR / "ontology" / "violations"


@dataclass(frozen=True)
class Problem:
    """One resource breaking one rule."""

    rule: str  # the shape's label, or the violation query's title
    focus: str
    path: str | None
    message: str
    constraint: str | None = None  # the SHACL constraint component, e.g. MinCountConstraintComponent


@dataclass
class Report:
    """The verdict and the problems, grouped by the shape or query that found them."""

    problems: list[Problem] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.problems

    def by_rule(self) -> dict[str, list[Problem]]:
        groups: dict[str, list[Problem]] = defaultdict(list)
        for problem in sorted(self.problems, key=lambda p: (p.rule, p.focus, p.path or "")):
            groups[problem.rule].append(problem)
        return dict(groups)


def load_shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


def validate(graph: Graph, shapes: Graph | None = None) -> Report:
    """Run every shape, every violation query and every Data Cube integrity constraint on the graph."""
    return Report(shape_problems(graph, shapes or load_shapes()) + query_problems(graph) + datacube_problems(graph))


def shape_problems(graph: Graph, shapes: Graph) -> list[Problem]:
    _conforms, results, _text = pyshacl.validate(graph, shacl_graph=shapes, inference="none", allow_warnings=True)
    problems = []
    for result in results.subjects(SH.focusNode, None):
        shape = _owning_shape(results, shapes, result)
        path = results.value(result, SH.resultPath)
        component = results.value(result, SH.sourceConstraintComponent)
        problems.append(Problem(
            rule=str(shapes.value(shape, RDFS.label) or shape),
            focus=str(results.value(result, SH.focusNode)),
            path=_short(graph, path) if isinstance(path, URIRef) else None,
            message=str(results.value(result, SH.resultMessage) or component),
            constraint=str(component).rsplit("#", 1)[-1] if component else None,
        ))
    return problems


def _owning_shape(results: Graph, shapes: Graph, result) -> URIRef:
    """The node shape a result comes from (a property shape's result names its node shape)."""
    source = results.value(result, SH.sourceShape)
    owner = shapes.value(None, SH.property, source)
    return owner if owner is not None else source


def _short(graph: Graph, term: URIRef) -> str:
    try:
        return graph.namespace_manager.normalizeUri(term)
    except Exception:  # a term without a usable prefix
        return str(term)


def violation_queries() -> dict[str, str]:
    """Every violation query, by its title (the `# title:` line)."""
    queries = {}
    for path in sorted(VIOLATIONS_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        title = next((line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("# title:")), path.stem)
        queries[title] = text
    return queries


def query_problems(graph: Graph) -> list[Problem]:
    problems = []
    for title, query in violation_queries().items():
        for row in graph.query(query):
            problems.append(Problem(rule=title, focus=str(row.focus), path=None, message=str(row.message)))
    return problems


def datacube_problems(graph: Graph) -> list[Problem]:
    """One problem per W3C Data Cube integrity constraint the graph breaks (the checks are ASK queries: no focus)."""
    return [
        Problem(rule=f"W3C Data Cube {title}", focus=f"{SPEC}#{title.split('.')[0].lower()}", path=None,
                message="the graph breaks this integrity constraint of the RDF Data Cube Recommendation")
        for title in broken_constraints(graph)
    ]
