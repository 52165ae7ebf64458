"""Published figures as Data Cube observations, and the regions' ranked sector specialisations."""

from __future__ import annotations

from rdflib import RDF, RDFS, Literal, URIRef

from kg.namespaces import CKG, QB
from kg.populate.writer import Writer, date_literal, decimal_literal


def populate(w: Writer) -> None:
    observations(w)
    specialisations(w)


def observations(w: Writer) -> None:
    labels = w.labels
    for obs in w.records.section("observations"):
        area = labels[obs.area]
        label = f"{labels[obs.indicator]}, {area}" + (f" with {labels[obs.counterpart]}" if obs.counterpart else "")
        node = w.entity(obs, "observation", QB.Observation, label=f"{label}, {obs.period}")
        w.link(node, QB.dataSet, obs.dataset)
        w.link(node, CKG.indicator, obs.indicator)
        w.link(node, CKG.refArea, obs.area)
        w.link(node, CKG.counterpartArea, obs.counterpart)
        w.graph.add((node, CKG.refPeriod, period(w, obs.period)))
        w.graph.add((node, CKG.value, decimal_literal(obs.value)))
        w.link(node, CKG.unit, obs.unit)


def period(w: Writer, text: str) -> URIRef:
    """The IRI of a reference period, adding its triples on first use."""
    node = w.iri(text.replace("..", "open").replace("/", "_"), "period")
    if (node, RDF.type, CKG.Period) not in w.graph:
        start, _, end = text.partition("/")
        w.graph.add((node, RDF.type, CKG.Period))
        w.graph.add((node, RDFS.label, Literal(text)))
        if start != "..":  # "../2025-10": the source says only that it was before the end date
            w.graph.add((node, CKG.startDate, date_literal(start)))
        w.graph.add((node, CKG.endDate, date_literal(end or start)))
    return node


def specialisations(w: Writer) -> None:
    for spec in w.records.section("specialisations"):
        node = w.iri(f"{spec.region}-{spec.sector}", "specialisation")
        w.graph.add((node, RDF.type, CKG.SectorSpecialisation))
        w.add(node, RDFS.label, f"{w.labels[spec.region]}: {spec.published_label}")
        w.link(node, CKG.region, spec.region)
        w.link(node, CKG.sector, spec.sector)
        w.graph.add((node, CKG.rank, Literal(spec.rank)))
        w.graph.add((node, CKG.publishedLabel, Literal(spec.published_label)))
        w.sourced(node, spec)
