"""Published or curated, never confused: curation marks, reference lists and bibliographic details."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import OWL, RDF, SKOS, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.build import build_graph
from kg.errors import DataError
from kg.load import DATA_DIR, load_records
from kg.namespaces import BIBO, CKG, DEFAULT_BASE

SOURCE = DEFAULT_BASE + "source/"


@pytest.fixture(scope="module")
def graph():
    return build_graph()


def marks(graph, predicate=None):
    """(subject, predicate, target, reason) of every curation mark."""
    found = []
    for axiom in graph.subjects(RDF.type, OWL.Axiom):
        if graph.value(axiom, CKG.curatedIn) is None:
            continue
        p = graph.value(axiom, OWL.annotatedProperty)
        if predicate is None or p == predicate:
            found.append((graph.value(axiom, OWL.annotatedSource), p, graph.value(axiom, OWL.annotatedTarget),
                          graph.value(axiom, CKG.curationReason)))
    return found


def test_every_curation_mark_names_the_curation_notes_a_reason_and_a_triple_of_the_graph(graph):
    all_marks = marks(graph)
    assert len(all_marks) > 50
    for axiom in graph.subjects(CKG.curatedIn, None):
        assert str(graph.value(axiom, CKG.curatedIn)) == SOURCE + "clusterkg-curation"
        assert (graph.value(axiom, CKG.curatedIn), RDF.type, CKG.Source) in graph
    for subject, predicate, target, reason in all_marks:
        assert (subject, predicate, target) in graph
        assert reason is not None and len(str(reason)) > 20


def test_sector_ranks_and_groupings_are_marked_as_curation(graph):
    ranked = {(str(s).rsplit("/", 1)[-1], int(o)) for s, _, o, _ in marks(graph, CKG.rank)}
    assert ("UZ-NW-gold", 1) in ranked and ("UZ-NW-chemicals", 3) in ranked
    assert len(ranked) == len(set(graph.subjects(CKG.rank, None)))  # every rank, none missed
    broader = {(str(s).rsplit("/", 1)[-1], str(o).rsplit("/", 1)[-1]) for s, _, o, _ in marks(graph, SKOS.broader)}
    assert ("textiles", "light-industry") in broader
    assert len(broader) == len(list(graph.subject_objects(SKOS.broader)))


def test_issuer_of_pq_157_and_article_dated_periods_are_curation(graph):
    issued = [(str(s), str(o), str(why)) for s, _, o, why in marks(graph, CKG.issuedBy)]
    assert issued == [(DEFAULT_BASE + "act/pq-157", DEFAULT_BASE + "organisation/president-uz", issued[0][2])]
    assert "PF-60 only" in issued[0][2]
    dated = {str(s).rsplit("/", 1)[-1] for s, _, _, _ in marks(graph, CKG.refPeriod)}
    assert {"uz-capital-entities-in-kz", "syrdarya-cluster-area"} <= dated
    assert "t2-navoi-exports" not in dated


def test_reference_lists_are_bibliographic_records_linked_from_their_sources(graph):
    for source, count in [("jumayeva-regional-clusters", 29), ("ukubasova-2018", 7)]:
        references = set(graph.objects(URIRef(SOURCE + source), DCTERMS.references))
        assert len(references) == count
        numbers = sorted(int(graph.value(r, CKG.referenceNumber)) for r in references)
        assert numbers == list(range(1, count + 1))
    krugman = next(r for r in graph.subjects(CKG.authorName, Literal("Krugman P.")))
    assert (krugman, RDF.type, BIBO.Book) in graph and int(graph.value(krugman, BIBO.numPages)) == 142


def test_print_and_online_issn_are_told_apart(graph):
    turan = URIRef(SOURCE + "ukubasova-2018")
    assert {str(o) for o in graph.objects(turan, BIBO.issn)} == {"1562-2959"}
    assert {str(o) for o in graph.objects(turan, BIBO.eissn)} == {"2959-1236"}


def test_a_curated_field_the_record_does_not_have_is_refused(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    policy = data / "policy.yaml"
    policy.write_text(policy.read_text(encoding="utf-8").replace("      issued_by: The source", "      located_in: The source"),
                      encoding="utf-8")
    with pytest.raises(DataError, match="curated.located_in"):
        load_records(data)
