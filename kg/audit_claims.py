"""The prose claims audit: each claim that ranks, gives or totals figures, checked against its table.

A claim names the table it is checked against (ckg:checkedAgainst). A figure claim agrees when
its value equals the table's figure within the rounding of both; a total claim when it equals the
sum of its parts (the indicators it is the sum of, else the table's regional rows); a ranking
claim when the subject's position among the table's regional rows is the claimed one (or within
the claimed top n). Every check carries the claim's locator and the table figures it was
compared with, with their locators.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rdflib import Graph

from kg.audit import PREFIXES, Check, Figure, figures

CLAIMS = PREFIXES + """
SELECT ?claim ?kind ?statement ?locator ?subject ?indicator ?dataset ?rank ?top ?value ?unitLabel ?multiplier ?period
WHERE {
  ?claim a ?kind ; ckg:checkedAgainst ?dataset ; ckg:claimSubject ?subject ; ckg:claimIndicator ?indicator ;
         ckg:statement ?statement ; ckg:locator ?locator .
  VALUES ?kind { ckg:RankingClaim ckg:FigureClaim ckg:TotalClaim }
  OPTIONAL { ?claim ckg:claimedRank ?rank }
  OPTIONAL { ?claim ckg:claimedTop ?top }
  OPTIONAL { ?claim ckg:claimedValue ?value ; ckg:unit ?unit . ?unit ckg:multiplier ?multiplier ; rdfs:label ?unitLabel }
  OPTIONAL { ?claim ckg:claimPeriod/rdfs:label ?period }
}
ORDER BY ?claim
"""

# Where each observation stands, its table (the data set, or the table a data set is part of),
# and the country of its area when the area is a region.
PLACES = PREFIXES + """
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?obs ?dataset ?locator ?country
WHERE {
  ?obs a qb:Observation ; qb:dataSet/dcterms:isPartOf? ?dataset ; ckg:locator ?locator ; ckg:refArea ?area .
  OPTIONAL { ?area a ckg:Region ; ckg:inCountry ?country }
}
"""

PARTS = PREFIXES + "SELECT ?whole ?part WHERE { ?whole ckg:sumOf ?part }"


@dataclass(frozen=True)
class Row:
    """A table figure with its table, locator and (for a regional row) its country."""

    figure: Figure
    dataset: str
    locator: str
    country: str | None

    def shown(self) -> str:
        return f"{self.locator}: {self.figure.value} {self.figure.unit}"


def audit_claims(graph: Graph) -> list[Check]:
    """One check per prose claim that can be compared with a table, in claim order."""
    known = figures(graph)
    rows = [Row(known[str(r.obs)], str(r.dataset), str(r.locator), r.country and str(r.country))
            for r in graph.query(PLACES) if str(r.obs) in known]
    parts: dict[str, list[str]] = {}
    for r in graph.query(PARTS):
        parts.setdefault(str(r.whole), []).append(str(r.part))
    checks = []
    for claim in graph.query(CLAIMS):
        in_table = [row for row in rows if row.dataset == str(claim.dataset)
                    and (claim.period is None or row.figure.period == str(claim.period))]
        kind = str(claim.kind).rsplit("#", 1)[-1]
        if kind == "RankingClaim":
            checks.append(_ranking(claim, in_table))
        if claim.value is not None:
            checks.append((_total if kind == "TotalClaim" else _figure)(claim, in_table, parts))
    return [check for check in checks if check is not None]


def _claimed(claim) -> tuple[Decimal, int, Decimal]:
    """The claimed value, its unit's power of ten, and half a unit in its last published digit."""
    value, multiplier = Decimal(str(claim.value)), int(claim.multiplier)
    return value, multiplier, Decimal(5).scaleb(value.as_tuple().exponent - 1)


def _check(kind: str, claim, published, recomputed, unit: str, allowance, against: list[Row]) -> Check:
    return Check(kind=kind, claim=str(claim.statement), published=published, recomputed=recomputed, unit=unit,
                 allowance=allowance, source=str(claim.claim), locator=str(claim.locator),
                 against="; ".join(row.shown() for row in against))


def _figure(claim, in_table: list[Row], parts) -> Check | None:
    matches = [row for row in in_table if row.figure.indicator == str(claim.indicator)
               and row.figure.area == str(claim.subject) and row.figure.counterpart is None]
    if not matches:
        return None
    row = matches[0]
    value, multiplier, rounding = _claimed(claim)
    table_value = row.figure.base_value.scaleb(-multiplier)
    allowance = rounding + row.figure.base_rounding.scaleb(-multiplier)
    return _check("prose figure vs table", claim, value, table_value, str(claim.unitLabel), allowance, [row])


def _total(claim, in_table: list[Row], parts: dict[str, list[str]]) -> Check | None:
    indicator, subject = str(claim.indicator), str(claim.subject)
    if indicator in parts:
        summed = [row for row in in_table if row.figure.indicator in parts[indicator] and row.figure.area == subject]
    else:
        summed = [row for row in in_table if row.figure.indicator == indicator and row.country == subject]
    if not summed:
        return None
    value, multiplier, rounding = _claimed(claim)
    total = sum(row.figure.base_value for row in summed).scaleb(-multiplier)
    allowance = rounding + sum(row.figure.base_rounding for row in summed).scaleb(-multiplier)
    return _check(f"prose total vs sum of {len(summed)} table figures", claim, value, total,
                  str(claim.unitLabel), allowance, summed)


def _ranking(claim, in_table: list[Row]) -> Check | None:
    subject = str(claim.subject)
    mine = next((row for row in in_table if row.figure.area == subject and row.figure.indicator == str(claim.indicator)),
                None)
    if mine is None:
        return None
    ranked = [row for row in in_table if row.figure.indicator == str(claim.indicator) and row.country == mine.country
              and row.country is not None]
    above = sorted((row for row in ranked if row.figure.base_value > mine.figure.base_value),
                   key=lambda row: -row.figure.base_value)
    position = Decimal(len(above) + 1)
    if claim.rank is not None:
        kind, claimed, agrees = "prose rank vs table", Decimal(int(claim.rank)), position == int(claim.rank)
    else:
        kind, claimed, agrees = f"prose top {int(claim.top)} vs table", Decimal(int(claim.top)), position <= int(claim.top)
    # a ranking agrees exactly or not at all: the allowance is zero, and "recomputed" is the claimed
    # position itself when the table puts the subject within the claimed top n
    recomputed = claimed if agrees else position
    return _check(kind, claim, claimed, recomputed, "rank", Decimal(0), above + [mine])
