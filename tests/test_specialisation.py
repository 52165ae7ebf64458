"""Specialisation, export potential and value-chain gaps: derived by SPARQL, checked against a hand
computation from Table 2 of the first source and against a second engine (raw pyoxigraph)."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest

from kg.export import serialize
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


def test_outliers_follow_the_two_standard_deviation_rule(specialisation):
    """Recompute the rule by hand: |x - mean| > 2 SD (population) over the fourteen regions."""
    values = {region: 1000 * row[3] / row[1] for region, row in TABLE_2.items()}
    mean = sum(values.values()) / len(values)
    sd = (sum((v - mean) ** 2 for v in values.values()) / len(values)) ** 0.5
    flagged = {region for region, v in values.items() if abs(v - mean) > 2 * sd}
    assert flagged == {"Bukhara"}  # 52 participants for 340 USD mln of exports
    said = {region for region, row in specialisation.items() if "exports per participant" in row["outlier"]}
    assert said == flagged


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
def test_the_query_file_runs_unchanged_in_pyoxigraph_with_the_same_rows(graph, oxigraph_store, name):
    text = (QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8")
    answer = oxigraph_store.query(text)
    columns = [variable.value for variable in answer.variables]
    raw = sorted(tuple(_plain(solution[column]) for column in columns) for solution in answer)
    ours = sorted(tuple(_plain_value(row[column]) for column in columns) for row in query(name, graph, params=QUESTIONS[name]))
    assert raw and raw == ours


def _plain(term):
    if term is None:
        return ""
    return float(term.value) if _is_number(term) else term.value


def _plain_value(value):
    if value is None:
        return ""
    return float(value) if isinstance(value, (int, float, Decimal)) else str(value)


def _is_number(term) -> bool:
    return isinstance(term, ox.Literal) and term.datatype.value.endswith(("#decimal", "#integer", "#double"))
