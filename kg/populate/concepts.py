"""The SKOS schemes of sectors, products and indicators, and the units of measure."""

from __future__ import annotations

from rdflib import RDF, RDFS, SKOS, Literal, URIRef

from kg.namespaces import CKG
from kg.populate.writer import Writer, decimal_literal

SCHEMES = {"sector": "sectors", "product": "products", "indicator": "indicators"}


def populate(w: Writer) -> None:
    for name in SCHEMES.values():
        scheme = w.iri(name, "scheme")
        w.graph.add((scheme, RDF.type, SKOS.ConceptScheme))
        w.add(scheme, RDFS.label, f"clusterkg {name}")
        w.add(scheme, SKOS.prefLabel, f"clusterkg {name}")
    scheme_of = {kind: w.iri(name, "scheme") for kind, name in SCHEMES.items()}
    for sector in w.records.section("sectors"):
        node = w.entity(sector, "sector", CKG.Sector, SKOS.Concept)
        concept(w, node, sector.label, scheme_of["sector"], sector.broader)
    for product in w.records.section("products"):
        node = w.entity(product, "product", CKG.Product, SKOS.Concept)
        concept(w, node, product.label, scheme_of["product"], None)
    for indicator in w.records.section("indicators"):
        node = w.entity(indicator, "indicator", CKG.Indicator, SKOS.Concept)
        concept(w, node, indicator.label, scheme_of["indicator"], None)
        w.add(node, SKOS.definition, indicator.definition)
        w.link(node, CKG.sumOf, indicator.sum_of)
        w.link(node, CKG.numerator, indicator.numerator)
        w.link(node, CKG.denominator, indicator.denominator)
        if indicator.minimum is not None:
            w.graph.add((node, CKG.minimum, decimal_literal(indicator.minimum)))
        if indicator.maximum is not None:
            w.graph.add((node, CKG.maximum, decimal_literal(indicator.maximum)))
    for unit in w.records.section("units"):
        node = w.entity(unit, "unit", CKG.Unit)
        w.graph.add((node, CKG.multiplier, Literal(unit.multiplier)))
        w.graph.add((node, CKG.quantityKind, Literal(unit.quantity)))
        w.add(node, CKG.currency, unit.currency and Literal(unit.currency))


def concept(w: Writer, node: URIRef, label: str, scheme: URIRef, broader: str | None) -> None:
    """A concept's preferred label and its place in its scheme."""
    w.add(node, SKOS.prefLabel, label)
    w.graph.add((node, SKOS.inScheme, scheme))
    if broader:
        w.link(node, SKOS.broader, broader)
    else:
        w.graph.add((node, SKOS.topConceptOf, scheme))
        w.graph.add((scheme, SKOS.hasTopConcept, node))
