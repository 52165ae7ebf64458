"""The shared helpers of every topic module: record IRIs and the common triples of a record."""

from __future__ import annotations

from decimal import Decimal
from functools import cached_property

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg import records as r
from kg.load import Records
from kg.namespaces import CKG, SEGMENTS, WD


def date_literal(text: str) -> Literal:
    """A date typed by its published precision: xsd:gYear, xsd:gYearMonth or xsd:date."""
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}[len(text)]
    return Literal(text, datatype=datatype)


def decimal_literal(value: Decimal) -> Literal:
    """An xsd:decimal with the published digits ("2150" stays "2150", "70" is not "70.0"), never in exponent form."""
    return Literal(format(value, "f"), datatype=XSD.decimal)


class Writer:
    """Adds triples for records to one graph under the data's base IRI."""

    def __init__(self, records: Records, base: str, graph: Graph):
        self.records = records
        self.base = base
        self.graph = graph

    def iri(self, record_id: str, kind: str | None = None) -> URIRef:
        """The IRI of a record: <base><segment>/<id>."""
        segment = SEGMENTS[kind or self.records.kinds[record_id]]
        return URIRef(f"{self.base}{segment}/{record_id}")

    def add(self, subject: URIRef, predicate: URIRef, value) -> None:
        """Add a triple unless the value is missing; strings become English literals."""
        if value is None:
            return
        if isinstance(value, (URIRef, Literal)):
            pass
        elif isinstance(value, str):
            value = Literal(value, lang="en")
        else:
            value = Literal(value)
        self.graph.add((subject, predicate, value))

    def link(self, subject: URIRef, predicate: URIRef, ids) -> None:
        """Add a triple to the record IRI of each id (one id, a list, or None)."""
        for record_id in [ids] if isinstance(ids, str) else ids or []:
            self.graph.add((subject, predicate, self.iri(record_id)))

    def entity(self, record: r.Record, kind: str, *classes: URIRef, label: str | None = None) -> URIRef:
        """The common triples: types, label, alternative labels, source, locator, note."""
        node = self.iri(record.id, kind)
        for cls in classes:
            self.graph.add((node, RDF.type, cls))
        self.add(node, RDFS.label, label or getattr(record, "label", None))
        for alt in getattr(record, "alt_labels", []):
            self.add(node, SKOS.altLabel, alt)
        if isinstance(record, r.Sourced):
            self.sourced(node, record)
        return node

    def sourced(self, node: URIRef, record) -> None:
        """The source document, locator and note of a record."""
        self.link(node, DCTERMS.source, record.source)
        self.graph.add((node, CKG.locator, Literal(record.locator)))
        self.add(node, SKOS.note, getattr(record, "note", None))

    def identifiers(self, node: URIRef, record, iso_code: str | None) -> None:
        """ISO code and verified Wikidata match of a place."""
        if iso_code:
            self.graph.add((node, CKG.isoCode, Literal(iso_code)))
        if record.wikidata:
            self.graph.add((node, CKG.wikidata, Literal(record.wikidata)))
            close = getattr(record, "wikidata_match", "exact") == "close"
            self.graph.add((node, SKOS.closeMatch if close else SKOS.exactMatch, WD[record.wikidata]))
        self.add(node, SKOS.editorialNote, record.wikidata_note)

    @cached_property
    def labels(self) -> dict[str, str]:
        """The label of every record that has one, by id."""
        return {item.id: item.label for section in self.records.sections
                for item in self.records.section(section) if hasattr(item, "label")}
