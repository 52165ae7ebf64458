"""Cluster policies, the legal acts behind them and the targets they set."""

from __future__ import annotations

from rdflib import XSD, Literal
from rdflib.namespace import DCTERMS

from kg.namespaces import CKG
from kg.populate.writer import Writer, date_literal, decimal_literal

ACT_CLASS = {"decree": CKG.Decree, "resolution": CKG.Resolution, "address": CKG.Address}


def populate(w: Writer) -> None:
    for policy in w.records.section("policies"):
        node = w.entity(policy, "policy", CKG.Policy)
        w.link(node, CKG.inCountry, policy.country)
        w.link(node, CKG.legalBasis, policy.legal_basis)
    for act in w.records.section("legal_acts"):
        name = act.number or f"Address of {act.date}"
        node = w.entity(act, "legal_act", ACT_CLASS[act.kind], label=f"{name}: {act.title}")
        w.add(node, CKG.number, act.number and Literal(act.number))
        w.add(node, DCTERMS.title, act.title)
        w.graph.add((node, DCTERMS.issued, date_literal(act.date)))
        w.link(node, CKG.issuedBy, act.issued_by)
        w.link(node, CKG.inCountry, act.country)
        for mandate in act.mandates:
            w.add(node, CKG.mandate, mandate)
    for target in w.records.section("targets"):
        node = w.entity(target, "target", CKG.Target)
        w.link(node, CKG.setBy, target.set_by)
        w.link(node, CKG.targetIndicator, target.indicator)
        w.graph.add((node, CKG.targetValue, decimal_literal(target.value)))
        if target.value_max is not None:
            w.graph.add((node, CKG.targetValueMax, decimal_literal(target.value_max)))
        w.link(node, CKG.unit, target.unit)
        w.graph.add((node, CKG.deadline, Literal(str(target.deadline), datatype=XSD.gYear)))
        w.link(node, CKG.targetArea, target.area)
        w.add(node, CKG.scope, target.scope)
