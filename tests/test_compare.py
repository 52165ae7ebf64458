"""`clusterkg compare`: the published Table 2 figures of the chosen regions, in any spelling."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

from kg.cli import main


def run_csv(capsys, *args) -> dict[str, dict[str, str]]:
    assert main(["compare", *args, "-f", "csv"]) == 0
    return {row["region"]: row for row in csv.DictReader(io.StringIO(capsys.readouterr().out))}


def test_compare_shows_the_published_figures_of_the_chosen_regions(capsys):
    rows = run_csv(capsys, "Navoiy", "Farg'ona", "Самарканд", "UZ-SI")
    assert list(rows) == ["Navoi", "Fergana", "Samarkand", "Syrdarya"]
    # Table 2: clusters, participants, production (trln UZS), exports (USD mln) as published
    assert [rows["Navoi"][c] for c in ("clusters", "participants", "production", "exports")] == ["6", "478", "31.5", "2150"]
    assert [rows["Fergana"][c] for c in ("clusters", "participants", "production", "exports")] == ["12", "967", "19.3", "780"]
    assert rows["Samarkand"]["exports"] == "420" and rows["Syrdarya"]["production"] == "16.8"
    assert rows["Navoi"]["specialisation_index"] == "1.99"
    assert rows["Navoi"]["main_sectors"] == "Gold, Metals, Chemicals"


def test_compare_table_puts_regions_side_by_side(capsys):
    assert main(["compare", "Navoi", "Bukhara", "-f", "md"]) == 0
    out = capsys.readouterr().out
    header = out.splitlines()[0]
    assert "Navoi" in header and "Bukhara" in header
    assert any(line.startswith("| exports (USD mln) | 2150 | 340 |") for line in out.splitlines())


def test_compare_json_lists_one_object_per_region(capsys):
    assert main(["compare", "Tashkent city", "Karakalpakstan", "-f", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert {row["region"]: float(row["exports"]) for row in document} == {"Tashkent city": 1240, "Karakalpakstan": 58}


def test_compare_chart_has_both_shares_for_each_region(tmp_path, capsys):
    chart = tmp_path / "compare.svg"
    assert main(["compare", "Navoi", "Bukhara", "Syrdarya", "--chart", str(chart)]) == 0
    ids = {g.get("id") for g in ET.parse(chart).iter("{http://www.w3.org/2000/svg}g")}
    assert {f"export_share_pct_{i}" for i in range(3)} <= ids
    assert {f"production_share_pct_{i}" for i in range(3)} <= ids
    text = chart.read_text(encoding="utf-8")
    assert "23.1" in text and "18.3" in text  # Navoi's export share, Bukhara's production share (rows basis)


def test_unknown_region_exits_2_with_a_suggestion(capsys):
    assert main(["compare", "Navoi", "Samarqandd"]) == 2
    err = capsys.readouterr().err
    assert "no region named 'Samarqandd'" in err and "did you mean" in err


def test_a_region_without_table_2_figures_or_too_many_regions_exit_2(capsys):
    assert main(["compare", "Turkestan"]) == 2
    assert "Turkestan has no Table 2 figures" in capsys.readouterr().err
    assert main(["compare", *["Navoi"] * 15]) == 2
    assert "up to 14 regions" in capsys.readouterr().err


def test_a_city_is_not_a_region(capsys):
    assert main(["compare", "Navoi city"]) == 2
    assert "not a region" in capsys.readouterr().err
