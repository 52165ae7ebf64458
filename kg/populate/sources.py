"""Source documents: their bibliographic details."""

from __future__ import annotations

from rdflib import RDFS, SKOS, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.namespaces import CKG
from kg.populate.writer import Writer, date_literal

BIBO = "http://purl.org/ontology/bibo/"


def populate(w: Writer) -> None:
    for doc in w.records.section("sources"):
        node = w.entity(doc, "source", CKG.Source, label=doc.title)
        w.add(node, DCTERMS.title, doc.title)
        w.graph.add((node, DCTERMS.type, Literal(doc.kind)))
        w.link(node, DCTERMS.creator, doc.creators)
        w.link(node, DCTERMS.publisher, doc.publisher)
        if doc.date:
            w.graph.add((node, DCTERMS.date, date_literal(doc.date)))
        w.add(node, DCTERMS.isPartOf, doc.container)
        w.add(node, CKG.pages, doc.pages and Literal(doc.pages))
        w.add(node, URIRef(BIBO + "issue"), doc.issue and Literal(doc.issue))
        for issn in doc.issn:
            w.graph.add((node, URIRef(BIBO + "issn"), Literal(issn)))
        w.add(node, DCTERMS.language, doc.language and Literal(doc.language, datatype=DCTERMS.RFC5646))
        w.add(node, DCTERMS.license, doc.license and URIRef(doc.license))
        w.add(node, RDFS.seeAlso, doc.url and URIRef(doc.url))
        w.link(node, CKG.about, doc.about)
        w.link(node, PROV.wasDerivedFrom, doc.based_on)
        w.add(node, SKOS.note, doc.note)
