"""Specialisation, export potential and value-chain gaps: derived by SPARQL, checked against a hand
computation from Table 2 of the first source and against a second engine (raw pyoxigraph)."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest

from kg.build import open_or_build
from kg.export import serialize
from kg.store import DEFAULT_STORE
from kg.query import QUERIES_DIR, query

# Table 2 "Distribution of Clusters by Region (2024)" of Jumayeva, "Regional clusters and their
# impact on export potential", typed in from the document:
# region: (clusters, participants, production trln UZS, exports USD mln)
TABLE_2 = {
    "Tashkent city": (23, 1847, 42.8, 1240),
    "Tashkent region": (11, 892, 18.4, 387),
    "Andijan": (14, 1124, 24.7, 890),
    "Fergana": (12, 967, 19.3, 780),
    "Namangan": (9, 734, 14.6, 562),
    "Syrdarya": (8, 687, 16.8, 1150),
    "Samarkand": (10, 745, 13.2, 420),
    "Bukhara": (7, 52, 49.7, 340),
    "Navoi": (6, 478, 31.5, 2150),
    "Kashkadarya": (9, 687, 22.4, 890),
    "Surkhandarya": (5, 342, 4.8, 124),
    "Jizzakh": (5, 398, 7.2, 218),
    "Khorezm": (4, 287, 3.9, 95),
    "Karakalpakstan": (4, 235, 2.4, 58),
}
TOTAL_ROW = (127, 8947, 184.7, 6840)

# The default of each parameter, as the query file's VALUES block declares it.
QUESTIONS = {"specialisation": {"year": "2024"}, "export-potential": {"year": "2024"}, "value-chain-gaps": {}}


def hand_computed() -> dict[str, dict[str, float]]:
    rows_production = sum(row[2] for row in TABLE_2.values())
    rows_exports = sum(row[3] for row in TABLE_2.values())
    expected = {}
    for region, (clusters, participants, production, exports) in TABLE_2.items():
        export_share = 100 * exports / rows_exports
        production_share = 100 * production / rows_production
        expected[region] = {
            "export_share_pct": export_share,
            "production_share_pct": production_share,
            "specialisation_index": export_share / production_share,
            "export_share_of_total_pct": 100 * exports / TOTAL_ROW[3],
            "production_share_of_total_pct": 100 * production / TOTAL_ROW[2],
            "exports_per_cluster": exports / clusters,
            "exports_per_participant": 1000 * exports / participants,
        }
    return expected


@pytest.fixture(scope="module")
def default_store():
    """The graph on clusterkg's default store (Oxigraph), as `clusterkg query` asks it."""
    return open_or_build(DEFAULT_STORE)


@pytest.fixture(scope="module")
def specialisation(graph):
    return {row["region"]: row for row in query("specialisation", graph, params={"year": "2024"})}


def test_specialisation_equals_a_hand_computation_from_table_2(specialisation):
    expected = hand_computed()
    assert set(specialisation) == set(TABLE_2)
    for region, figures in expected.items():
        for column, value in figures.items():
            places = 2 if column == "specialisation_index" else 1
            got = float(specialisation[region][column])
            assert abs(got - value) <= 0.5 * 10 ** -places + 1e-9, (region, column, got, value)


def test_syrdarya_and_navoi_export_twice_their_production_share_bukhara_a_fifth(specialisation):
    assert float(specialisation["Syrdarya"]["specialisation_index"]) == pytest.approx(2.0, abs=0.01)
    assert float(specialisation["Navoi"]["specialisation_index"]) == pytest.approx(1.99, abs=0.01)
    assert float(specialisation["Bukhara"]["specialisation_index"]) == pytest.approx(0.20, abs=0.01)


def test_the_two_bases_disagree_and_the_answer_says_so(specialisation):
    navoi = specialisation["Navoi"]
    assert navoi["export_share_pct"] != navoi["export_share_of_total_pct"]
    assert "9304" in navoi["rows_vs_total"] and "6840" in navoi["rows_vs_total"]
    assert sum(float(row["export_share_pct"]) for row in specialisation.values()) == pytest.approx(100, abs=0.5)


def flagged_by_hand(measure) -> set[str]:
    """The regions whose value of `measure` lies more than two population SDs from the mean."""
    values = {region: measure(*row) for region, row in TABLE_2.items()}
    mean = sum(values.values()) / len(values)
    sd = (sum((v - mean) ** 2 for v in values.values()) / len(values)) ** 0.5
    return {region for region, v in values.items() if abs(v - mean) > 2 * sd}


@pytest.mark.parametrize("label, measure, expected", [
    ("specialisation index", lambda clusters, participants, production, exports: exports / production,
     {"Navoi", "Syrdarya"}),
    ("exports per cluster", lambda clusters, participants, production, exports: exports / clusters, {"Navoi"}),
    ("exports per participant", lambda clusters, participants, production, exports: exports / participants,
     {"Bukhara"}),  # 52 participants for 340 USD mln of exports
])
def test_outliers_follow_the_two_standard_deviation_rule(specialisation, label, measure, expected):
    """Recompute the rule by hand, |x - mean| > 2 SD over the fourteen regions, for each flag;
    the index's deviation is a fixed multiple of that of exports ÷ production."""
    assert flagged_by_hand(measure) == expected
    said = {region for region, row in specialisation.items() if label in row["outlier"].split("; ")}
    assert said == expected


def test_every_row_is_marked_as_derived_with_its_inputs(specialisation):
    for row in specialisation.values():
        assert row["formula"].startswith("derived, not published")
        assert "/obs/t2-" in row["inputs_source"]
        assert "Table 2" in row["inputs_locator"]


@pytest.fixture(scope="module")
def oxigraph_store(graph):
    store = ox.Store()
    store.load(serialize(graph, "ttl"), format=ox.RdfFormat.TURTLE)
    return store


@pytest.mark.parametrize("name", list(QUESTIONS))
def test_the_query_file_runs_unchanged_in_pyoxigraph_with_the_same_rows(default_store, oxigraph_store, name):
    text = (QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8")
    answer = oxigraph_store.query(text)
    columns = [variable.value for variable in answer.variables]
    raw = sorted(tuple(_plain(solution[column]) for column in columns) for solution in answer)
    ours = sorted(tuple(_plain_value(row[column]) for column in columns) for row in query(name, default_store, params=QUESTIONS[name]))
    assert raw and raw == ours


def _plain(term):
    if term is None:
        return ""
    return float(term.value) if _is_number(term) else _unordered(term.value)


def _plain_value(value):
    if value is None:
        return ""
    return float(value) if isinstance(value, (int, float, Decimal)) else _unordered(str(value))


def _unordered(text: str) -> str:
    """GROUP_CONCAT joins in no set order: compare the joined parts as sets."""
    return "; ".join(sorted(", ".join(sorted(part.split(", "))) for part in text.split("; ")))


def _is_number(term) -> bool:
    return isinstance(term, ox.Literal) and term.datatype.value.endswith(("#decimal", "#integer", "#double"))


def test_export_potential_shares_out_the_2030_target_by_the_rows(graph):
    rows = {row["region"]: row for row in query("export-potential", graph)}
    rows_exports = sum(row[3] for row in TABLE_2.values())
    for region, (_, _, _, exports) in TABLE_2.items():
        share = 15000 * exports / rows_exports  # USD 15 billion by 2030, in USD mln
        assert float(rows[region]["target_share"]) == pytest.approx(share, abs=0.5)
        assert float(rows[region]["gap"]) == pytest.approx(share - exports, abs=1)
    assert rows["Navoi"]["main_sectors"] == "Gold, Metals, Chemicals"
    assert rows["Navoi"]["target_locator"] == "paragraph on the Address of 18 December 2024"


NEWS = "Economics of Cooperation: How Uzbekistan and Kazakhstan Are Creating a Common Space for Growth"
JUMAYEVA = "Regional clusters and their impact on export potential"


@pytest.fixture(scope="module")
def export_potential(graph):
    return {row["region"]: row for row in query("export-potential", graph)}


def test_export_potential_names_the_main_sectors_of_the_key_exports_to_kazakhstan(export_potential):
    rows = export_potential
    # machinery, agricultural goods, construction materials; textiles (Economics of Cooperation, Economic Dynamics)
    assert rows["Tashkent city"]["export_linked_sectors"] == "Machinery"
    assert rows["Tashkent region"]["export_linked_sectors"] == "Construction materials"  # not its Food industry
    assert rows["Surkhandarya"]["export_linked_sectors"] == "Agriculture"
    assert rows["Karakalpakstan"]["export_linked_sectors"] == "Fisheries"  # a narrower sector of agriculture
    # the link names textiles: Andijan's Textiles, and Light industry, the broader sector it belongs to
    assert set(rows["Andijan"]["export_linked_sectors"].split(", ")) == {"Textiles", "Light industry"}
    assert "Cotton fiber" in rows["Syrdarya"]["export_linked_sectors"]  # a narrower sector of textiles
    assert rows["Andijan"]["export_evidence"] == "Uzbekistan–Kazakhstan trade"
    assert rows["Andijan"]["evidence_locator"] == f"{NEWS}, Economic Dynamics, paragraphs 1–3"


def test_export_potential_links_no_sector_the_sources_do_not_link_to_exports(export_potential):
    for region in ("Kashkadarya", "Samarkand", "Jizzakh"):  # oil and gas, tourism, metallurgy: no statement
        assert export_potential[region]["export_linked_sectors"] is None
        assert export_potential[region]["export_evidence"] is None


def test_export_potential_names_navois_gold_and_metals_from_the_commentary_on_table_2(export_potential):
    navoi = export_potential["Navoi"]
    assert set(navoi["export_linked_sectors"].split(", ")) == {"Gold", "Metals"}
    assert navoi["evidence_locator"] == f"{JUMAYEVA}, Commentary on Table 2, paragraph 2"


def test_the_sectors_of_the_trade_link_are_marked_as_the_curators_mapping(graph):
    from rdflib import OWL, URIRef

    from kg.namespaces import CKG

    base = "https://w3id.org/clusterkg/id/"
    marks = [axiom for axiom in graph.subjects(OWL.annotatedSource, URIRef(base + "link/uz-kz-trade"))
             if graph.value(axiom, OWL.annotatedProperty) == CKG.sector]
    assert {str(graph.value(axiom, OWL.annotatedTarget)).rsplit("/", 1)[1] for axiom in marks} == {
        "machinery", "agriculture", "construction-materials", "textiles"}
    assert all(str(graph.value(axiom, CKG.curatedIn)) == base + "source/clusterkg-curation" for axiom in marks)
    assert all("key export categories" in str(graph.value(axiom, CKG.curationReason)) for axiom in marks)


def test_value_chain_gaps_textile_stages_absent_on_the_kazakh_side(default_store):
    rows = [row for row in query("value-chain-gaps", default_store) if row["comparison"] == "Textiles value chain"]
    stages = {row["stage_or_sector"]: row for row in rows}
    assert {"Cotton fiber", "Cotton processing", "Yarn and fabric production", "Garment manufacturing"} <= set(stages)
    assert stages["Cotton processing"]["present_at"] == "Namangan"
    assert {row["absent_in"] for row in rows} == {"Kazakhstan"}
    assert "Cluster types, regional clusters" in stages["Garment manufacturing"]["present_source"]


def test_value_chain_gaps_textile_chain_cites_the_kazakh_textile_article_for_the_other_side(default_store):
    rows = [row for row in query("value-chain-gaps", default_store) if row["comparison"] == "Textiles value chain"]
    stages = {row["stage_or_sector"]: row for row in rows}
    # the Kazakh article names textile clusters for Kazakhstan: Textiles itself is no gap, its stages are
    assert set(stages) == {"Cotton fiber", "Cotton processing", "Yarn and fabric production", "Garment manufacturing"}
    assert ("Cluster approach in Kazakhstan textile industry modernization, title and abstract"
            in stages["Garment manufacturing"]["other_side_source"])


def test_value_chain_gaps_partner_regions_compare_both_sides(default_store):
    rows = [row for row in query("value-chain-gaps", default_store) if row["comparison"].startswith("Uzbek–Kazakh")]
    by_sector = {row["stage_or_sector"]: row for row in rows}
    kazakh_side = f"{NEWS}, Regional Cooperation Centers and Clusters, paragraph 2"
    for sector in ("Processing of agricultural raw materials", "Production of high-value food products"):
        row = by_sector[sector]
        assert (row["present_in"], row["absent_in"]) == ("Kazakhstan", "Uzbekistan")
        assert set(row["present_at"].split(", ")) == {"Turkestan", "Kyzylorda", "Zhetysu"}
        assert row["present_source"] == kazakh_side
    # the Kazakh regions process agricultural raw materials and make food: not a gap of their partners
    assert not {"Agro-industry", "Food industry", "Processing"} & set(by_sector)
    assert {"Precision agriculture", "Polyethylene pipes", "Textiles"} <= set(by_sector)
    uzbek = [row for row in rows if row["present_in"] == "Uzbekistan"]
    assert uzbek and all(row["absent_in"] == "Kazakhstan" for row in uzbek)
    assert all(row["other_side_source"] == kazakh_side for row in uzbek)
