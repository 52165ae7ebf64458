"""Published figures as Data Cube observations in their data sets, and the regions' ranked sector specialisations.

A published table becomes a qb:DataSet of the structure its figures need: figures about one
reference area (ckg:areaStructure) or bilateral figures with a counterpart (ckg:bilateralStructure).
A table that holds both kinds keeps its area figures, and its bilateral figures go to a data set
of their own, part of the table (every dimension of a structure is then required, Data Cube IC-11).
"""

from __future__ import annotations

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.namespaces import CKG, QB
from kg.populate.writer import Writer, date_literal, decimal_literal


BILATERAL_SUFFIX = "-bilateral"


def populate(w: Writer) -> None:
    data_sets(w)
    observations(w)
    specialisations(w)


def data_sets(w: Writer) -> None:
    """One qb:DataSet per published table and structure (see the module docstring)."""
    kinds: dict[str, set[bool]] = {}
    for obs in w.records.section("observations"):
        kinds.setdefault(obs.dataset, set()).add(obs.counterpart is not None)
    for dataset in w.records.section("datasets"):
        node = w.entity(dataset, "dataset", CKG.Dataset, QB.DataSet)
        w.link(node, PROV.wasAttributedTo, dataset.compiled_by)
        found = kinds.get(dataset.id, {False})
        w.graph.add((node, QB.structure, CKG.areaStructure if False in found else CKG.bilateralStructure))
        if found == {False, True}:
            part = w.iri(dataset.id + BILATERAL_SUFFIX, "dataset")
            for cls in (CKG.Dataset, QB.DataSet):
                w.graph.add((part, RDF.type, cls))
            w.add(part, RDFS.label, f"{dataset.label}: bilateral figures")
            w.graph.add((part, QB.structure, CKG.bilateralStructure))
            w.graph.add((part, DCTERMS.isPartOf, node))
            w.sourced(part, dataset)


def data_set_of(w: Writer, obs) -> URIRef:
    """The data set an observation belongs to: its table's, or the table's bilateral part."""
    node = w.iri(obs.dataset, "dataset")
    if obs.counterpart is not None and (node, QB.structure, CKG.areaStructure) in w.graph:
        return w.iri(obs.dataset + BILATERAL_SUFFIX, "dataset")
    return node


def observations(w: Writer) -> None:
    labels = w.labels
    for obs in w.records.section("observations"):
        area = labels[obs.area]
        label = f"{labels[obs.indicator]}, {area}" + (f" with {labels[obs.counterpart]}" if obs.counterpart else "")
        node = w.entity(obs, "observation", QB.Observation, label=f"{label}, {obs.period}")
        w.graph.add((node, QB.dataSet, data_set_of(w, obs)))
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
