"""Mark the statements the curators made, not a source: an owl:Axiom annotation on each such triple
names the curation notes (ckg:curatedIn) and gives the reason (ckg:curationReason).

Runs after the other topics, over the triples they wrote.
"""

from __future__ import annotations

import hashlib

from rdflib import OWL, RDF, SKOS, Literal, URIRef

from kg.namespaces import CKG
from kg.populate.writer import Writer

CURATION_SOURCE = "clusterkg-curation"
RANK_REASON = "The source lists the region's main sectors without ranking them; the rank is the position in the published list."
GROUPING_REASON = "Grouping of the clusterkg sector scheme: no source places this sector under the broader one."
CITY_REASON = "The source names the city; the first-level division it lies in is set by the curators."
CURRENT_REASON = ("The source gives the figure as current (present tense, 'currently'); its reference period is the "
                  "article's publication date, set by the curators.")


def populate(w: Writer) -> None:
    curation = w.iri(CURATION_SOURCE, "source")
    if (curation, None, None) not in w.graph:
        return
    mark = lambda s, p, o, why: curated(w, curation, s, p, o, why)  # noqa: E731
    for spec in w.records.section("specialisations"):
        mark(w.iri(f"{spec.region}-{spec.sector}", "specialisation"), CKG.rank, Literal(spec.rank), RANK_REASON)
    for sector in w.records.section("sectors"):
        if sector.broader:
            mark(w.iri(sector.id), SKOS.broader, w.iri(sector.broader), GROUPING_REASON)
    for city in w.records.section("cities"):
        if city.region:
            mark(w.iri(city.id), CKG.locatedIn, w.iri(city.region), CITY_REASON)
    for cluster in w.records.section("clusters"):
        previous = None
        for stage in cluster.stages:
            node = w.iri(stage.id, "site")
            mark(node, CKG.stageOrder, Literal(stage.order), cluster.stage_order_note)
            if previous is not None:
                mark(previous, CKG.suppliesTo, node, cluster.stage_order_note)
            previous = node
    for record in _sourced_records(w):
        for field, reason in record.curated.items():
            predicate = CURATED_FIELDS[field]
            for target in _ids(getattr(record, field)):
                mark(w.iri(record.id), predicate, w.iri(target), reason)
    publication = {doc.id: doc.date for doc in w.records.section("sources") if doc.date and len(doc.date) == 10}
    for obs in w.records.section("observations"):
        if publication.get(obs.source) == obs.period:
            node = w.iri(obs.id, "observation")
            mark(node, CKG.refPeriod, w.graph.value(node, CKG.refPeriod), CURRENT_REASON)


# Fields a record may mark as curated (`curated: {field: reason}`), and the property they become.
CURATED_FIELDS = {"issued_by": CKG.issuedBy, "located_in": CKG.locatedIn, "parties": CKG.party,
                  "participants": CKG.participant, "sectors": CKG.sector}


def _sourced_records(w: Writer):
    return [record for name in w.records.sections for record in w.records.section(name)
            if getattr(record, "curated", None)]


def _ids(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def curated(w: Writer, curation: URIRef, subject, predicate: URIRef, target, reason: str | None) -> None:
    """Annotate one triple of the graph (it must be there) as made by the curators, with the reason."""
    if target is None or (subject, predicate, target) not in w.graph:
        raise ValueError(f"no triple {subject} {predicate} {target} to mark as curated")
    # a stable IRI, not a blank node: the same statement gets the same mark in every build
    digest = hashlib.sha1(f"{subject} {predicate} {target.n3()}".encode()).hexdigest()[:16]
    axiom = w.iri(digest, "curation")
    w.graph.add((axiom, RDF.type, OWL.Axiom))
    w.graph.add((axiom, OWL.annotatedSource, subject))
    w.graph.add((axiom, OWL.annotatedProperty, predicate))
    w.graph.add((axiom, OWL.annotatedTarget, target))
    w.graph.add((axiom, CKG.curatedIn, curation))
    w.add(axiom, CKG.curationReason, reason)
