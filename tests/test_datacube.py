"""The 21 integrity constraints of the W3C RDF Data Cube Recommendation, on the seed graph and on broken cubes."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.build import build_graph
from kg.cli import main
from kg.datacube import DATACUBE_DIR, broken_constraints, constraints, normalized
from kg.namespaces import CKG, DEFAULT_BASE, QB


def iri(path: str) -> URIRef:
    return URIRef(DEFAULT_BASE + path)


@pytest.fixture(scope="module")
def seed() -> Graph:
    return build_graph()


def copy_of(graph: Graph) -> Graph:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    return copy


def test_all_21_constraints_are_there_each_citing_the_recommendation():
    numbers = {c.title.split(".")[0] for c in constraints()}
    assert numbers == {f"IC-{n}" for n in range(1, 22)}
    for path in DATACUBE_DIR.glob("ic-*.rq"):
        assert "https://www.w3.org/TR/2014/REC-vocab-data-cube-20140116/#ic-" in path.read_text()


def test_every_constraint_holds_on_the_seed_graph(seed):
    assert broken_constraints(seed) == []


def test_normalization_types_the_components_named_in_the_structures(seed):
    store = normalized(seed)
    assert store.query("ASK { <%s> a <http://purl.org/linked-data/cube#AttributeProperty> }" % "http://purl.org/dc/terms/source")
    assert store.query("ASK { <%s> a <http://purl.org/linked-data/cube#DimensionProperty> }" % CKG.counterpartArea)


def test_bilateral_figures_sit_in_a_data_set_whose_structure_requires_the_counterpart(seed):
    obs = next(seed.subjects(CKG.counterpartArea, iri("country/KZ")))
    data_set = seed.value(obs, QB.dataSet)
    assert seed.value(data_set, QB.structure) == CKG.bilateralStructure
    area_obs = iri("obs/t1-clusters")  # Table 1: Number of operating clusters, Uzbekistan
    assert seed.value(seed.value(area_obs, QB.dataSet), QB.structure) == CKG.areaStructure


def test_an_optional_dimension_breaks_ic6(seed):
    graph = copy_of(seed)
    spec = next(s for s in graph.subjects(QB.dimension, CKG.counterpartArea))
    graph.add((spec, QB.componentRequired, Literal(False)))
    assert broken_constraints(graph) == ["IC-6. Only attributes may be optional"]


def test_a_figure_without_its_counterpart_breaks_ic11(seed):
    graph = copy_of(seed)
    obs = next(seed.subjects(CKG.counterpartArea, iri("country/KZ")))
    graph.remove((obs, CKG.counterpartArea, None))
    assert "IC-11. All dimensions required" in broken_constraints(graph)


def test_a_dimension_without_range_breaks_ic4(seed):
    graph = copy_of(seed)
    graph.remove((CKG.refArea, RDFS.range, None))
    assert broken_constraints(graph) == ["IC-4. Dimensions have range"]


def test_the_same_figure_twice_in_a_table_breaks_ic12(seed):
    graph = copy_of(seed)
    original, twin = iri("obs/t1-clusters"), iri("obs/t1-clusters-again")
    for p, o in seed.predicate_objects(original):
        graph.add((twin, p, o))
    graph.set((twin, CKG.value, Literal("128", datatype=XSD.decimal)))
    assert broken_constraints(graph) == ["IC-12. No duplicate observations"]


def test_an_observation_in_two_data_sets_breaks_ic1(seed):
    graph = copy_of(seed)
    graph.add((iri("obs/t1-clusters"), QB.dataSet, iri("dataset/table-2")))
    assert "IC-1. Unique DataSet" in broken_constraints(graph)


def test_a_code_outside_a_hierarchical_code_list_breaks_ic20(seed):
    graph = copy_of(seed)
    hierarchy = iri("scheme/indicator-hierarchy")
    graph.add((hierarchy, RDF.type, QB.HierarchicalCodeList))
    graph.add((hierarchy, QB.hierarchyRoot, iri("indicator/trade-turnover")))
    graph.add((hierarchy, QB.parentChildProperty, CKG.sumOf))
    graph.add((CKG.indicator, QB.codeList, hierarchy))
    broken = broken_constraints(graph)
    assert "IC-20. Codes from hierarchy" in broken and "IC-21. Codes from hierarchy (inverse)" not in broken
    inverse = BNode()
    graph.remove((hierarchy, QB.parentChildProperty, CKG.sumOf))
    graph.add((hierarchy, QB.parentChildProperty, inverse))
    graph.add((inverse, URIRef("http://www.w3.org/2002/07/owl#inverseOf"), CKG.sumOf))
    assert "IC-21. Codes from hierarchy (inverse)" in broken_constraints(graph)


def test_rdflib_gives_the_same_verdicts_as_oxigraph(seed):
    graph = copy_of(seed)
    spec = next(s for s in graph.subjects(QB.dimension, CKG.counterpartArea))
    graph.add((spec, QB.componentRequired, Literal(False)))
    for name in ("normalize-phase-1.ru", "normalize-phase-2.ru"):
        graph.update((DATACUBE_DIR / name).read_text())
    by_rdflib = [c.title for c in constraints() if c.instances is None and graph.query(c.query).askAnswer]
    assert by_rdflib == ["IC-6. Only attributes may be optional"]


def test_validate_command_runs_the_constraints(tmp_path, capsys):
    graph = copy_of(build_graph())
    graph.remove((CKG.refPeriod, RDFS.range, None))
    path = tmp_path / "broken.ttl"
    graph.serialize(path, format="turtle")
    assert main(["validate", "--graph", str(path)]) == 1
    assert "W3C Data Cube IC-4. Dimensions have range" in capsys.readouterr().out
