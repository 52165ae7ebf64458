"""Each research question in queries/ answers with the published figures (Jumayeva 2025, Tables 1
and 2; the UZ–KZ cooperation article), and its derived figures agree with arithmetic on the
curated records, so a wrong join or a wrong unit fails here."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg import build_graph, query
from kg.cli import main
from kg.load import load_records
from kg.query import list_queries


@pytest.fixture(scope="module")
def graph():
    """The graph on Oxigraph, the store the commands use (tests/test_engines.py shows rdflib's own
    engine gives the same rows)."""
    return build_graph(store="oxigraph")


@pytest.fixture(scope="module")
def table2():
    """Table 2 as published: {(region label or 'Total', indicator): value}."""
    records = load_records()
    labels = {region.id: region.label for region in records.section("regions")} | {"UZ": "Total"}
    return {
        (labels[obs.area], obs.indicator): obs.value
        for obs in records.section("observations")
        if obs.dataset == "table-2"
    }


def regional(table2, indicator):
    return {region: value for (region, name), value in table2.items() if name == indicator and region != "Total"}


def ask(graph, name, **params):
    return query(name, graph, params=params)


def test_exports_by_region_ranks_navoi_first_with_its_share_of_the_national_total(graph, table2):
    rows = ask(graph, "exports-by-region")
    exports = regional(table2, "cluster-exports")
    assert (rows[0]["region"], rows[0]["exports"], rows[0]["unit"]) == ("Navoi", Decimal("2150"), "USD mln")
    assert [row["region"] for row in rows] == sorted(exports, key=lambda region: (-exports[region], region))
    total = table2[("Total", "cluster-exports")]
    assert all(row["national_total"] == total == Decimal("6840") for row in rows)
    assert rows[0]["share_of_total_pct"] == Decimal("31.4")  # 2150 / 6840
    tolerance = Decimal("0.05") * len(rows)  # each share is rounded to 0.1
    assert abs(sum(row["share_of_rows_pct"] for row in rows) - 100) <= tolerance
    rows_over_total = 100 * sum(exports.values()) / total  # 9304 / 6840: the rows exceed the Total
    assert abs(sum(row["share_of_total_pct"] for row in rows) - rows_over_total) <= tolerance
    assert {row["rank"] for row in rows if row["exports"] == Decimal("890")} == {4}


def test_exports_by_region_cites_the_row_of_each_region(graph):
    for row in ask(graph, "exports-by-region"):
        assert row["source"].endswith("/source/jumayeva-regional-clusters")
        assert row["locator"] == f"Table 2, row {row['region']}, column Exports (USD mln)"


@pytest.mark.parametrize("name", ["exports-by-region", "exports-per-cluster", "production-vs-exports", "totals-audit"])
def test_a_year_without_figures_gives_no_rows_and_the_command_names_the_years_with_figures(graph, name, capsys):
    assert ask(graph, name, year="2024")
    assert ask(graph, name, year="2023") == []
    assert main(["query", name, "-p", "year=2023", "--store", "oxigraph"]) == 2
    assert capsys.readouterr().err.strip().endswith("no rows for year=2023; the years with an answer are: 2024")


def test_exports_per_cluster_matches_the_published_rows(graph, table2):
    rows = ask(graph, "exports-per-cluster")
    exports = regional(table2, "cluster-exports")
    clusters = regional(table2, "number-of-clusters")
    participants = regional(table2, "cluster-participants")
    assert len(rows) == len(exports) == 14
    for row in rows:
        region = row["region"]
        assert row["exports_per_cluster"] == round(exports[region] / clusters[region], 1)
        assert row["exports_per_participant"] == round(exports[region] / participants[region], 2)
    assert rows[0]["region"] == "Navoi" and rows[0]["exports_per_cluster"] == Decimal("358.3")
    by_participant = min(rows, key=lambda row: row["rank_per_participant"])
    assert by_participant["region"] == "Bukhara"  # 340 USD mln from 52 participants, as published


def test_production_vs_exports_compares_each_region_with_the_total_row(graph, table2):
    rows = ask(graph, "production-vs-exports")
    exports = regional(table2, "cluster-exports")
    production = regional(table2, "cluster-production")
    national = table2[("Total", "cluster-exports")] / table2[("Total", "cluster-production")]
    assert len(rows) == 14
    for row in rows:
        ratio = exports[row["region"]] / production[row["region"]]
        assert row["exports_per_production"] == round(ratio, 1)
        assert row["exports_for_production"] == ("high" if ratio > national else "low")
        assert (row["production_unit"], row["exports_unit"]) == ("trillion UZS", "USD mln")
    assert [row["region"] for row in rows[:2]] == ["Syrdarya", "Navoi"]
    assert rows[-1]["region"] == "Bukhara" and rows[-1]["exports_for_production"] == "low"


def test_region_profile_of_navoi(graph):
    rows = ask(graph, "region-profile", region="Navoi")
    by_aspect = {}
    for row in rows:
        by_aspect.setdefault(row["aspect"], []).append(row)
    figures = {row["item"]: row for row in by_aspect["figure"]}
    assert figures["Cluster exports"]["value"] == Decimal("2150")
    assert figures["Cluster exports"]["locator"] == "Table 2, row Navoi, column Exports (USD mln)"
    assert {row["item"] for row in by_aspect["main sector"]} == {"Gold", "Metals", "Chemicals"}
    assert [row["item"] for row in by_aspect["cluster"]] == ["Navoi associated gas processing cluster"]
    assert {"Turkestan", "Kyzylorda"} <= {row["item"] for row in by_aspect["neighbour"]}


def test_region_profile_accepts_the_iso_code_and_shows_chains_links_and_events(graph):
    assert ask(graph, "region-profile", region="uz-nw") == ask(graph, "region-profile", region="Navoi")
    namangan = ask(graph, "region-profile", region="UZ-NG")
    stages = [row for row in namangan if row["aspect"] == "value-chain stage"]
    assert len(stages) == 1 and stages[0]["detail"].startswith("stage 1: cotton processing")
    assert any(row["aspect"] == "cross-border link" for row in namangan)
    khorezm = ask(graph, "region-profile", region="Khorezm")
    events = [row for row in khorezm if row["aspect"] == "event"]
    assert [row["detail"] for row in events] == ["in Khiva, 2025-10"]


def test_region_profile_of_an_unknown_region_is_empty(graph):
    assert ask(graph, "region-profile", region="Atlantis") == []


# Every region by its English, Uzbek Latin (both apostrophes), Uzbek Cyrillic, Russian or Kazakh
# name and its ISO code, written by hand from the regions' official names (not read from the data).
SPELLINGS = {
    "UZ-AN": ["Andijan", "Andijon", "Андижон", "Андижанская область"],
    "UZ-BU": ["Bukhara", "Buxoro", "Бухарская область"],
    "UZ-FA": ["Fergana", "Farg'ona", "Fargʻona", "Фарғона", "Ферганская область"],
    "UZ-JI": ["Jizzakh", "Jizzax", "Жиззах", "Джизакская область"],
    "UZ-NG": ["Namangan", "Наманган", "Наманганская область"],
    "UZ-NW": ["Navoi", "Navoiy", "Навоий", "Навоийская область"],
    "UZ-QA": ["Kashkadarya", "Qashqadaryo", "Қашқадарё", "Кашкадарьинская область"],
    "UZ-QR": ["Karakalpakstan", "Qoraqalpogʻiston Respublikasi", "Qoraqalpog'iston Respublikasi", "Қорақалпоғистон",
              "Республика Каракалпакстан"],
    "UZ-SA": ["Samarkand", "Samarqand", "Самарқанд", "Самаркандская область"],
    "UZ-SI": ["Syrdarya", "Sirdaryo", "Сирдарё", "Сырдарьинская область"],
    "UZ-SU": ["Surkhandarya", "Surxondaryo", "Сурхондарё", "Сурхандарьинская область"],
    "UZ-TK": ["Tashkent city", "Toshkent", "Тошкент", "Ташкент"],
    "UZ-TO": ["Tashkent region", "Toshkent viloyati", "Тошкент вилояти", "Ташкентская область"],
    "UZ-XO": ["Khorezm", "Xorazm", "Хоразм", "Хорезмская область"],
    "KZ-33": ["Zhetysu", "Жетісу облысы", "Жетысуская область"],
    "KZ-43": ["Kyzylorda", "Қызылорда облысы", "Кызылординская область"],
    "KZ-61": ["Turkestan", "Turkistan", "Түркістан облысы", "Туркестанская область"],
}


def test_every_region_of_the_graph_has_spellings_here(graph):
    codes = {str(row["code"]) for row in query("SELECT ?code WHERE { ?r a ckg:Region ; ckg:isoCode ?code }", graph)}
    assert codes == set(SPELLINGS)


@pytest.fixture(scope="module")
def fast_graph():
    """The graph on Oxigraph: rdflib's engine takes seconds per profile (a test in test_engines.py
    shows both engines give the same rows)."""
    return build_graph(store="oxigraph")


@pytest.mark.parametrize("code", sorted(SPELLINGS))
def test_each_name_and_the_iso_code_of_a_region_give_its_profile(fast_graph, code):
    profile = ask(fast_graph, "region-profile", region=code)
    assert profile and profile[0]["detail"].startswith(f"ISO 3166-2 {code},")
    for name in SPELLINGS[code] + [code.lower(), name_in_other_case(SPELLINGS[code][-1])]:
        assert ask(fast_graph, "region-profile", region=name) == profile, name


def name_in_other_case(name: str) -> str:
    return name.upper() if name != name.upper() else name.lower()


def test_a_plain_hyphen_matches_a_dash_and_spaces_do_not_matter(fast_graph):
    navoi = ask(fast_graph, "region-profile", region="Navoi")
    assert ask(fast_graph, "region-profile", region=" navo-i ") == navoi
    links = ask(fast_graph, "cross-border-links", country="O'zbekiston")
    assert links == ask(fast_graph, "cross-border-links", country="UZ") and links


def test_sector_specialization_lists_every_main_sector_once(graph):
    rows = ask(graph, "sector-specialization")
    published = {(spec.region, spec.published_label) for spec in load_records().section("specialisations")}
    assert len(rows) == len(published) == 29
    textiles = [row for row in rows if row["sector"] == "Textiles"]
    assert sorted(row["region"] for row in textiles) == ["Andijan", "Namangan", "Syrdarya"]
    assert {row["regions_naming_it"] for row in textiles} == {3}
    light = [row for row in rows if row["sector"] == "Light industry"]
    assert {row["regions_incl_narrower"] for row in light} == {5}  # with the textile regions


def test_value_chain_runs_namangan_fergana_andijan(graph):
    rows = ask(graph, "value-chains")
    assert [row["place"] for row in rows] == ["Namangan", "Fergana", "Andijan"]
    assert [row["stage_order"] for row in rows] == [1, 2, 3]
    assert [row["next_place"] for row in rows] == ["Fergana", "Andijan", None]
    assert [row["product"] for row in rows] == ["Processed cotton (fibre)", "Yarn and fabric", "Garments"]


def test_cross_border_links_name_partners_and_channels(graph):
    rows = {row["link"]: row for row in ask(graph, "cross-border-links")}
    records = load_records()
    uz_regions = {region.id for region in records.section("regions") if region.country == "UZ"}
    with_uz = [link for link in records.section("links") if {"UZ"} | uz_regions & set(link.parties)]
    assert len(rows) == len(with_uz)
    hubs = rows["Uzbek–Kazakh regional cooperation hubs and production chains"]
    assert hubs["partners"] == "Kyzylorda (Kazakhstan), Turkestan (Kazakhstan), Zhetysu (Kazakhstan)"
    assert "Namangan" in hubs["home_regions"]
    forum = rows["Uzbekistan–Kazakhstan interregional cooperation forum agreements"]
    assert forum["kinds"] == "intergovernmental dialogue, joint project, trade"
    assert "Fourth Interregional Cooperation Forum of Uzbekistan and Kazakhstan (forum)" in forum["through"]
    assert all("Uzbekistan" not in row["partners"] for row in rows.values())


def test_cross_border_links_from_kazakhstan(graph):
    rows = {row["link"]: row for row in ask(graph, "cross-border-links", country="Kazakhstan")}
    assert "Uzbekistan–Russia trade" not in rows
    assert rows["Uzbekistan–Kazakhstan trade"]["partners"] == "Uzbekistan"


def test_policy_basis_in_date_order(graph):
    rows = ask(graph, "policy-basis")
    assert [(row["act"], str(row["issued"])) for row in rows] == [
        ("PF-60", "2022-01-28"), ("PQ-157", "2024-04-04"), ("presidential address of 2024-12-18", "2024-12-18")]
    assert [row["legal_basis_of"] for row in rows] == ["Cluster policy of Uzbekistan"] * 2 + [None]
    assert "Total cluster exports of USD 15 billion by 2030" in rows[2]["targets"]
    assert rows[2]["targets"].count(";") == 2  # three targets
    assert "creation of export-oriented clusters" in rows[0]["establishes"]


def test_targets_progress_compares_in_the_target_unit(graph):
    rows = ask(graph, "targets-progress")
    exports = [row for row in rows if row["target"] == "Total cluster exports of USD 15 billion by 2030"]
    assert {row["latest_unit"] for row in exports} == {"USD billion", "USD mln"}  # Table 1 and Table 2
    for row in exports:
        assert row["value_in_target_unit"] == Decimal("6.84")
        assert row["gap"] == Decimal("8.16")
        assert row["achieved_pct"] == Decimal("45.6")
    employment = next(row for row in rows if row["target"].startswith("Employment for 1 million"))
    assert (employment["latest_value"], employment["achieved_pct"]) == (Decimal("487200"), Decimal("48.7"))
    clusters = next(row for row in rows if row["target"].startswith("At least 3–5"))
    assert (clusters["target_value"], clusters["target_value_max"], clusters["latest_value"]) == (3, 5, None)


def test_totals_audit_shows_where_table_2_does_not_add_up(graph, table2):
    rows = {row["indicator_label"]: row for row in ask(graph, "totals-audit")}
    names = {"Cluster exports": "cluster-exports", "Cluster participants (enterprises)": "cluster-participants",
             "Cluster production volume": "cluster-production", "Number of operating clusters": "number-of-clusters"}
    assert set(rows) == set(names)
    for label, indicator in names.items():
        total, rows_sum = table2[("Total", indicator)], sum(regional(table2, indicator).values())
        assert rows[label]["published_total"] == total
        assert rows[label]["sum_of_rows"] == rows_sum
        assert rows[label]["difference"] == total - rows_sum
        assert rows[label]["national_minus_total"] == 0  # Table 1 agrees with the Total row
    assert rows["Cluster exports"]["difference"] == Decimal("-2464")
    assert rows["Cluster exports"]["national_published_as"] == "6.84 USD billion"
    assert [label for label, row in rows.items() if row["difference"] != 0] == [
        "Cluster exports", "Cluster participants (enterprises)", "Cluster production volume"]


def test_uz_kz_cooperation_figures_agreements_and_events(graph):
    rows = ask(graph, "uz-kz-cooperation")
    figures = {(row["item"], row["date"], row["area"]): row for row in rows if row["kind"] == "figure"}
    turnover = figures[("Bilateral trade turnover", "2025-01/2025-09", "Uzbekistan")]
    assert (turnover["value"], turnover["unit"]) == (Decimal("3.5"), "USD billion")
    assert turnover["locator"] == "Economic Dynamics, paragraph 1"
    assert figures[("Enterprises with the counterpart's capital", "2025-08", "Uzbekistan")]["value"] == 1157
    assert figures[("Enterprises with the counterpart's capital", "2025-11-14", "Kazakhstan")]["value"] == 5400
    agreements = {row["item"]: row for row in rows if row["kind"] == "agreement"}
    roadmap = agreements["Uzbekistan–Kazakhstan Roadmap of the Fourth Interregional Cooperation Forum"]
    assert (roadmap["value"], roadmap["unit"]) == (Decimal("7.1"), "USD billion")
    events = [row for row in rows if row["kind"] in ("commission session", "forum", "summit")]
    assert [row["kind"] for row in events] == ["forum", "commission session", "summit"]
    assert events[1]["date"] == "2025-10" and "Khiva" in events[1]["detail"]


def test_uz_kz_cooperation_with_another_partner(graph):
    rows = ask(graph, "uz-kz-cooperation", partner="RU")
    assert [(row["item"], row["value"]) for row in rows] == [("Rank among trading partners", 1)]


def test_events_timeline_in_date_order(graph):
    rows = ask(graph, "events-timeline")
    dated = [row["date"] for row in rows if row["date"]]
    assert dated == sorted(dated)
    assert rows[0]["what"].startswith("PF-60") and rows[0]["date"] == "2022-01-28"
    summit = next(row for row in rows if row["kind"] == "summit")
    assert (summit["date"], summit["place"]) == ("2025-11-05/2025-11-06", "Washington, D.C.")
    assert rows[-1]["kind"] == "forum" and rows[-1]["date"] is None  # the source gives no date
    assert "earlier than the 22nd Commission session" in rows[-1]["outcome"]


@pytest.mark.parametrize("stored", list_queries(), ids=lambda stored: stored.name)
def test_every_row_with_a_figure_names_its_source_and_locator(graph, stored):
    params = {"region": "Navoi"} if stored.name == "region-profile" else {}
    rows = query(stored.name, graph, params=params)
    assert rows, f"{stored.name} gives no rows"
    for row in rows:
        figures = [key for key, value in row.items()
                   if isinstance(value, (int, Decimal)) and not isinstance(value, bool)
                   and "rank" not in key and key not in ("stage_order", "regional_rows")]
        if not figures:
            continue
        sources = [value for key, value in row.items() if key == "source" or key.endswith("_source")]
        locators = [value for key, value in row.items() if key == "locator" or key.endswith("_locator")]
        assert any(sources) and any(locators), f"{stored.name}: row without a source: {row}"
