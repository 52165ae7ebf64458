"""Cross-border cooperation: events, agreements, corridors, projects and links."""

from __future__ import annotations

from rdflib import RDFS
from rdflib.namespace import DCTERMS

from kg.namespaces import CKG
from kg.populate.writer import Writer, date_literal

EVENT_CLASS = {"forum": CKG.Forum, "session": CKG.Session, "summit": CKG.Summit}
AGREEMENT_CLASS = {
    "roadmap": CKG.Roadmap,
    "regional-agreements": CKG.RegionalAgreement,
    "trade-contracts": CKG.TradeContract,
}
LINK_KIND = {
    "trade": CKG.Trade,
    "investment": CKG.Investment,
    "cluster-cooperation": CKG.ClusterCooperation,
    "transport": CKG.Transport,
    "joint-project": CKG.JointProject,
    "dialogue": CKG.Dialogue,
}


def populate(w: Writer) -> None:
    for event in w.records.section("events"):
        node = w.entity(event, "event", EVENT_CLASS[event.kind])
        w.add(node, CKG.number, event.number)
        w.link(node, CKG.sessionOf, event.session_of)
        w.link(node, CKG.heldIn, event.held_in)
        w.add(node, CKG.startDate, event.start and date_literal(event.start))
        w.add(node, CKG.endDate, event.end and date_literal(event.end))
        w.add(node, CKG.dateNote, event.date_note)
        w.link(node, CKG.participant, event.participants)
        w.add(node, CKG.outcome, event.outcome)
    for agreement in w.records.section("agreements"):
        node = w.entity(agreement, "agreement", AGREEMENT_CLASS[agreement.kind])
        w.link(node, CKG.signedAt, agreement.signed_at)
        w.link(node, DCTERMS.creator, agreement.developed_by)
        w.link(node, CKG.party, agreement.parties)
        w.add(node, RDFS.comment, agreement.description)
    for corridor in w.records.section("corridors"):
        node = w.entity(corridor, "corridor", CKG.TransportCorridor)
        w.link(node, CKG.passesThrough, corridor.passes_through)
        w.link(node, CKG.promotedBy, corridor.promoted_by)
        w.add(node, RDFS.comment, corridor.description)
    for project in w.records.section("projects"):
        node = w.entity(project, "project", CKG.InfrastructureProject)
        w.add(node, CKG.status, project.status)
        w.link(node, CKG.locatedIn, project.located_in)
        w.link(node, CKG.passesThrough, project.passes_through)
        w.link(node, CKG.promotedBy, project.promoted_by)
        w.link(node, CKG.sector, project.sectors)
        w.add(node, RDFS.comment, project.description)
    for link in w.records.section("links"):
        node = w.entity(link, "link", CKG.CrossBorderLink)
        for kind in link.kinds:
            w.graph.add((node, CKG.linkKind, LINK_KIND[kind]))
        w.link(node, CKG.party, link.parties)
        w.link(node, CKG.through, link.through)
        w.link(node, CKG.sector, link.sectors)
        w.link(node, CKG.tradedProduct, link.products)
        w.add(node, RDFS.comment, link.description)
