"""Bibliographic details of the source documents and their reference lists (bibo/dcterms records)."""

from __future__ import annotations

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS

from kg.namespaces import BIBO, CKG
from kg.populate.writer import Writer, date_literal

REFERENCE_CLASS = {
    "article": BIBO.AcademicArticle,
    "book": BIBO.Book,
    "conference-paper": BIBO.Article,
    "statistical-yearbook": BIBO.Book,
    None: BIBO.Document,
}


def populate(w: Writer) -> None:
    for doc in w.records.section("sources"):
        node = w.iri(doc.id, "source")
        for issn in doc.eissn:
            w.graph.add((node, BIBO.eissn, Literal(issn)))
        for keyword in doc.keywords:
            w.add(node, DCAT.keyword, keyword)
        w.add(node, DCTERMS.abstract, doc.abstract)
        w.add(node, DCTERMS.bibliographicCitation, doc.citation)
    for ref in w.records.section("references"):
        reference(w, ref)


def reference(w: Writer, ref) -> URIRef:
    """One entry of a reference list: the entry as printed, the fields read from it, and who cites it."""
    node = w.iri(ref.id, "reference")
    w.graph.add((node, RDF.type, REFERENCE_CLASS[ref.kind]))
    if ref.kind:
        w.graph.add((node, DCTERMS.type, Literal(ref.kind)))
    text = lambda value: value and Literal(value, lang=ref.language)  # noqa: E731 - text in the entry's language
    w.add(node, RDFS.label, text(ref.title or ref.citation))
    w.add(node, DCTERMS.bibliographicCitation, text(ref.citation))
    w.add(node, DCTERMS.title, text(ref.title))
    for author in ref.authors:
        w.graph.add((node, CKG.authorName, Literal(author)))
    if ref.year:
        w.graph.add((node, DCTERMS.issued, date_literal(str(ref.year))))
    w.add(node, DCTERMS.isPartOf, text(ref.container))
    w.add(node, BIBO.volume, ref.volume and Literal(ref.volume))
    w.add(node, BIBO.issue, ref.issue and Literal(ref.issue))
    w.add(node, BIBO.pages, ref.pages and Literal(ref.pages))
    w.add(node, BIBO.numPages, ref.num_pages and Literal(ref.num_pages))
    w.add(node, CKG.publisherName, text(ref.publisher))
    w.add(node, CKG.placeOfPublication, text(ref.place))
    w.add(node, RDFS.seeAlso, ref.url and URIRef(ref.url))
    w.add(node, DCTERMS.language, Literal(ref.language, datatype=DCTERMS.RFC5646))
    w.graph.add((node, CKG.referenceNumber, Literal(ref.number)))
    w.graph.add((node, CKG.locator, Literal(ref.locator)))
    w.add(node, RDFS.comment, ref.note)
    source = w.iri(ref.cited_by, "source")
    w.graph.add((source, DCTERMS.references, node))
    w.graph.add((node, DCTERMS.source, source))
    return node
