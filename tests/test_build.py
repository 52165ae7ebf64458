"""The built graph holds the published facts, each with its source and locator."""

from decimal import Decimal

from rdflib import RDF, BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS, XSD

from kg.build import build_graph, load_ontology
from kg.namespaces import CKG, DEFAULT_BASE, QB, WD

ID = DEFAULT_BASE
PREFIXES = f"""
PREFIX ckg: <{CKG._NS}>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX region: <{ID}region/>
PREFIX country: <{ID}country/>
PREFIX indicator: <{ID}indicator/>
PREFIX dataset: <{ID}dataset/>
"""


def figure(graph, indicator: str, area: str, dataset: str):
    """(value, unit label, source title, locator) of the one matching observation."""
    rows = list(graph.query(PREFIXES + f"""
        SELECT ?value ?unit ?title ?locator WHERE {{
            ?obs a qb:Observation ; ckg:indicator indicator:{indicator} ; ckg:refArea {area} ;
                 qb:dataSet dataset:{dataset} ; ckg:value ?value ; ckg:locator ?locator ;
                 ckg:unit/rdfs:label ?unit ; dcterms:source/dcterms:title ?title .
        }}"""))
    assert len(rows) == 1, rows
    value, unit, title, locator = rows[0]
    return value.toPython(), str(unit), str(title), str(locator)


def test_navoi_cluster_exports_2024_as_published(graph):
    value, unit, title, locator = figure(graph, "cluster-exports", "region:UZ-NW", "table-2")
    assert value == Decimal("2150")
    assert unit == "USD mln"
    assert title == "Regional clusters and their impact on export potential"
    assert locator == "Table 2, row Navoi, column Exports (USD mln)"


def test_table_1_national_indicators(graph):
    assert figure(graph, "number-of-clusters", "country:UZ", "table-1")[:2] == (Decimal("127"), "clusters")
    assert figure(graph, "cluster-participants", "country:UZ", "table-1")[:2] == (Decimal("8947"), "enterprises")
    assert figure(graph, "cluster-employment", "country:UZ", "table-1")[:2] == (Decimal("487200"), "people")
    assert figure(graph, "cluster-exports", "country:UZ", "table-1")[:2] == (Decimal("6.84"), "USD billion")
    assert figure(graph, "cluster-exports-share", "country:UZ", "table-1")[:2] == (Decimal("27.5"), "percent")
    assert figure(graph, "state-support", "country:UZ", "table-1")[:2] == (Decimal("2.47"), "trillion UZS")


def test_table_2_total_row_is_stored_as_published_not_as_the_sum_of_rows(graph):
    total, *_ = figure(graph, "cluster-exports", "country:UZ", "table-2")
    rows = graph.query(PREFIXES + """
        SELECT (SUM(?v) AS ?sum) (COUNT(?v) AS ?n) WHERE {
            ?obs ckg:indicator indicator:cluster-exports ; qb:dataSet dataset:table-2 ;
                 ckg:refArea ?region ; ckg:value ?v . ?region a ckg:Region .
        }""")
    (regional_sum, count), = list(rows)
    assert total == Decimal("6840")
    assert int(count) == 14
    assert regional_sum.toPython() == Decimal("9304")


def test_table_2_has_fourteen_regions_with_main_sectors(graph):
    rows = graph.query(PREFIXES + """
        SELECT ?label (GROUP_CONCAT(?sector; separator=", ") AS ?sectors) WHERE {
            ?spec a ckg:SectorSpecialisation ; ckg:region/rdfs:label ?label ; ckg:publishedLabel ?sector .
        } GROUP BY ?label""")
    sectors = {str(label): str(s) for label, s in rows}
    assert len(sectors) == 14
    assert set(sectors["Navoi"].split(", ")) == {"Gold", "metals", "chemicals"}


def test_textile_chain_runs_namangan_fergana_andijan(graph):
    rows = graph.query(PREFIXES + f"""
        SELECT ?order ?region ?product WHERE {{
            ?stage ckg:siteOf <{ID}cluster/fergana-andijan-namangan-textile> ; ckg:stageOrder ?order ;
                   ckg:locatedIn/rdfs:label ?region ; ckg:output/rdfs:label ?product .
        }} ORDER BY ?order""")
    assert [(int(o), str(r)) for o, r, _ in rows] == [(1, "Namangan"), (2, "Fergana"), (3, "Andijan")]
    flows = graph.query(PREFIXES + """
        SELECT ?from ?to WHERE { ?a ckg:suppliesTo ?b . ?a ckg:locatedIn/rdfs:label ?from .
                                 ?b ckg:locatedIn/rdfs:label ?to . }""")
    assert {(str(a), str(b)) for a, b in flows} == {("Namangan", "Fergana"), ("Fergana", "Andijan")}


def test_legal_acts_and_the_2030_targets(graph):
    pq157 = URIRef(f"{ID}act/pq-157")
    assert (pq157, RDF.type, CKG.Resolution) in graph
    assert graph.value(pq157, DCTERMS.issued) == Literal("2024-04-04", datatype=XSD.date)
    assert graph.value(URIRef(f"{ID}act/pf-60"), DCTERMS.issued) == Literal("2022-01-28", datatype=XSD.date)
    target = URIRef(f"{ID}target/cluster-exports-2030")
    assert graph.value(target, CKG.setBy) == URIRef(f"{ID}act/address-2024-12-18")
    assert graph.value(target, CKG.targetValue).toPython() == Decimal("15")
    assert str(graph.value(graph.value(target, CKG.unit), CKG.multiplier)) == "9"
    assert str(graph.value(target, CKG.deadline)) == "2030"


def test_uz_kz_trade_jan_sep_2025(graph):
    rows = graph.query(PREFIXES + """
        SELECT ?indicator ?value WHERE {
            ?obs ckg:refArea country:UZ ; ckg:counterpartArea country:KZ ; ckg:refPeriod ?p ;
                 ckg:indicator ?indicator ; ckg:value ?value . ?p rdfs:label "2025-01/2025-09" .
        }""")
    values = {str(i).rsplit("/", 1)[1]: v.toPython() for i, v in rows}
    assert values["trade-turnover"] == Decimal("3.5")
    assert values["exports-to-partner"] == Decimal("1.06")
    assert values["imports-from-partner"] == Decimal("2.42")
    assert values["trade-turnover-growth"] == Decimal("15.5")


def test_places_link_to_wikidata_and_iso_3166(graph):
    navoi = URIRef(f"{ID}region/UZ-NW")
    assert (navoi, SKOS.exactMatch, WD.Q487570) in graph
    assert str(graph.value(navoi, CKG.isoCode)) == "UZ-NW"
    assert graph.value(navoi, CKG.inCountry) == URIRef(f"{ID}country/UZ")
    turkestan = URIRef(f"{ID}region/KZ-61")
    assert str(graph.value(turkestan, CKG.formerIsoCode)) == "KZ-YUZ"
    assert str(graph.value(URIRef(f"{ID}country/KZ"), CKG.isoAlpha3)) == "KAZ"


def test_every_entity_and_observation_names_its_source_and_locator(graph):
    unsourced_kinds = {CKG.Period, CKG.Unit, CKG.LinkKind, CKG.Source}  # vocabulary, and sources themselves
    subjects = {
        s for s, cls in graph.subject_objects(RDF.type)
        if (str(cls).startswith(str(CKG._NS)) or cls == QB.Observation) and cls not in unsourced_kinds
        and isinstance(s, URIRef) and str(s).startswith(ID)
    }
    assert len(subjects) > 250
    missing = [s for s in subjects if (s, DCTERMS.source, None) not in graph or (s, CKG.locator, None) not in graph]
    assert missing == []


def test_no_blank_nodes_outside_the_ontology(graph):
    ontology_nodes = {s for s in load_ontology().subjects() if isinstance(s, BNode)}
    data_blank_nodes = {s for s in graph.subjects() if isinstance(s, BNode)}
    assert len(data_blank_nodes) == len(ontology_nodes)  # data adds none


def test_base_iri_is_configurable():
    g = build_graph(base="https://example.org/republished/")
    assert (URIRef("https://example.org/republished/region/UZ-NW"), RDF.type, CKG.Region) in g
    assert not any(str(s).startswith(DEFAULT_BASE) for s in g.subjects())

