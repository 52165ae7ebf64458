"""Charts of research answers: the bars a user would read, deterministic SVG, PNG, clear errors."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from kg.charts import ChartSpec, ChartError, chart_bytes, inline_svg
from kg.cli import main
from kg.query import query

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def exports(graph):
    rows = query("exports-by-region", graph)
    return list(rows[0]), rows


def bar_widths(svg: bytes) -> list[float]:
    """Widths of the bars, in drawing order."""
    widths = []
    for group in ET.fromstring(svg).iter(f"{SVG}g"):
        if group.get("id", "").startswith("bar_"):
            path = group.find(f"{SVG}path")
            xs = [float(part.split()[0]) for part in path.get("d").replace("M", "|").replace("L", "|").split("|")
                  if part.strip() and part.strip()[0].isdigit()]
            widths.append(max(xs) - min(xs))
    return widths


def test_bar_chart_draws_one_bar_per_region_navoi_longest(exports):
    columns, rows = exports
    svg = chart_bytes(columns, rows, ChartSpec("bar"), "x.svg", "Exports")
    text = svg.decode()
    assert all(f">{name}<" in text or name in text for name in ("Navoi", "Karakalpakstan", "Tashkent city"))
    widths = bar_widths(svg)
    assert len(widths) == 14
    assert widths[0] == max(widths)  # the first row, Navoi, USD 2,150 mln
    assert widths[0] / widths[-1] == pytest.approx(2150 / 58, rel=0.01)  # Karakalpakstan's 58


def test_the_same_answer_gives_the_same_svg_bytes(exports):
    columns, rows = exports
    first = chart_bytes(columns, rows, ChartSpec("bar", "exports"), "a.svg")
    assert first == chart_bytes(columns, rows, ChartSpec("bar", "exports"), "b.svg")
    assert b"<dc:date>" not in first


def test_cli_writes_png_and_svg_charts(tmp_path):
    png, svg = tmp_path / "spec.png", tmp_path / "events.svg"
    assert main(["query", "specialisation", "--chart", "bar:specialisation_index", "-o", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert main(["query", "events-timeline", "--chart", "timeline", "-o", str(svg)]) == 0
    assert "PF-60" in svg.read_text(encoding="utf-8")  # the decree labelled at its date


def test_a_column_that_is_not_there_exits_2_without_a_file(tmp_path, capsys):
    out = tmp_path / "x.svg"
    assert main(["query", "exports-by-region", "--chart", "bar:imports", "-o", str(out)]) == 2
    assert "no column 'imports'" in capsys.readouterr().err
    assert not out.exists()


def test_a_chart_needs_a_svg_or_png_file(tmp_path, capsys):
    assert main(["query", "exports-by-region", "--chart", "bar", "-o", str(tmp_path / "x.pdf")]) == 2
    assert main(["query", "exports-by-region", "--chart", "bar"]) == 2
    assert "-o FILE.svg" in capsys.readouterr().err


def test_timeline_without_dates_is_refused():
    with pytest.raises(ChartError, match="no column of dates"):
        inline_svg(["region", "exports"], [{"region": "Navoi", "exports": 2150}], ChartSpec("timeline"))
