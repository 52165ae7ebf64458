"""Render the site's pages with Jinja2 (labels escaped) and write them: one per entity, an index,
the comparison of the regions and the research questions that have a chart."""

from __future__ import annotations

import os
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from kg.charts import ChartSpec, compare_chart, inline_svg, svg_element
from kg.compare import COLUMNS, NOTE, compare, label
from kg.query import find_query, query
from kg.site.entities import MAIN_KINDS, Entity, entities, facts, figures, links

# Research questions shown with a chart on the site: name -> chart.
CHARTED_QUESTIONS = {
    "exports-by-region": ChartSpec("bar", "exports"),
    "specialisation": ChartSpec("bar", "specialisation_index"),
    "export-potential": ChartSpec("bar", "gap"),
    "events-timeline": ChartSpec("timeline"),
}
_environment = Environment(loader=PackageLoader("kg", "templates/site"), autoescape=select_autoescape(["html"]))


class Site:
    """What every page needs: the entities with pages, and how to link to them from a page."""

    def __init__(self, graph: Any, suffix: str = ".html"):
        self.graph = graph
        self.suffix = suffix  # ".html" for files; "" when a server answers /id/PATH
        self.entities = entities(graph)
        self._exports = None

    def href(self, from_path: str, to_path: str) -> str:
        """A relative link from the page at `from_path` (e.g. region/UZ-NW) to `to_path`."""
        return "../" * from_path.count("/") + to_path

    def page_href(self, from_path: str, entity: Entity) -> str:
        return self.href(from_path, entity.path + self.suffix)

    def home(self, from_path: str) -> str:
        return self.href(from_path, "index.html") if self.suffix else "/"

    def compare_href(self, from_path: str) -> str | None:
        return self.href(from_path, "compare.html") if self.suffix else None

    def exports(self) -> list[dict]:
        if self._exports is None:
            self._exports = query("exports-by-region", self.graph)
        return self._exports


def entity_html(site: Site, entity: Entity) -> str:
    """The page of one entity: facts, published figures, a chart where figures compare, neighbours."""
    rows = figures(site.graph, entity.iri)
    for row in rows:
        source = site.entities.get(row["source"])
        row["source_href"] = site.page_href(entity.path, source) if source else ""
    neighbours = []
    for direction, prop, other in links(site.graph, entity.iri):
        target = site.entities.get(other)
        if target is not None and other != entity.iri:
            neighbours.append({"direction": direction, "property": prop, "label": target.label,
                               "href": site.page_href(entity.path, target)})
    chart = chart_title = chart_note = ""
    exports = site.exports()
    if exports and any(row["region"] == entity.label for row in exports) and entity.group == "region":
        columns = list(exports[0])
        chart = inline_svg(columns, exports, ChartSpec("bar", "exports"), "Cluster exports, USD mln (Table 2, 2024)",
                           highlight=entity.label)
        chart_title = "Cluster exports beside the other regions"
        chart_note = "Table 2 of the first source, exports in USD mln as published; this region stands out in orange."
    return _environment.get_template("entity.html").render(
        title=entity.label, entity=entity, facts=facts(site.graph, entity.iri), figures=rows, links=neighbours,
        chart=chart, chart_title=chart_title, chart_note=chart_note,
        home=site.home(entity.path), compare_href=site.compare_href(entity.path))


def entity_page(graph: Any, iri: str) -> str | None:
    """The HTML page of the entity `iri`, with links that work when served under /id/…; None when
    the graph has no entity with a page at that IRI."""
    site = Site(graph, suffix="")
    entity = site.entities.get(iri)
    return entity_html(site, entity) if entity else None


def index_html(site: Site) -> str:
    groups: dict[str, list] = {}
    for entity in sorted(site.entities.values(), key=lambda e: (e.label.lower(), e.iri)):
        groups.setdefault(entity.group, []).append({"label": entity.label, "href": site.page_href("", entity)})
    order = sorted(groups, key=lambda group: (MAIN_KINDS.index(group) if group in MAIN_KINDS else len(MAIN_KINDS), group))
    questions = [{"title": find_query(name).title, "href": f"questions/{name}.html"} for name in CHARTED_QUESTIONS]
    return _environment.get_template("index.html").render(
        title="Index", groups=[(group, groups[group]) for group in order], questions=questions,
        home="index.html", compare_href="compare.html")


def compare_html(site: Site) -> str:
    """All regions of Table 2 side by side, with the chart of their export and production shares."""
    regions = [row["region"] for row in site.exports()]
    comparison = compare(site.graph, regions)
    chart = svg_element(compare_chart(comparison, "compare.svg"))
    by_label = {entity.label: entity for entity in site.entities.values() if entity.group == "region"}
    header = [{"text": region, "href": site.page_href("", by_label[region]) if region in by_label else ""}
              for region in comparison.regions]
    rows = [[_cell(label(column)), *(_cell(comparison.figure(region, column)) for region in comparison.regions)]
            for column, _ in COLUMNS]
    return _environment.get_template("table.html").render(
        title="Regions compared", question="Table 2 figures, shares, specialisation and the gap to the 2030 target.",
        chart=chart, columns=["figure", *(h["text"] for h in header)], rows=rows,
        note=NOTE + ". Run `clusterkg compare REGION …` for a chosen few.", home="index.html",
        compare_href="compare.html")


def question_html(site: Site, name: str, spec: ChartSpec) -> str:
    stored = find_query(name)
    rows = query(name, site.graph, with_sources=False)
    columns = list(rows[0]) if rows else []
    chart = inline_svg(columns, rows, spec, stored.title) if rows else ""
    return _environment.get_template("table.html").render(
        title=stored.title, question=stored.question, chart=chart, columns=columns,
        rows=[[_cell(row[column]) for column in columns] for row in rows],
        note=f"Source: {stored.source}. Run `clusterkg query {name}` for the same rows.",
        home="../index.html", compare_href="../compare.html")


def _cell(value: Any) -> dict:
    numeric = isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
    return {"text": "" if value is None else str(value), "numeric": numeric, "href": ""}


def build_site(graph: Any, out_dir: Path | str) -> int:
    """Write the whole site into `out_dir` (replaced only once every page is written); the page count."""
    out_dir = Path(out_dir)
    site = Site(graph)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=out_dir.parent))
    try:
        pages = {"index.html": index_html(site), "compare.html": compare_html(site)}
        pages.update({f"questions/{name}.html": question_html(site, name, spec)
                      for name, spec in CHARTED_QUESTIONS.items()})
        pages.update({entity.path + ".html": entity_html(site, entity) for entity in site.entities.values()})
        for path, html in pages.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
        if out_dir.exists():
            shutil.rmtree(out_dir)
        os.replace(staging, out_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return len(pages)
