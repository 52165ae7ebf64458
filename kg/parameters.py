"""Check a user's parameter values against the graph before and after a query runs.

A parameter named `region`, `country` or `partner` is a place: its value must name one (any
spelling, kg.places), else the user hears which names come close. A parameter named `year` or
`by` is a year: when the answer is empty, the user hears which years do have an answer.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from kg.places import Gazetteer, PlaceError, normalise
from kg.query import QueryError, StoredQuery, run

PLACE_PARAMETERS = {"region": ("region",), "country": ("country",), "partner": ("country",)}
YEAR_PARAMETERS = ("year", "by")
_YEARS_QUERY = """
PREFIX ckg:  <https://w3id.org/clusterkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?year WHERE {
  { ?period a ckg:Period ; rdfs:label ?year } UNION { ?target ckg:deadline ?year }
}"""


def place_values(graph: Any, stored: StoredQuery, values: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The values to run with, and one line for each name that also names another kind of place.

    A name the graph knows is passed on as the user wrote it (the query matches it in SPARQL);
    an id, IRI or qualified name (`Navoi city`) is passed on as the place's ISO code or label.
    """
    values = dict(values)
    notes = []
    places = [name for name in values if name in PLACE_PARAMETERS and name in {p.name for p in stored.parameters}]
    gazetteer = Gazetteer.of(graph) if places else None
    for name in places:
        try:
            resolved = gazetteer.resolve(values[name], PLACE_PARAMETERS[name])
        except PlaceError as error:
            raise QueryError(f"{stored.name}: parameter {name}: {error}") from None
        if resolved.note:
            notes.append(resolved.note)
        if resolved.place.iri not in gazetteer.names.get(normalise(values[name]), ()):
            values[name] = resolved.place.code or resolved.place.label
    return values, notes


def years_with_answers(graph: Any, stored: StoredQuery, values: Mapping[str, str]) -> dict[str, list[str]]:
    """For each year parameter the user set: the years for which the query has rows."""
    years = None
    found = {}
    for name in (name for name in YEAR_PARAMETERS if name in values):
        if years is None:
            years = sorted({str(row["year"]) for row in graph.query(_YEARS_QUERY)
                            if re.fullmatch(r"\d{4}", str(row["year"]))})
        found[name] = [year for year in years
                       if run(graph, stored.text_with({**values, name: year}), where=stored.name).bindings]
    return found


def check_not_empty(graph: Any, stored: StoredQuery, values: Mapping[str, str], rows: int) -> None:
    """QueryError naming the years with answers when a year the user chose gave none."""
    if rows:
        return
    for name, years in years_with_answers(graph, stored, values).items():
        if values[name] not in years:
            have = ", ".join(years) or "none"
            raise QueryError(f"{stored.name}: no rows for {name}={values[name]}; the years with an answer are: {have}")
