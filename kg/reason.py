"""Run the OWL reasoner (HermiT, the copy bundled with owlready2) over the graph and return what it inferred.

Asserted and inferred facts stay apart: `reason(graph)` returns a new graph holding only the
triples the reasoner added. HermiT first checks the whole graph, literals included (only date
literals, outside the OWL 2 datatype map, are read with its ignore-unsupported-datatypes option).
It then infers class memberships and relations through owlready2 from the graph without its
literal values: HermiT 1.4's realisation of property values fails (ConcurrentModificationException)
on the graph with them, and no axiom of the ontology lets a literal decide a class or a relation.
The places of the graph are declared distinct individuals (each has its own ISO 3166 code or
Wikidata item). The cluster types the data asserts are held back and compared with the types
the reasoner gives from their definitions (kg.cluster_types).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import contextlib
from dataclasses import dataclass, field
from pathlib import Path

import owlready2
from rdflib import OWL, RDF, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection

from kg.cluster_types import CLUSTER_TYPES, Disagreement, asserted_types, closure_axioms, disagreements
from kg.namespaces import CKG

PLACE_CLASSES = (CKG.Country, CKG.Region, CKG.City)
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
    disagreements: list[Disagreement] = field(default_factory=list)

    def memberships(self) -> list[tuple[URIRef, URIRef]]:
        return sorted((s, o) for s, o in self.triples.subject_objects(RDF.type))

    def relations(self) -> list[tuple[URIRef, URIRef, URIRef]]:
        return sorted((s, p, o) for s, p, o in self.triples if p != RDF.type)


def java_available() -> bool:
    return shutil.which(owlready2.JAVA_EXE) is not None


def reason(graph: Graph) -> Inference:
    """Run HermiT over the graph; return only the triples it inferred, and where asserted cluster types disagree.

    Raises ReasonerError when Java is missing and InconsistentGraph (naming the individuals
    of one minimal clash) when the graph contradicts the ontology.
    """
    if not java_available():
        raise ReasonerError("the reasoner needs Java, but no `java` command was found on PATH")
    whole = reasoner_input(graph)
    if not is_consistent(whole):
        raise InconsistentGraph(explain_inconsistency(whole))
    axioms = without_literal_values(whole)
    world = owlready2.World()
    with contextlib.redirect_stderr(io.StringIO()):  # owlready2 warns of Data Cube property typing
        world.get_ontology("http://clusterkg.invalid/input").load(
            fileobj=io.BytesIO(axioms.serialize(format="nt", encoding="utf-8")), format="ntriples"
        )
    try:
        owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0, ignore_unsupported_datatypes=True)
    except owlready2.OwlReadyInconsistentOntologyError:
        raise InconsistentGraph(explain_inconsistency(axioms)) from None
    except owlready2.OwlReadyJavaError as error:
        raise ReasonerError(f"the reasoner failed: {str(error).splitlines()[-1]}") from None
    inferred = _inferred(world)
    types = {(s, o) for s, o in inferred.subject_objects(RDF.type) if o in CLUSTER_TYPES}
    return Inference(_new_facts(inferred, graph), disagreements(asserted_types(graph), types))


def reasoner_input(graph: Graph) -> Graph:
    """The whole graph, asserted cluster types held back, with the closure axioms and the places declared distinct."""
    axioms = Graph()
    held_back = asserted_types(graph)
    for triple in graph:
        if (triple[0], triple[2]) not in held_back or triple[1] != RDF.type:
            axioms.add(triple)
    for cluster, _type in held_back:
        axioms.add((cluster, RDF.type, CKG.Cluster))
    axioms += closure_axioms(axioms)
    places = sorted({s for cls in PLACE_CLASSES for s in graph.subjects(RDF.type, cls)})
    if len(places) > 1:
        node, members = BNode(), BNode()
        axioms.add((node, RDF.type, OWL.AllDifferent))
        axioms.add((node, OWL.distinctMembers, members))
        Collection(axioms, members, places)
    return axioms


def without_literal_values(axioms: Graph) -> Graph:
    """The axioms and the links between individuals: literal values of named resources left out."""
    kept = Graph()
    for s, p, o in axioms:
        if isinstance(o, Literal) and isinstance(s, URIRef) and not str(p).startswith(str(OWL)):
            continue
        kept.add((s, p, o))
    return kept


def _inferred(world: owlready2.World) -> Graph:
    """Every triple the reasoner inferred about the data's individuals (literals and blank nodes left out)."""
    inferred = Graph()
    for s, p, o in world.get_ontology(INFERENCES_ONTOLOGY + "/").get_triples():
        if not isinstance(o, int) or s < 0 or o < 0:
            continue  # literals and blank nodes
        triple = tuple(URIRef(world._unabbreviate(term)) for term in (s, p, o))
        if not str(triple[0]).startswith((ONTOLOGY_NAMESPACE, INFERENCES_ONTOLOGY)):
            inferred.add(triple)
    return inferred


def _new_facts(inferred: Graph, graph: Graph) -> Graph:
    """The inferred triples the graph does not already assert (nor "is a owl:Thing", true of everything),
    with the graph's prefixes."""
    new = Graph()
    for triple in inferred:
        if triple not in graph and triple[1:] != (RDF.type, OWL.Thing):
            new.add(triple)
    for prefix, namespace in graph.namespaces():
        new.bind(prefix, namespace)
    return new


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
