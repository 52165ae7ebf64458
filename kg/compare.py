"""Regions side by side: their Table 2 figures, shares, specialisation and export-potential gap.

Read from the graph through the research questions `specialisation` and `export-potential`
(derived in SPARQL), for up to 14 regions named in any spelling kg.places accepts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from kg.places import Gazetteer, PlaceError
from kg.query import QueryError, query

MAX_REGIONS = 14
COLUMNS = (
    ("clusters", "specialisation"), ("participants", "specialisation"), ("production", "specialisation"),
    ("exports", "specialisation"), ("export_share_pct", "specialisation"),
    ("production_share_pct", "specialisation"), ("export_share_of_total_pct", "specialisation"),
    ("production_share_of_total_pct", "specialisation"), ("specialisation_index", "specialisation"),
    ("exports_per_cluster", "specialisation"), ("exports_per_participant", "specialisation"),
    ("outlier", "specialisation"), ("target_share", "export-potential"), ("gap", "export-potential"),
    ("main_sectors", "export-potential"),
)
LABELS = {
    "production": "production (trln UZS)", "exports": "exports (USD mln)",
    "export_share_pct": "export share of the rows (%)", "production_share_pct": "production share of the rows (%)",
    "export_share_of_total_pct": "export share of the Total row (%)",
    "production_share_of_total_pct": "production share of the Total row (%)",
    "exports_per_cluster": "exports per cluster (USD mln)", "exports_per_participant": "exports per participant (USD thousand)",
    "outlier": "outlier (beyond 2 SD)", "target_share": "share of the 2030 target (USD mln)",
    "gap": "gap to that share (USD mln)",
}
NOTE = ("production in trillion UZS, exports in USD mln (Table 2, as published); shares, index, per-cluster "
        "and per-participant figures (USD thousand), 2030 target share and gap are derived by SPARQL")


@dataclass(frozen=True)
class Comparison:
    """The chosen regions in the order given, and their figures by column name."""

    regions: list[str]
    rows: list[dict[str, Any]]
    notes: list[str]

    def figure(self, region: str, column: str) -> Any:
        return next(row[column] for row in self.rows if row["region"] == region)


def compare(graph: Any, names: Sequence[str], year: str = "2024") -> Comparison:
    """The comparison of the regions `names` (2 to 14, any spelling); QueryError if one is unknown."""
    if not names:
        raise QueryError("compare needs at least one region")
    if len(names) > MAX_REGIONS:
        raise QueryError(f"compare takes up to {MAX_REGIONS} regions, got {len(names)}")
    gazetteer = Gazetteer.of(graph)
    chosen, notes = [], []
    for name in names:
        try:
            resolved = gazetteer.resolve(name, ("region",))
        except PlaceError as error:
            raise QueryError(f"compare: {error}") from None
        if resolved.note:
            notes.append(resolved.note)
        if resolved.place.label in chosen:
            raise QueryError(f"compare: {name!r} names {resolved.place.label}, already chosen")
        chosen.append(resolved.place.label)
    figures = {name: {row["region"]: row for row in query(name, graph, params={"year": year})}
               for name in ("specialisation", "export-potential")}
    missing = [label for label in chosen if label not in figures["specialisation"]]
    if missing:
        raise QueryError(f"compare: {missing[0]} has no Table 2 figures for {year}; the regions with figures are: "
                         + ", ".join(sorted(figures["specialisation"])))
    rows = [{"region": label, **{column: figures[question][label].get(column) for column, question in COLUMNS}}
            for label in chosen]
    return Comparison(chosen, rows, notes)


def by_region(comparison: Comparison) -> tuple[list[str], list[list[Any]]]:
    """Columns and one row per region (for csv, tsv and json)."""
    columns = ["region", *(column for column, _ in COLUMNS)]
    return columns, [[row[column] for column in columns] for row in comparison.rows]


def side_by_side(comparison: Comparison) -> tuple[list[str], list[list[Any]]]:
    """Columns and one row per figure, one column per region (for a table or Markdown)."""
    rows = [[label(column), *(row[column] for row in comparison.rows)] for column, _ in COLUMNS]
    return ["figure", *comparison.regions], rows


def label(column: str) -> str:
    """A column's name for people, with its unit."""
    return LABELS.get(column, column.replace("_", " "))
