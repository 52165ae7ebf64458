"""Run the OWL reasoner (HermiT through owlready2) over the graph and return what it inferred.

Asserted and inferred facts stay apart: `reason(graph)` returns a new graph holding only the
triples the reasoner added. owlready2 does not read Turtle, so the graph goes to it as
N-Triples. Literal-valued data triples are left out (they take no part in the axioms, and
HermiT rejects datatypes such as xsd:gYear); the places of the graph are declared distinct
individuals, since each has its own ISO 3166 code or Wikidata item.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import owlready2
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection

from kg.namespaces import CKG, QB

PLACE_CLASSES = (CKG.Country, CKG.Region, CKG.City)
# Data Cube and SDMX typing of properties adds nothing to the axioms and makes owlready2
# warn that a property has several kinds; it is not passed to the reasoner.
SKIPPED_NAMESPACES = (str(QB), "http://purl.org/linked-data/sdmx/")
INFERENCES_ONTOLOGY = "http://inferrences"  # where owlready2 puts what the reasoner infers
MAX_EXPLANATION_RUNS = 60
QUICK_START = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]  # many short runs: start fast, skip JIT tiers
ONTOLOGY_NAMESPACE = str(CKG._NS).rstrip("#")  # terms and rule variables of the ontology


class ReasonerError(Exception):
    """The reasoner could not run (no Java) or the graph is inconsistent."""


class InconsistentGraph(ReasonerError):
    """The graph contradicts the ontology; `culprits` are the individuals of a minimal clash."""

    def __init__(self, culprits: list[URIRef]):
        self.culprits = culprits
        named = ", ".join(f"<{c}>" for c in culprits) or "(the ontology alone)"
        super().__init__(f"the graph is inconsistent with the ontology; the clash involves {named}")


@dataclass(frozen=True)
class Inference:
    """What the reasoner added: the triples, and the class memberships and relations among them."""

    triples: Graph

    def memberships(self) -> list[tuple[URIRef, URIRef]]:
        return sorted((s, o) for s, o in self.triples.subject_objects(RDF.type))

    def relations(self) -> list[tuple[URIRef, URIRef, URIRef]]:
        return sorted((s, p, o) for s, p, o in self.triples if p != RDF.type)


def java_available() -> bool:
    return shutil.which(owlready2.JAVA_EXE) is not None


def reason(graph: Graph) -> Inference:
    """Run HermiT over the graph; return only the triples it inferred.

    Raises ReasonerError when Java is missing and InconsistentGraph (naming the individuals
    of one minimal clash) when the graph contradicts the ontology.
    """
    if not java_available():
        raise ReasonerError("the reasoner needs Java, but no `java` command was found on PATH")
    axioms = reasoner_input(graph)
    world = owlready2.World()
    world.get_ontology("http://clusterkg.invalid/input").load(
        fileobj=io.BytesIO(axioms.serialize(format="nt", encoding="utf-8")), format="ntriples"
    )
    try:
        owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0, ignore_unsupported_datatypes=True)
    except owlready2.OwlReadyInconsistentOntologyError:
        raise InconsistentGraph(explain_inconsistency(axioms)) from None
    except owlready2.OwlReadyJavaError as error:
        raise ReasonerError(f"the reasoner failed: {str(error).splitlines()[-1]}") from None
    return Inference(_new_facts(world, graph))


def reasoner_input(graph: Graph) -> Graph:
    """The triples the reasoner sees: axioms and links between individuals, places declared distinct."""
    axioms = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and isinstance(s, URIRef) and not str(p).startswith(str(OWL)):
            continue
        if str(p).startswith(SKIPPED_NAMESPACES) or (p in (RDF.type, RDFS.subPropertyOf) and str(o).startswith(SKIPPED_NAMESPACES)):
            if o != QB.Observation:
                continue
        axioms.add((s, p, o))
    places = sorted({s for cls in PLACE_CLASSES for s in graph.subjects(RDF.type, cls)})
    if len(places) > 1:
        node, members = BNode(), BNode()
        axioms.add((node, RDF.type, OWL.AllDifferent))
        axioms.add((node, OWL.distinctMembers, members))
        Collection(axioms, members, places)
    return axioms


def _new_facts(world: owlready2.World, graph: Graph) -> Graph:
    """The inferred triples about the data's individuals that the graph does not already assert."""
    inferred = Graph()
    for s, p, o in world.get_ontology(INFERENCES_ONTOLOGY + "/").get_triples():
        if not isinstance(o, int) or s < 0 or o < 0:
            continue  # literals and blank nodes
        triple = tuple(URIRef(world._unabbreviate(term)) for term in (s, p, o))
        if str(triple[0]).startswith((ONTOLOGY_NAMESPACE, INFERENCES_ONTOLOGY)) or triple in graph:
            continue
        inferred.add(triple)
    for prefix, namespace in graph.namespaces():
        inferred.bind(prefix, namespace)
    return inferred


def explain_inconsistency(axioms: Graph) -> list[URIRef]:
    """The individuals of one minimal clash, found by QuickXplain over each individual's triples."""
    background = Graph()
    by_subject: dict[URIRef, list] = {}
    for triple in axioms:
        subject = triple[0]
        if isinstance(subject, URIRef) and not str(subject).startswith(ONTOLOGY_NAMESPACE) and (subject, RDF.type, OWL.Ontology) not in axioms:
            by_subject.setdefault(subject, []).append(triple)
        else:
            background.add(triple)
    if not is_consistent(background):
        return []
    candidates = sorted(by_subject)
    runs = []

    def consistent(subjects: list[URIRef]) -> bool:
        runs.append(subjects)
        if len(runs) > MAX_EXPLANATION_RUNS:
            raise ReasonerError(
                f"the graph is inconsistent with the ontology; {MAX_EXPLANATION_RUNS} reasoner runs did not "
                "narrow the clash down to a few individuals"
            )
        trial = Graph()
        for triple in background:
            trial.add(triple)
        for subject in subjects:
            for triple in by_subject[subject]:
                trial.add(triple)
        return is_consistent(trial)

    def quickxplain(kept: list, added: list, candidates: list) -> list:
        if added and not consistent(kept):
            return []
        if len(candidates) == 1:
            return candidates
        half = len(candidates) // 2
        first, second = candidates[:half], candidates[half:]
        from_second = quickxplain(kept + first, first, second)
        from_first = quickxplain(kept + from_second, from_second, first)
        return from_first + from_second

    return sorted(quickxplain([], [], candidates)) if candidates and not consistent(candidates) else []


def is_consistent(axioms: Graph) -> bool:
    """Ask HermiT (the copy bundled with owlready2) whether the axioms are consistent."""
    hermit = Path(owlready2.__file__).parent / "hermit"
    with tempfile.NamedTemporaryFile(suffix=".nt", delete=False) as handle:
        handle.write(axioms.serialize(format="nt", encoding="utf-8"))
    try:
        result = subprocess.run(
            [owlready2.JAVA_EXE, *QUICK_START, "-cp", f"{hermit}:{hermit / 'HermiT.jar'}", "org.semanticweb.HermiT.cli.CommandLine",
             "-k", "--ignoreUnsupportedDatatypes", Path(handle.name).as_uri()],
            capture_output=True, text=True, check=False,
        )
    finally:
        Path(handle.name).unlink(missing_ok=True)
    output = result.stdout + result.stderr
    if "is satisfiable" in output:
        return True
    if "is not satisfiable" in output or "Inconsistent" in output:
        return False
    raise ReasonerError(f"the reasoner failed: {output.strip().splitlines()[-1] if output.strip() else 'no output'}")
