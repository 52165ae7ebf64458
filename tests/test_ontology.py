"""The ontology is documented (label, definition, domain, range or a stated reason), OWL 2 DL, and published as a page."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import owlready2
import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef

from kg.build import ONTOLOGY_FILE, PROJECT_DIR, build_graph, load_ontology
from kg.cli import main
from kg.namespaces import CKG, DEFAULT_BASE, WD

PROFILE_CHECK = PROJECT_DIR / "ontology" / "profile" / "OwlDlProfileCheck.java"
HERMIT_JAR = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


def own_terms(ontology: Graph, *kinds) -> list[URIRef]:
    return sorted(t for kind in kinds for t in ontology.subjects(RDF.type, kind) if str(t).startswith(str(CKG._NS)))


def test_every_class_and_property_has_a_label_and_a_definition(ontology):
    terms = own_terms(ontology, OWL.Class, *PROPERTY_KINDS)
    assert len(terms) > 80
    assert [t for t in terms if not ontology.value(t, RDFS.label) or not ontology.value(t, SKOS.definition)] == []


@pytest.mark.parametrize("axis", [RDFS.domain, RDFS.range])
def test_every_property_has_a_domain_and_a_range_or_says_why_not(ontology, axis):
    word = "domain" if axis == RDFS.domain else "range"
    missing = [t for t in own_terms(ontology, *PROPERTY_KINDS) if ontology.value(t, axis) is None
               and not any(str(c).startswith(f"No {word}:") for c in ontology.objects(t, RDFS.comment))]
    assert missing == []


def test_every_property_is_used_by_the_data_or_filled_by_the_reasoner(ontology):
    graph = build_graph()
    unused = [t for t in own_terms(ontology, *PROPERTY_KINDS) if (None, t, None) not in graph - ontology
              and not any("Filled by the reasoner" in str(c) for c in ontology.objects(t, RDFS.comment))]
    assert unused == []


def test_every_prefix_of_the_export_is_declared(tmp_path):
    assert main(["build", "--no-validate", "--out", str(tmp_path)]) == 0
    turtle = (tmp_path / "clusterkg.ttl").read_text(encoding="utf-8")
    assert "@prefix bibo: <http://purl.org/ontology/bibo/>" in turtle
    assert turtle.count("<http://purl.org/ontology/bibo/") == 1  # the prefix line: bibo:issn, bibo:issue below


def test_tashkent_city_keeps_the_exact_match_and_the_division_only_a_close_one():
    graph = build_graph()
    city, division = URIRef(DEFAULT_BASE + "city/tashkent"), URIRef(DEFAULT_BASE + "region/UZ-TK")
    assert set(graph.subjects(SKOS.exactMatch, WD.Q269)) == {city}
    assert (division, SKOS.closeMatch, WD.Q269) in graph


def profile_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["java", "-cp", str(HERMIT_JAR), str(PROFILE_CHECK), str(path)],
                          capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.skipif(shutil.which("java") is None, reason="the OWL API profile checker runs on Java, not installed here")
def test_the_ontology_is_in_the_owl2_dl_profile():
    result = profile_check(ONTOLOGY_FILE)
    assert result.stdout.strip().splitlines() == ["in profile"], result.stdout + result.stderr
    assert result.returncode == 0


@pytest.mark.skipif(shutil.which("java") is None, reason="the OWL API profile checker runs on Java, not installed here")
def test_the_profile_checker_finds_a_violation(tmp_path):
    broken = tmp_path / "broken.ttl"
    text = ONTOLOGY_FILE.read_text(encoding="utf-8").replace("skos:definition a owl:AnnotationProperty .", "")
    broken.write_text(text, encoding="utf-8")
    result = profile_check(broken)
    assert result.returncode == 1
    assert "Use of undeclared annotation property: <http://www.w3.org/2004/02/skos/core#definition>" in result.stdout


def test_build_writes_the_ontology_page_offline_with_every_term(tmp_path, ontology):
    assert main(["build", "--no-validate", "--out", str(tmp_path)]) == 0
    page = (tmp_path / "ontology.html").read_text(encoding="utf-8")
    for term in own_terms(ontology, OWL.Class, *PROPERTY_KINDS):
        assert f'id="{str(term).rsplit("#", 1)[1]}"' in page
    assert "ckg:spansRegion max 1 ckg:Region" in page  # the definition of a local cluster
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', page)  # nothing fetched from the network
