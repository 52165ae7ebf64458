"""The claims audit: Table 2 does not add up, Table 1 agrees with its Total row, parts agree with wholes."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from rdflib import Literal, URIRef

from kg.audit import audit
from kg.build import build_graph
from kg.cli import main
from kg.namespaces import CKG, DEFAULT_BASE


@pytest.fixture(scope="module")
def checks():
    return audit(build_graph())


def find(checks, kind: str, words: str):
    matches = [c for c in checks if c.kind == kind and words in c.claim]
    assert len(matches) == 1, [c.claim for c in checks]
    return matches[0]


def test_table_2_regional_rows_do_not_add_up_to_the_total_row(checks):
    exports = find(checks, "total vs sum of rows", "Cluster exports")
    assert (exports.published, exports.recomputed) == (Decimal(6840), Decimal(9304))
    assert not exports.agrees()
    participants = find(checks, "total vs sum of rows", "participants")
    assert (participants.published, participants.recomputed) == (Decimal(8947), Decimal(9475))
    production = find(checks, "total vs sum of rows", "production")
    assert production.recomputed == Decimal("271.7") and not production.agrees()
    clusters = find(checks, "total vs sum of rows", "Number of operating clusters")
    assert clusters.recomputed == 127 and clusters.agrees()


def test_table_1_agrees_with_the_total_row_in_a_common_unit(checks):
    exports = find(checks, "same figure in two tables", "Cluster exports")
    assert exports.published == Decimal("6.84") and exports.unit == "USD billion"
    assert exports.recomputed == Decimal("6.84") and exports.agrees()
    assert all(c.agrees() for c in checks if c.kind == "same figure in two tables")


def test_average_share_and_sums_agree_within_rounding(checks):
    average = find(checks, "average", "participants per cluster")
    assert average.published == 70 and round(average.recomputed, 2) == Decimal("70.45") and average.agrees()
    share = find(checks, "share", "export-oriented")
    assert share.published == Decimal("52.8") and round(share.recomputed, 2) == Decimal("52.76") and share.agrees()
    turnover = find(checks, "sum", "trade turnover")
    assert (turnover.published, turnover.recomputed) == (Decimal("3.5"), Decimal("3.48")) and turnover.agrees()
    enterprises = find(checks, "sum", "capital")
    assert (enterprises.published, enterprises.recomputed) == (Decimal(1157), Decimal(1157))


def test_the_audit_follows_the_data_not_fixed_numbers():
    graph = build_graph()
    imports = next(s for s in graph.subjects(CKG.indicator, None)
                   if str(graph.value(s, CKG.indicator)).endswith("/imports-from-partner"))
    graph.set((imports, CKG.value, Literal(Decimal("2.92"))))
    turnover = find(audit(graph), "sum", "trade turnover")
    assert turnover.recomputed == Decimal("3.98") and not turnover.agrees()
    assert turnover.agrees(tolerance=0.14)


def test_relations_between_indicators_come_from_the_indicator_scheme():
    graph = build_graph()
    turnover = next(s for s in graph.subjects(CKG.sumOf, None) if str(s).endswith("/trade-turnover"))
    assert any("trade turnover" in c.claim.lower() for c in audit(graph))
    graph.remove((turnover, CKG.sumOf, None))
    assert not any("trade turnover" in c.claim.lower() for c in audit(graph))


def test_audit_command_formats(capsys):
    assert main(["audit", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    differing = [r for r in rows if r["verdict"] == "DIFFERS"]
    assert len(differing) == 5  # three Table 2 totals, two prose claims about production
    assert {r["locator"] for r in differing} >= {"Commentary on Table 2, paragraph 1", "Commentary on Table 1, paragraph 1"}
    assert main(["audit", "--format", "csv", "--tolerance", "50%"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["verdict"] for r in rows} == {"agrees"}
    assert main(["audit"]) == 0
    assert "DIFFERS" in capsys.readouterr().out


def test_base_iri_is_followed(capsys):
    assert main(["audit", "--format", "json", "--base", "https://example.org/kg/"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert any(r["kind"] == "sum" for r in rows)
    assert all(r["source"].startswith("https://example.org/kg/") for r in rows)
    assert DEFAULT_BASE not in json.dumps(rows)


def test_prose_ranking_that_the_table_contradicts_is_reported_with_both_figures(checks):
    navoi = find(checks, "prose top 2 vs table", "Navoi is one of the two leading regions by cluster production")
    assert (navoi.published, navoi.recomputed) == (2, 3) and not navoi.agrees()
    assert navoi.locator == "Commentary on Table 2, paragraph 1"
    assert "Table 2, row Bukhara, column Production (trln UZS): 49.7 trillion UZS" in navoi.against
    assert "Table 2, row Navoi, column Production (trln UZS): 31.5 trillion UZS" in navoi.against
    tashkent = find(checks, "prose top 2 vs table", "Tashkent city is one of the two leading")
    assert tashkent.agrees()


def test_prose_rankings_of_exports_and_cluster_counts_agree_with_table_2(checks):
    ranks = [c for c in checks if c.kind == "prose rank vs table"]
    assert len(ranks) == 6 and all(c.agrees() for c in ranks)
    navoi = find(checks, "prose figure vs table", "Navoi ranks first by cluster exports")
    assert (navoi.published, navoi.recomputed, navoi.unit) == (Decimal("2.15"), Decimal("2.15"), "USD billion")
    assert navoi.against == "Table 2, row Navoi, column Exports (USD mln): 2150 USD mln"


def test_prose_total_is_checked_against_the_sum_of_the_regional_rows(checks):
    total = find(checks, "prose total vs sum of 14 table figures", "total production")
    assert (total.published, total.recomputed) == (Decimal("184.7"), Decimal("271.7")) and not total.agrees()
    assert total.against.count("Table 2, row") == 14
    turnover = find(checks, "prose total vs sum of 2 table figures", "trade turnover")
    assert turnover.recomputed == Decimal("3.48") and turnover.agrees()


def test_every_checkable_claim_is_checked():
    graph = build_graph()
    checkable = set(graph.subjects(CKG.checkedAgainst, None))
    assert len(checkable) >= 20
    assert checkable == {URIRef(c.source) for c in audit(graph) if c.kind.startswith("prose")}


def test_the_claims_audit_follows_the_table():
    graph = build_graph()
    bukhara = next(s for s in graph.subjects(CKG.locator, Literal("Table 2, row Bukhara, column Production (trln UZS)")))
    graph.set((bukhara, CKG.value, Literal(Decimal("30.0"))))
    assert find(audit(graph), "prose top 2 vs table", "Navoi is one of the two leading").agrees()
