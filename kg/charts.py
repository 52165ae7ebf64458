"""Charts of any SELECT answer: bar, line or timeline, drawn offline with matplotlib as SVG or PNG.

A chart takes the answer's first text column as labels (bar, timeline) or its first column as the
x axis (line), and one numeric column as values (the first, unless named: `bar:specialisation_index`).
Output is deterministic: the SVG has fixed element ids, no date and its labels as text; the PNG
has no software stamp.
"""

from __future__ import annotations

import argparse
import io
import sys
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Sequence

KINDS = ("bar", "line", "timeline")
FORMATS = ("svg", "png")
_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:/.*)?")


class ChartError(ValueError):
    """The answer cannot be drawn as asked; the message names the column or kind."""


@dataclass(frozen=True)
class ChartSpec:
    """What to draw: the kind of chart and, optionally, the numeric column to plot."""

    kind: str
    column: str | None = None


def parse_spec(text: str) -> ChartSpec:
    """`bar`, `line`, `timeline`, optionally `:COLUMN` (for argparse's type=)."""
    kind, _, column = text.partition(":")
    if kind not in KINDS:
        raise argparse.ArgumentTypeError(f"unknown chart {kind!r}; choose one of {', '.join(KINDS)} (optionally KIND:COLUMN)")
    return ChartSpec(kind, column or None)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float, Decimal)):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return None


def _when(value: Any) -> date | None:
    """A date from a date, or from text that is a year, year-month or full date (not a number)."""
    if isinstance(value, date):
        return value
    match = _DATE.fullmatch(value.strip()) if isinstance(value, str) else None
    if not match:
        return None
    year, month, day = match.groups()
    return date(int(year), int(month or 1), int(day or 1))


def _is_numeric(rows: Sequence[dict], column: str) -> bool:
    values = [row.get(column) for row in rows if row.get(column) not in (None, "")]
    return bool(values) and all(_number(value) is not None for value in values)


def value_column(columns: Sequence[str], rows: Sequence[dict], wanted: str | None) -> str:
    """The numeric column to plot: the one named, else the first numeric one."""
    if wanted:
        if wanted not in columns:
            raise ChartError(f"--chart: the answer has no column {wanted!r} (its columns: {', '.join(columns)})")
        if not _is_numeric(rows, wanted):
            raise ChartError(f"--chart: column {wanted!r} is not numeric")
        return wanted
    for column in columns:
        if _is_numeric(rows, column) and not re.search(r"(^|_)(rank|year|order)$", column):
            return column
    raise ChartError("--chart: the answer has no numeric column to plot")


def label_column(columns: Sequence[str], rows: Sequence[dict], skip: str) -> str:
    """The first column that is not numeric (the row's name), else the first column."""
    for column in columns:
        if column != skip and not _is_numeric(rows, column):
            return column
    return columns[0]


def figure(columns: Sequence[str], rows: Sequence[dict], spec: ChartSpec, title: str = "",
           highlight: str | None = None):
    """A matplotlib Figure of the rows (dicts of plain values, as kg.query.records gives); a bar
    whose label is `highlight` stands out."""
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    if not rows:
        raise ChartError("--chart: the answer has no rows to draw")
    if spec.kind == "timeline":
        fig = Figure(figsize=(9, 4.5), dpi=100)
        _timeline(fig.add_subplot(), columns, rows, spec)
        fig.axes[0].set_title(title, fontsize=11)
        fig.tight_layout()
        return fig
    y = value_column(columns, rows, spec.column)
    labels_from = label_column(columns, rows, y)
    drawn = [row for row in rows if _number(row.get(y)) is not None]
    values = [_number(row[y]) for row in drawn]
    labels = [str(row.get(labels_from, "")) for row in drawn]
    fig = Figure(figsize=(8, max(3.0, 0.32 * len(drawn) + 1.2)) if spec.kind == "bar" else (8, 4), dpi=100)
    axes = fig.add_subplot()
    if spec.kind == "bar":
        positions = list(range(len(drawn)))
        colours = ["#d0603b" if label == highlight else "#3b6ea5" for label in labels]
        for index, bar in enumerate(axes.barh(positions, values, color=colours)):
            bar.set_gid(f"bar_{index}")  # the SVG element's id, so a reader can find each bar
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.set_xlabel(y.replace("_", " "))
    else:
        axes.plot(labels, values, marker="o", color="#3b6ea5")
        axes.set_xlabel(labels_from.replace("_", " "))
        axes.set_ylabel(y.replace("_", " "))
    axes.set_title(title or y.replace("_", " "), fontsize=11)
    fig.tight_layout()
    return fig


def _timeline(axes, columns, rows, spec: ChartSpec) -> None:
    """Rows placed at their date; values on the y axis when a column is named, else staggered labels."""
    date_column = next((c for c in columns if any(row.get(c) for row in rows)
                        and all(_when(row[c]) for row in rows if row.get(c))), None)
    if date_column is None:
        raise ChartError("--chart timeline: the answer has no column of dates")
    rows = [row for row in rows if row.get(date_column)]  # undated rows have no place on the axis
    texts = [c for c in columns if c != date_column and not _is_numeric(rows, c)]
    named = [c for c in texts if c in ("what", "label", "name", "event", "title")]
    label = named[0] if named else max(texts, key=lambda c: len({row.get(c) for row in rows}), default=date_column)
    whens = [_when(row[date_column]) for row in rows]
    if spec.column:
        column = value_column(columns, rows, spec.column)
        heights = [_number(row.get(column)) or 0.0 for row in rows]
        axes.set_ylabel(column.replace("_", " "))
    else:
        heights = [1 + index % 4 for index in range(len(rows))]
        axes.set_yticks([])
        axes.set_ylim(0, 5.5)
    axes.vlines(whens, 0, heights, color="#9bb4d0", linewidth=1)
    axes.plot(whens, heights, marker="o", linestyle="", color="#3b6ea5")
    for when, height, row in zip(whens, heights, rows):
        text = str(row.get(label, ""))
        axes.annotate(text if len(text) <= 48 else text[:47] + "…", (when, height),
                      textcoords="offset points", xytext=(4, 2), fontsize=7)
    axes.set_xlabel(date_column.replace("_", " "))


def render(fig, fmt: str) -> bytes:
    """The figure as SVG or PNG bytes, the same bytes for the same figure."""
    import matplotlib

    if fmt not in FORMATS:
        raise ChartError(f"--chart: write the chart to a .svg or .png file, not .{fmt}")
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "clusterkg", "svg.fonttype": "none"}):
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()


def chart_bytes(columns: Sequence[str], rows: Sequence[dict], spec: ChartSpec, path: Path | str,
                title: str = "") -> bytes:
    """The chart for a file name: its suffix (.svg or .png) picks the format."""
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ChartError(f"--chart: write the chart to a .svg or .png file, not {Path(path).name!r}")
    return render(figure(columns, rows, spec, title), fmt)


def inline_svg(columns: Sequence[str], rows: Sequence[dict], spec: ChartSpec, title: str = "",
               highlight: str | None = None) -> str:
    """The chart as an <svg> element to put inside an HTML page (no XML prolog or doctype)."""
    return svg_element(render(figure(columns, rows, spec, title, highlight), "svg"))


def svg_element(svg: bytes) -> str:
    """SVG bytes as an element for HTML: without the XML prolog, doctype and metadata block."""
    text = svg.decode("utf-8")
    text = text[text.index("<svg"):]
    start, end = text.find("<metadata>"), text.find("</metadata>")
    return text[:start] + text[end + len("</metadata>"):] if start >= 0 else text


def save(result, spec: ChartSpec, path: str | None, title: str = "") -> int:
    """Write the chart of an rdflib SELECT result to `path` (for `clusterkg query --chart`)."""
    from kg.export import write_atomic
    from kg.query import records

    if not path:
        raise ChartError("--chart needs -o FILE.svg or FILE.png")
    if result.type != "SELECT":
        raise ChartError("--chart draws the rows of a SELECT query")
    columns = [str(var) for var in result.vars]
    write_atomic(Path(path), chart_bytes(columns, records(result), spec, path, title))
    print(f"wrote {path} ({spec.kind} chart of {len(result.bindings)} rows)", file=sys.stderr)
    return 0


def compare_chart(comparison, path: Path | str) -> bytes:
    """Export share beside production share (regional rows basis) for the compared regions."""
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ChartError(f"--chart: write the chart to a .svg or .png file, not {Path(path).name!r}")
    regions = comparison.regions
    fig = Figure(figsize=(8, max(3.0, 0.5 * len(regions) + 1.4)), dpi=100)
    axes = fig.add_subplot()
    positions = list(range(len(regions)))
    for offset, column, colour in ((-0.2, "export_share_pct", "#3b6ea5"), (0.2, "production_share_pct", "#d08c3b")):
        values = [float(comparison.figure(region, column)) for region in regions]
        bars = axes.barh([p + offset for p in positions], values, height=0.4, color=colour,
                         label=column.replace("_pct", " (%)").replace("_", " "))
        for index, bar in enumerate(bars):
            bar.set_gid(f"{column}_{index}")
        axes.bar_label(bars, labels=[f"{v:g}" for v in values], fontsize=7, padding=2)
    axes.set_yticks(positions, regions)
    axes.invert_yaxis()
    axes.set_xlabel("share of the 14 regional rows of Table 2 (%)")
    axes.set_title("Export share and production share of cluster output", fontsize=11)
    axes.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    return render(fig, fmt)
