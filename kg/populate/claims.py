"""Statements of the prose as typed claims (rankings, figures, totals, explanations, dated facts)."""

from __future__ import annotations

from rdflib import Literal

from kg.namespaces import CKG
from kg.populate.figures import period
from kg.populate.writer import Writer, decimal_literal

CLAIM_CLASS = {
    "ranking": CKG.RankingClaim,
    "figure": CKG.FigureClaim,
    "total": CKG.TotalClaim,
    "explanation": CKG.ExplanationClaim,
    "dated-fact": CKG.DatedFact,
    "assessment": CKG.Assessment,
    "comparison": CKG.ComparisonClaim,
}


def populate(w: Writer) -> None:
    for claim in w.records.section("claims"):
        node = w.entity(claim, "claim", CKG.Claim, CLAIM_CLASS[claim.kind], label=claim.statement)
        w.add(node, CKG.quote, claim.quote)
        w.add(node, CKG.statement, claim.statement)
        w.link(node, CKG.claimSubject, claim.subject)
        w.link(node, CKG.claimIndicator, claim.indicator)
        w.add(node, CKG.claimedRank, claim.rank)
        w.add(node, CKG.claimedTop, claim.top)
        if claim.value is not None:
            w.graph.add((node, CKG.claimedValue, decimal_literal(claim.value)))
        w.link(node, CKG.unit, claim.unit)
        w.add(node, CKG.qualifier, claim.qualifier and Literal(claim.qualifier))
        if claim.period:
            w.graph.add((node, CKG.claimPeriod, period(w, claim.period)))
        w.link(node, CKG.checkedAgainst, claim.checked_against)
        w.link(node, CKG.claimObject, claim.objects)
