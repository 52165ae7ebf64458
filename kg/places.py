"""Which place a user means: any spelling of a region, city or country, resolved as the queries do.

A name matches a place when it equals one of the place's names (rdfs:label, skos:altLabel,
ckg:isoCode) ignoring case, spaces, hyphens and dashes and apostrophes (' ʻ ʼ ’ ‘ `): the
same rule the .rq files apply in SPARQL (see NORMALISED_IN_SPARQL). A name shared by a region
and a city (Navoi, Andijan, …) means the region; `Navoi city`, the city's id (`city/navoi`) or
its IRI picks the city. An unknown name raises PlaceError with close matches.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, Iterable

KINDS = ("region", "country", "city")  # the order in which a shared name is resolved
_IGNORED = re.compile(r"[- '`ʻʼ’‘‐‑‒–—―]")
NORMALISED_IN_SPARQL = '''REPLACE(LCASE(STR(?name)), "[- '`]|ʻ|ʼ|’|‘|‐|‑|‒|–|—|―", "")'''
_QUALIFIERS = {
    "city": ("city", "shahri", "шаҳри", "город", "қаласы"),
    "region": ("region", "province", "oblast", "oblysy", "viloyati", "вилояти", "область", "облысы"),
}
_NAMES_QUERY = """
PREFIX ckg:  <https://w3id.org/clusterkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?place ?class ?label ?code ?name WHERE {
  VALUES ?class { ckg:Region ckg:City ckg:Country }
  ?place a ?class ; rdfs:label ?label ; rdfs:label|skos:altLabel|ckg:isoCode ?name .
  OPTIONAL { ?place ckg:isoCode ?code }
}"""


class PlaceError(ValueError):
    """No place, or more than one, answers to the name; the message is one line."""


@dataclass(frozen=True)
class Place:
    iri: str
    kind: str  # region, country or city
    label: str
    code: str = ""

    def describe(self) -> str:
        return f"the {self.kind} {self.label}" + (f" ({self.code})" if self.code else "")


@dataclass(frozen=True)
class Resolved:
    place: Place
    note: str = ""  # one line when the name also names a place of another kind


def normalise(name: str) -> str:
    """A name as it is compared: lower case, without spaces, hyphens, dashes and apostrophes."""
    return _IGNORED.sub("", name.lower())


class Gazetteer:
    """Every region, city and country of a graph with all its names."""

    def __init__(self, rows: Iterable[tuple[str, str, str, str, str]]):
        self.places: dict[str, Place] = {}
        self.names: dict[str, set[str]] = {}  # normalised name -> IRIs
        self.spellings: dict[str, str] = {}  # normalised name -> one way it is written
        for iri, kind, label, code, name in rows:
            self.places.setdefault(iri, Place(iri, kind, label, code))
            key = normalise(name)
            self.names.setdefault(key, set()).add(iri)
            self.spellings.setdefault(key, name)

    @classmethod
    def of(cls, graph: Any) -> "Gazetteer":
        """The places of `graph` (anything with rdflib's query(), a remote endpoint too)."""
        rows = []
        for row in graph.query(_NAMES_QUERY):
            kind = str(row["class"]).rsplit("#", 1)[-1].lower()
            rows.append((str(row["place"]), kind, str(row["label"]), str(row["code"] or ""), str(row["name"])))
        return cls(rows)

    def resolve(self, name: str, kinds: tuple[str, ...] = KINDS) -> Resolved:
        """The place of one of `kinds` that `name` means (see the module's docstring)."""
        text = name.strip()
        by_id = self._by_id(text)
        if by_id is not None and by_id.kind in kinds:
            return Resolved(by_id)
        matches = self._matching(normalise(text))
        wanted = [place for place in matches if place.kind in kinds]
        if not wanted:
            qualified = self._qualified(text)
            if qualified is not None and qualified.kind in kinds:
                return Resolved(qualified)
            raise PlaceError(self._unknown(text, kinds, matches or ([qualified] if qualified else [])))
        best_kind = min(wanted, key=lambda place: KINDS.index(place.kind)).kind
        best = sorted((place for place in wanted if place.kind == best_kind), key=lambda place: place.code)
        if len(best) > 1:
            listed = ", ".join(place.describe()[len(f"the {best_kind} "):] for place in best)
            raise PlaceError(f"{text!r} names several {best_kind}s ({listed}); give the ISO code")
        others = [place for place in matches if place.kind != best_kind]
        return Resolved(best[0], self._note(text, best[0], others[0]) if others else "")

    def _note(self, text: str, chosen: Place, other: Place) -> str:
        """One line saying which place a shared name was taken for, and how to ask for the other."""
        if other.kind != "city":
            return f"'{text}' means {chosen.describe()}, not {other.describe()}"
        qualified = f"{other.label} city"
        if [place.iri for place in self._matching(normalise(qualified))] not in ([], [other.iri]):
            qualified = "/".join(other.iri.rsplit("/", 2)[-2:])  # e.g. city/tashkent
        return f"'{text}' means {chosen.describe()}; say '{qualified}' for the city"

    def _matching(self, key: str) -> list[Place]:
        return sorted((self.places[iri] for iri in self.names.get(key, ())), key=lambda place: place.iri)

    def _by_id(self, text: str) -> Place | None:
        if text.startswith("<") and text.endswith(">"):
            text = text[1:-1]
        if text in self.places:
            return self.places[text]
        ids = [place for place in self.places.values() if place.iri.lower().endswith("/" + text.lower()) and "/" in text]
        return ids[0] if len(ids) == 1 else None

    def _qualified(self, text: str) -> Place | None:
        """`Navoi city`, `Navoi region`, `Навоийская область`: a name with the word for its kind."""
        words = re.split(r"[\s\-‐‑‒–—―]+", text.lower())
        for kind, qualifiers in _QUALIFIERS.items():
            if len(words) > 1 and words[-1] in qualifiers:
                places = [place for place in self._matching(normalise(" ".join(words[:-1]))) if place.kind == kind]
                if len(places) == 1:
                    return places[0]
        return None

    def _unknown(self, text: str, kinds: tuple[str, ...], others: list[Place]) -> str:
        noun = kinds[0] if len(kinds) == 1 else "place"
        if others:
            return f"{text!r} is {others[0].describe()}, not a {noun}"
        candidates = {key for key, iris in self.names.items() if any(self.places[iri].kind in kinds for iri in iris)}
        close = difflib.get_close_matches(normalise(text), sorted(candidates), n=4, cutoff=0.6)
        suggestion = f"; did you mean {', '.join(repr(self.spellings[key]) for key in close)}?" if close else ""
        return f"no {noun} named {text!r}{suggestion}"


def resolve(graph: Any, name: str, kinds: tuple[str, ...] = KINDS) -> Resolved:
    """The place of one of `kinds` that `name` means in `graph`."""
    return Gazetteer.of(graph).resolve(name, kinds)
