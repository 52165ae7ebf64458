"""The kinds of node and edge in the views, and the RDF classes and properties they come from."""

from __future__ import annotations

from dataclasses import dataclass

from kg.namespaces import CKG


@dataclass(frozen=True)
class Kind:
    name: str
    label: str


NODE_KINDS = {
    kind.name: kind for kind in [
        Kind("cluster", "Cluster"),
        Kind("region", "Region"),
        Kind("country", "Country"),
        Kind("city", "City"),
        Kind("sector", "Sector"),
        Kind("policy", "Policy"),
        Kind("legal-act", "Legal act"),
        Kind("target", "Target"),
        Kind("event", "Event"),
        Kind("agreement", "Agreement"),
        Kind("infrastructure", "Corridor or project"),
        Kind("agent", "Organisation or person"),
    ]
}

# class IRI (its subclasses included) -> node kind
NODE_CLASSES = {
    CKG.Cluster: "cluster", CKG.Region: "region", CKG.Country: "country", CKG.City: "city",
    CKG.Sector: "sector", CKG.Policy: "policy", CKG.LegalAct: "legal-act", CKG.Target: "target",
    CKG.Event: "event", CKG.Agreement: "agreement", CKG.TransportCorridor: "infrastructure",
    CKG.InfrastructureProject: "infrastructure", CKG.Organisation: "agent", CKG.Person: "agent",
}

EDGE_KINDS = {
    kind.name: kind for kind in [
        Kind("value-chain", "Value-chain flow"),
        Kind("cross-border", "Cross-border link"),
        Kind("borders", "Borders on"),
        Kind("located-in", "Located in"),
        Kind("in-sector", "Sector"),
        Kind("specialises-in", "Main sector (Table 2)"),
        Kind("legal-basis", "Legal basis"),
        Kind("set-by", "Target set by"),
        Kind("target-area", "Target area"),
        Kind("issued-by", "Issued by"),
        Kind("held-in", "Held in"),
        Kind("participant", "Participant"),
        Kind("session-of", "Session of"),
        Kind("signed-at", "Signed at"),
        Kind("party", "Party"),
        Kind("passes-through", "Passes through"),
        Kind("promoted-by", "Promoted by"),
    ]
}

# object properties drawn as they are: property -> edge kind (kept when both ends are nodes)
PROPERTY_EDGES = {
    CKG.locatedIn: "located-in", CKG.inCountry: "located-in", CKG.sector: "in-sector",
    CKG.legalBasis: "legal-basis", CKG.setBy: "set-by", CKG.targetArea: "target-area",
    CKG.issuedBy: "issued-by", CKG.heldIn: "held-in", CKG.participant: "participant",
    CKG.sessionOf: "session-of", CKG.signedAt: "signed-at", CKG.party: "party",
    CKG.passesThrough: "passes-through", CKG.promotedBy: "promoted-by",
}
