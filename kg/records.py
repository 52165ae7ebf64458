"""The shapes of curated records: one pydantic model per kind of record in kg/data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$", max_length=120)]
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_printable(text: str) -> str:
    """Refuse control characters (a NUL cannot even be written as RDF/XML)."""
    found = CONTROL_CHARACTERS.search(text)
    if found:
        raise ValueError(f"contains the control character {found.group()!r} at position {found.start()}")
    return text


Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000), AfterValidator(check_printable)
]


@dataclass(frozen=True)
class Ref:
    """Marks a field as a reference to records of the given kinds ("*" for any kind)."""

    kinds: tuple[str, ...]


def ref(*kinds: str):
    return Annotated[str, Ref(kinds)]


PLACE = ("country", "region", "city")
AGENT = ("person", "organisation")

# "../2025-10" is an interval open at its start (ISO 8601-2): a date the source gives only as "earlier than".
PERIOD = re.compile(r"^(\.\.|\d{4}(-\d{2}(-\d{2})?)?)(/\d{4}(-\d{2}(-\d{2})?)?)?$")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def check_date(text: str) -> str:
    """A date at year, month or day precision (2024, 2025-10, 2025-11-05)."""
    if not DATE.match(text):
        raise ValueError("expected a date as YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in text.split("-")] + [1, 1]
    date(parts[0], parts[1], parts[2])  # raises ValueError on 2025-13 or 2025-02-30
    return text


def check_period(text: str) -> str:
    """A period: one date, or START/END dates."""
    if not PERIOD.match(text):
        raise ValueError("expected a period as YYYY, YYYY-MM, YYYY-MM-DD or START/END")
    if text.startswith("..") and "/" not in text:
        raise ValueError("an open start (..) needs an end date: ../YYYY-MM")
    for part in text.split("/"):
        if part != "..":
            check_date(part)
    return text


DateText = Annotated[str, AfterValidator(check_date)]
# max_digits bounds the size of a figure: 1e99999999999 would become a hundred-billion-digit xsd:decimal
Figure = Annotated[Decimal, Field(allow_inf_nan=False, max_digits=30)]
PeriodText = Annotated[str, AfterValidator(check_period)]
WikidataId = Annotated[str, StringConstraints(pattern=r"^Q\d+$")]


class Record(BaseModel):
    """Every record has an id, unique across all data files."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Id


class Sourced(Record):
    """A record that names the source document and where in it the fact stands."""

    source: ref("source")
    locator: Text
    note: Text | None = None
    # fields whose statement the curators made, not the source, with the reason: {issued_by: "..."}
    curated: dict[Literal["issued_by", "located_in", "parties", "participants", "sectors"], Text] = {}


class Labelled(Sourced):
    label: Text
    alt_labels: list[Text] = []


class SourceDoc(Record):
    kind: Literal["journal-article", "news-article", "reference-dataset", "curation"]
    title: Text
    creators: list[ref(*AGENT)] = []
    publisher: ref("organisation") | None = None
    date: DateText | None = None
    container: Text | None = None
    issue: Text | None = None
    pages: Text | None = None
    issn: list[Text] = []
    eissn: list[Text] = []
    keywords: list[Text] = []
    abstract: Text | None = None
    citation: Text | None = None
    language: Text | None = None
    license: Text | None = None
    url: Text | None = None
    about: list[ref("*")] = []
    based_on: list[ref("source")] = []
    note: Text | None = None


class Dataset(Sourced):
    label: Text
    compiled_by: list[ref("organisation")] = []


class Country(Labelled):
    alpha3: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    wikidata: WikidataId
    wikidata_note: Text | None = None


class Region(Labelled):
    country: ref("country")
    wikidata: WikidataId
    wikidata_note: Text | None = None
    # "close" where the item is also another resource's exact match (skos:exactMatch is transitive)
    wikidata_match: Literal["exact", "close"] = "exact"
    former_iso: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}-[A-Z0-9]{1,3}$")] | None = None


class City(Labelled):
    region: ref("region") | None = None
    country: ref("country") | None = None
    wikidata: WikidataId | None = None
    wikidata_note: Text | None = None


class Borders(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    source: ref("source")
    locator: Text
    pairs: list[tuple[ref("region"), ref("region")]]


class Sector(Labelled):
    broader: ref("sector") | None = None


class Product(Labelled):
    pass


class Unit(Record):
    label: Text
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = None
    multiplier: Annotated[int, Field(ge=0, le=15)]
    quantity: Text


class Indicator(Labelled):
    definition: Text
    sum_of: list[ref("indicator")] = []
    numerator: ref("indicator") | None = None
    denominator: ref("indicator") | None = None
    minimum: Figure | None = None
    maximum: Figure | None = None


class Observation(Sourced):
    dataset: ref("dataset")
    indicator: ref("indicator")
    area: ref("*")
    counterpart: ref(*PLACE) | None = None
    period: PeriodText
    value: Figure
    unit: ref("unit")


class Specialisation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    region: ref("region")
    rank: Annotated[int, Field(ge=1, le=50)]
    sector: ref("sector")
    published_label: Text
    source: ref("source")
    locator: Text


class Organisation(Labelled):
    country: ref("country") | None = None
    countries: list[ref("country")] = []
    co_chairs: list[ref("person")] = []


class Person(Labelled):
    affiliation: ref("organisation") | None = None
    role: Text | None = None
    country: ref("country") | None = None


class Policy(Labelled):
    country: ref("country")
    legal_basis: list[ref("legal_act")] = Field(min_length=1)


class LegalAct(Sourced):
    kind: Literal["decree", "resolution", "address"]
    number: Text | None = None
    title: Text
    date: DateText
    issued_by: ref(*AGENT)
    country: ref("country")
    mandates: list[Text] = []


class Target(Labelled):
    set_by: ref("legal_act")
    indicator: ref("indicator")
    value: Figure
    value_max: Figure | None = None
    unit: ref("unit")
    deadline: Annotated[int, Field(ge=1900, le=2200)]
    area: ref(*PLACE)
    scope: Text | None = None


class Stage(Record):
    order: Annotated[int, Field(ge=1, le=100)]
    place: ref(*PLACE)
    activity: ref("sector")
    output: ref("product")
    role: Text


class Site(Record):
    place: ref(*PLACE)
    activity: ref("sector")
    role: Text


class Cluster(Labelled):
    type: Literal["local", "regional", "national", "cross-border", "virtual"] | None = None
    united_through: Literal["digital-technologies"] | None = None
    located_in: list[ref(*PLACE)] = Field(min_length=1)
    sectors: list[ref("sector")] = Field(min_length=1)
    status: Text | None = None
    description: Text
    stages: list[Stage] = []
    stage_order_note: Text | None = None
    sites: list[Site] = []


class Event(Labelled):
    kind: Literal["forum", "session", "summit"]
    number: Annotated[int, Field(ge=1)] | None = None
    session_of: ref("organisation") | None = None
    held_in: ref(*PLACE)
    start: DateText | None = None
    end: DateText | None = None
    date_note: Text | None = None
    participants: list[ref(*PLACE, *AGENT)] = []
    outcome: Text | None = None


class Agreement(Labelled):
    kind: Literal["roadmap", "regional-agreements", "trade-contracts"]
    signed_at: ref("event") | None = None
    developed_by: list[ref(*AGENT)] = []
    parties: list[ref(*PLACE)] = Field(min_length=2)
    description: Text | None = None


class Corridor(Labelled):
    passes_through: list[ref(*PLACE)] = []
    promoted_by: list[ref(*PLACE, *AGENT)] = []
    description: Text | None = None


class Project(Labelled):
    status: Text | None = None
    located_in: list[ref(*PLACE)] = []
    passes_through: list[ref(*PLACE)] = []
    promoted_by: list[ref(*PLACE, *AGENT)] = []
    sectors: list[ref("sector")] = []
    description: Text | None = None


class Link(Labelled):
    kinds: list[Literal["trade", "investment", "cluster-cooperation", "transport", "joint-project", "dialogue"]] = Field(
        min_length=1
    )
    parties: list[ref(*PLACE)] = Field(min_length=2)
    through: list[ref("organisation", "event", "agreement", "corridor", "project", "cluster")] = []
    sectors: list[ref("sector")] = []
    products: list[ref("product")] = []
    description: Text | None = None

