"""The claims audit: published figures checked against each other, found by SPARQL over the observations.

Checks: a table's total row against the sum of its regional rows; the same indicator for the
same area and period in two tables (compared in a common unit through ckg:multiplier); and
figures tied by an arithmetic relation between indicators (an average against its parts, a
share against its whole, a turnover against exports plus imports, a total against its kinds).
Every published figure stays as published: the audit only reports.

A check agrees when the difference is within the rounding of the figures involved (half a unit
in the last published digit of each, carried through the arithmetic) plus a relative tolerance.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from decimal import Decimal
from itertools import groupby

from rdflib import Graph

from kg.namespaces import CKG

PREFIXES = f"PREFIX ckg: <{CKG._NS}>\nPREFIX qb: <http://purl.org/linked-data/cube#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"

# How an indicator follows from others, as the indicator scheme states it: ckg:sumOf, or
# ckg:numerator with ckg:denominator.
RELATIONS = PREFIXES + """
SELECT ?whole ?role ?part
WHERE {
  { ?whole ckg:sumOf ?part . BIND("sum" AS ?role) }
  UNION { ?whole ckg:numerator ?part . BIND("numerator" AS ?role) }
  UNION { ?whole ckg:denominator ?part . BIND("denominator" AS ?role) }
}
"""

# Kinds of quantity (ckg:quantityKind of a unit) that are counted exactly when published in full.
EXACT_QUANTITIES = {"clusters", "enterprises", "count"}

OBSERVATIONS = PREFIXES + """
SELECT ?obs ?dataset ?datasetLabel ?indicator ?indicatorLabel ?area ?areaLabel ?counterpart ?period ?periodLabel ?value
       ?unitLabel ?multiplier ?quantity
WHERE {
  ?obs a qb:Observation ; qb:dataSet ?dataset ; ckg:indicator ?indicator ; ckg:refArea ?area ;
       ckg:refPeriod ?period ; ckg:value ?value ; ckg:unit ?unit .
  ?unit ckg:multiplier ?multiplier ; rdfs:label ?unitLabel .
  OPTIONAL { ?unit ckg:quantityKind ?quantity }
  OPTIONAL { ?period rdfs:label ?periodLabel }
  OPTIONAL { ?obs ckg:counterpartArea ?counterpart }
  OPTIONAL { ?dataset rdfs:label ?datasetLabel }
  OPTIONAL { ?indicator rdfs:label ?indicatorLabel }
  OPTIONAL { ?area rdfs:label ?areaLabel }
}
"""

# A total row: an observation about a country with observations about its regions in the same table.
TOTALS_AND_ROWS = PREFIXES + """
SELECT ?total ?row
WHERE {
  ?total qb:dataSet ?dataset ; ckg:indicator ?indicator ; ckg:refPeriod ?period ; ckg:refArea ?country .
  ?country a ckg:Country .
  ?row qb:dataSet ?dataset ; ckg:indicator ?indicator ; ckg:refPeriod ?period ; ckg:refArea ?region .
  ?region a ckg:Region ; ckg:inCountry ?country .
  FILTER NOT EXISTS { ?total ckg:counterpartArea ?any }
  FILTER NOT EXISTS { ?row ckg:counterpartArea ?other }
}
"""

# The same indicator, area, counterpart and period published in two tables.
SAME_FIGURE_TWICE = PREFIXES + """
SELECT ?first ?second
WHERE {
  ?first qb:dataSet ?d1 ; ckg:indicator ?indicator ; ckg:refArea ?area ; ckg:refPeriod ?period .
  ?second qb:dataSet ?d2 ; ckg:indicator ?indicator ; ckg:refArea ?area ; ckg:refPeriod ?period .
  OPTIONAL { ?first ckg:counterpartArea ?c1 }
  OPTIONAL { ?second ckg:counterpartArea ?c2 }
  FILTER (STR(?d1) < STR(?d2) && COALESCE(?c1, "") = COALESCE(?c2, ""))
}
"""


@dataclass(frozen=True)
class Figure:
    """One published figure, with its unit's power of ten."""

    obs: str
    dataset: str
    indicator: str
    indicator_label: str
    area: str
    area_label: str
    counterpart: str | None
    period: str
    value: Decimal
    unit: str
    multiplier: int
    quantity: str
    exact: bool  # a count of things, published in full (no rounding)

    @property
    def base_value(self) -> Decimal:
        return self.value.scaleb(self.multiplier)

    @property
    def base_rounding(self) -> Decimal:
        """Half a unit in the last published digit, in the base unit (none for an exact count)."""
        if self.exact:
            return Decimal(0)
        return Decimal(5).scaleb(self.value.as_tuple().exponent - 1 + self.multiplier)


@dataclass(frozen=True)
class Check:
    kind: str
    claim: str
    published: Decimal
    recomputed: Decimal
    unit: str
    allowance: Decimal
    source: str
    locator: str = ""  # where the checked figure or claim stands
    against: str = ""  # the figures it was compared with, each with its locator

    @property
    def difference(self) -> Decimal:
        return self.recomputed - self.published

    @property
    def relative(self) -> float | None:
        return float(self.difference / self.published) if self.published else None

    def agrees(self, tolerance: float = 0.0) -> bool:
        return abs(self.difference) <= self.allowance + abs(self.published) * Decimal(str(tolerance))

    def as_row(self, tolerance: float = 0.0) -> dict:
        row = asdict(self)
        row.update(difference=self.difference, relative=self.relative, verdict="agrees" if self.agrees(tolerance) else "DIFFERS")
        return row


def figures(graph: Graph) -> dict[str, Figure]:
    found = {}
    for row in graph.query(OBSERVATIONS):
        found[str(row.obs)] = Figure(
            obs=str(row.obs), dataset=str(row.datasetLabel or row.dataset).split(". ", 1)[0], indicator=str(row.indicator),
            indicator_label=str(row.indicatorLabel or row.indicator), area=str(row.area),
            area_label=str(row.areaLabel or row.area), counterpart=str(row.counterpart) if row.counterpart else None,
            period=str(row.periodLabel or row.period), value=Decimal(str(row.value)), unit=str(row.unitLabel),
            multiplier=int(row.multiplier), quantity=str(row.quantity or ""), exact=str(row.quantity) in EXACT_QUANTITIES and int(row.multiplier) == 0,
        )
    return found


def audit(graph: Graph) -> list[Check]:
    """Every check the graph's observations allow, in a stable order."""
    from kg.audit_claims import audit_claims  # the prose claims, checked against the same figures

    known = figures(graph)
    checks = total_checks(graph, known) + repeated_checks(graph, known) + relation_checks(graph, known)
    locators = {str(obs): str(locator) for obs, locator in graph.subject_objects(CKG.locator)}
    return [replace(check, locator=locators.get(check.source, "")) for check in checks] + audit_claims(graph)


def in_unit_of(figure: Figure, base_value: Decimal) -> Decimal:
    return base_value.scaleb(-figure.multiplier)


def total_checks(graph: Graph, known: dict[str, Figure]) -> list[Check]:
    pairs = sorted((str(r.total), str(r.row)) for r in graph.query(TOTALS_AND_ROWS))
    checks = []
    for total_iri, rows in groupby(pairs, key=lambda pair: pair[0]):
        total = known[total_iri]
        parts = [known[row] for _, row in rows]
        recomputed = in_unit_of(total, sum(p.base_value for p in parts))
        allowance = in_unit_of(total, total.base_rounding + sum(p.base_rounding for p in parts))
        checks.append(Check(
            kind="total vs sum of rows",
            claim=f"{total.indicator_label}, {total.area_label}: {total.dataset} total row vs sum of its {len(parts)} regional rows",
            published=total.value, recomputed=recomputed, unit=total.unit, allowance=allowance, source=total.obs,
            against=f"sum of the {len(parts)} regional rows of {total.dataset}",
        ))
    return checks


def repeated_checks(graph: Graph, known: dict[str, Figure]) -> list[Check]:
    checks = []
    for row in sorted(graph.query(SAME_FIGURE_TWICE), key=lambda r: (str(r.first), str(r.second))):
        first, second = known[str(row.first)], known[str(row.second)]
        checks.append(Check(
            kind="same figure in two tables",
            claim=f"{first.indicator_label}, {first.area_label}: {first.dataset} vs {second.dataset}",
            published=first.value, recomputed=in_unit_of(first, second.base_value), unit=first.unit,
            allowance=in_unit_of(first, first.base_rounding + second.base_rounding), source=first.obs,
        ))
    return checks


def relations(graph: Graph) -> list[tuple[str, str, list[str]]]:
    """(kind, whole, parts) of each indicator the scheme defines from others; a ratio's parts are numerator, denominator."""
    roles: dict[str, dict[str, list[str]]] = {}
    for row in graph.query(RELATIONS):
        roles.setdefault(str(row.whole), {}).setdefault(str(row.role), []).append(str(row.part))
    return [
        ("sum", whole, sorted(parts["sum"])) if "sum" in parts else ("ratio", whole, parts["numerator"] + parts["denominator"])
        for whole, parts in sorted(roles.items())
    ]


def relation_checks(graph: Graph, known: dict[str, Figure]) -> list[Check]:
    by_key: dict[tuple, dict[str, Figure]] = {}
    for figure in known.values():
        by_key.setdefault((figure.area, figure.counterpart, figure.period), {})[figure.indicator] = figure
    checks = []
    for kind, whole_iri, part_iris in relations(graph):
        for key in sorted(by_key, key=str):
            present = by_key[key]
            if whole_iri in present and all(p in present for p in part_iris):
                checks.append(_relation_check(kind, present[whole_iri], [present[p] for p in part_iris]))
    return checks


def _relation_check(kind: str, whole: Figure, parts: list[Figure]) -> Check:
    names = [p.indicator_label for p in parts]
    if kind == "sum":
        recomputed = in_unit_of(whole, sum(p.base_value for p in parts))
        spread = in_unit_of(whole, sum(p.base_rounding for p in parts))
        claim = f"{whole.indicator_label} = {' + '.join(names)}"
    else:
        numerator, denominator = parts
        kind = "share" if whole.quantity == "percent" else "average"
        scale = Decimal(100) if kind == "share" else Decimal(1)
        ratio = lambda n, d: scale * n / d  # noqa: E731 - the one formula, used three times
        recomputed = ratio(numerator.base_value, denominator.base_value)
        low = ratio(numerator.base_value - numerator.base_rounding, denominator.base_value + denominator.base_rounding)
        high = ratio(numerator.base_value + numerator.base_rounding, denominator.base_value - denominator.base_rounding)
        spread = max(recomputed - low, high - recomputed)
        claim = f"{whole.indicator_label} = {'100 × ' if kind == 'share' else ''}{names[0]} / {names[1]}"
    return Check(
        kind=kind, claim=f"{claim} ({whole.area_label}, {whole.period})",
        published=whole.value, recomputed=recomputed, unit=whole.unit,
        allowance=whole.base_rounding.scaleb(-whole.multiplier) + spread, source=whole.obs,
    )
