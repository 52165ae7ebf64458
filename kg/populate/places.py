"""Countries, regions, cities and the borders between regions."""

from __future__ import annotations

from rdflib import Literal

from kg.namespaces import CKG
from kg.populate.writer import Writer


def populate(w: Writer) -> None:
    for country in w.records.section("countries"):
        node = w.entity(country, "country", CKG.Country)
        w.identifiers(node, country, country.id)
        w.graph.add((node, CKG.isoAlpha3, Literal(country.alpha3)))
    for region in w.records.section("regions"):
        node = w.entity(region, "region", CKG.Region)
        w.identifiers(node, region, region.id)
        w.add(node, CKG.formerIsoCode, region.former_iso and Literal(region.former_iso))
        w.link(node, CKG.inCountry, region.country)
    for city in w.records.section("cities"):
        node = w.entity(city, "city", CKG.City)
        w.identifiers(node, city, None)
        w.link(node, CKG.locatedIn, city.region)
        w.link(node, CKG.inCountry, city.country)
    borders = w.records.single("borders")
    if borders:
        for a, b in borders.pairs:
            w.graph.add((w.iri(a), CKG.bordersOn, w.iri(b)))
            w.graph.add((w.iri(b), CKG.bordersOn, w.iri(a)))
