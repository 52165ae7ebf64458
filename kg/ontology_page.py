"""The ontology as one human-readable, offline HTML page: every class and property with its definition."""

from __future__ import annotations

from dataclasses import dataclass

import jinja2
from rdflib import OWL, RDF, RDFS, SKOS, BNode, Graph, URIRef
from rdflib.collection import Collection

from kg.namespaces import CKG

KINDS = (("Classes", OWL.Class), ("Object properties", OWL.ObjectProperty), ("Datatype properties", OWL.DatatypeProperty))


@dataclass(frozen=True)
class Term:
    """What the page shows of one class or property."""

    anchor: str
    curie: str
    label: str
    definition: str
    notes: list[str]
    facts: list[tuple[str, str]]  # (heading, value): superclasses, domain, range, …


def ontology_page(ontology: Graph) -> str:
    """The HTML page of the ontology's own terms (the ckg: namespace), grouped by kind, sorted by name."""
    header = next(ontology.subjects(RDF.type, OWL.Ontology))
    sections = []
    for title, kind in KINDS:
        terms = sorted((t for t in ontology.subjects(RDF.type, kind) if isinstance(t, URIRef) and t.startswith(str(CKG._NS))),
                       key=lambda t: str(t).lower())
        sections.append((title, [_term(ontology, term) for term in terms]))
    environment = jinja2.Environment(loader=jinja2.PackageLoader("kg", "templates"), autoescape=True, keep_trailing_newline=True)
    return environment.get_template("ontology.html").render(
        title=str(ontology.value(header, RDFS.label)), iri=str(header), version=str(ontology.value(header, OWL.versionInfo)),
        description=str(ontology.value(header, RDFS.comment)), sections=sections,
    )


def _term(ontology: Graph, term: URIRef) -> Term:
    facts = []
    for heading, predicate in (("Subclass of", RDFS.subClassOf), ("Equivalent to", OWL.equivalentClass),
                               ("Subproperty of", RDFS.subPropertyOf), ("Inverse of", OWL.inverseOf),
                               ("Domain", RDFS.domain), ("Range", RDFS.range)):
        for value in sorted(ontology.objects(term, predicate), key=str):
            facts.append((heading, _describe(ontology, value)))
    kinds = sorted(ontology.namespace_manager.normalizeUri(k) for k in ontology.objects(term, RDF.type)
                   if k in (OWL.TransitiveProperty, OWL.SymmetricProperty, OWL.IrreflexiveProperty))
    if kinds:
        facts.append(("Characteristics", ", ".join(kinds)))
    return Term(
        anchor=str(term).rsplit("#", 1)[-1], curie=ontology.namespace_manager.normalizeUri(term),
        label=str(ontology.value(term, RDFS.label) or ""), definition=str(ontology.value(term, SKOS.definition) or ""),
        notes=sorted(str(c) for c in ontology.objects(term, RDFS.comment)), facts=facts,
    )


def _describe(ontology: Graph, node) -> str:
    """A class expression in a short Manchester-like syntax."""
    if isinstance(node, URIRef):
        return ontology.namespace_manager.normalizeUri(node)
    if not isinstance(node, BNode):
        return str(node)
    for predicate, joiner in ((OWL.unionOf, " or "), (OWL.intersectionOf, " and "), (OWL.oneOf, ", ")):
        members = ontology.value(node, predicate)
        if members is not None:
            text = joiner.join(_describe(ontology, m) for m in Collection(ontology, members))
            return "{" + text + "}" if predicate == OWL.oneOf else "(" + text + ")"
    complement = ontology.value(node, OWL.complementOf)
    if complement is not None:
        return "not " + _describe(ontology, complement)
    prop = ontology.value(node, OWL.onProperty)
    if prop is not None:
        name = _describe(ontology, prop)
        for predicate, word in ((OWL.minQualifiedCardinality, "min"), (OWL.maxQualifiedCardinality, "max"),
                                (OWL.qualifiedCardinality, "exactly")):
            count = ontology.value(node, predicate)
            if count is not None:
                return f"{name} {word} {count} {_describe(ontology, ontology.value(node, OWL.onClass))}"
        for predicate, word in ((OWL.someValuesFrom, "some"), (OWL.allValuesFrom, "only"), (OWL.hasValue, "value")):
            value = ontology.value(node, predicate)
            if value is not None:
                return f"{name} {word} {_describe(ontology, value)}"
    return "(anonymous class)"
