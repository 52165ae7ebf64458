"""The static site: a page for every entity, no broken internal link, nothing fetched from
outside, labels from data escaped; entity_page for a server under /id/."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from kg.build import build_graph
from kg.cli import main
from kg.site import build_site, entity_page

BASE = "https://w3id.org/clusterkg/id/"
CLASSES = ["Region", "City", "Cluster", "Country", "Sector", "LegalAct", "Event", "Source"]


class Links(HTMLParser):
    """Every href and src of a page, and the tags that would load something."""

    def __init__(self):
        super().__init__()
        self.hrefs, self.srcs, self.loaders = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "xlink:href"):
            if attrs.get(name):
                (self.srcs if tag in ("link", "script", "img", "image", "iframe", "use") and name == "href"
                 else self.hrefs).append(attrs[name])
        if attrs.get("src"):
            self.srcs.append(attrs["src"])
        if tag in ("script", "iframe", "object", "embed") or (tag == "link" and attrs.get("rel") == "stylesheet"):
            self.loaders.append(tag)


def parse(page: Path) -> Links:
    links = Links()
    links.feed(page.read_text(encoding="utf-8"))
    return links


@pytest.fixture(scope="module")
def graph():
    """The seed graph on Oxigraph, as `clusterkg site` reads it (rdflib's own engine takes minutes here)."""
    return build_graph(store="oxigraph")


@pytest.fixture(scope="module")
def site(graph, tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "site"
    build_site(graph, out)
    return out


def members(graph, class_name):
    return sorted({str(row[0]) for row in graph.query(
        f"SELECT ?e WHERE {{ ?e a/rdfs:subClassOf* <https://w3id.org/clusterkg/ontology#{class_name}> }}")})


@pytest.mark.parametrize("class_name", CLASSES)
def test_every_entity_of_the_class_has_a_page_naming_its_iri_and_label(graph, site, class_name):
    entities = members(graph, class_name)
    assert entities
    for iri in entities:
        page = site / (iri[len(BASE):] + ".html")
        assert page.is_file(), iri
        html = page.read_text(encoding="utf-8")
        assert iri in html
        label = str(graph.value(URIRef(iri), RDFS.label))
        assert label.replace("&", "&amp;").replace("'", "&#39;").replace('"', "&#34;") in html


def test_no_internal_link_is_broken(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 200
    checked = 0
    for page in pages:
        for href in parse(page).hrefs:
            target, _ = urldefrag(href)
            if not target or target.startswith(("http://", "https://")):
                continue
            assert (page.parent / target).resolve().is_file(), f"{page.relative_to(site)} links to {href}"
            checked += 1
    assert checked > 1000


def test_nothing_is_fetched_from_outside(graph, site):
    subjects = {str(s) for s in graph.subjects()}
    for page in site.rglob("*.html"):
        links = parse(page)
        assert not links.loaders, page
        assert all(not src.startswith(("http:", "https:", "//")) for src in links.srcs), page
        for href in links.hrefs:
            if href.startswith(("http:", "https:", "//")):
                assert href in subjects, f"{page.name}: {href} is not an IRI of the graph"


def test_navoi_page_shows_its_published_exports_with_source_and_a_chart(site):
    html = (site / "region" / "UZ-NW.html").read_text(encoding="utf-8")
    assert "<td class=\"num\">2150</td><td>USD mln</td><td>2024</td>" in html
    assert "Table 2, row Navoi, column Exports (USD mln)" in html
    assert 'href="../source/jumayeva-regional-clusters.html"' in html
    assert "<svg" in html and 'id="bar_0"' in html  # Navoi leads the exports chart
    assert 'href="../city/navoi.html"' in html  # its administrative centre, in the network


def test_compare_page_lists_the_fourteen_regions(site):
    html = (site / "compare.html").read_text(encoding="utf-8")
    for region in ("Navoi", "Karakalpakstan", "Tashkent city", "Surkhandarya"):
        assert f"<th>{region}</th>" in html
    assert "<svg" in html


def test_labels_from_data_are_escaped(graph):
    hostile = Graph()
    for triple in graph:
        hostile.add(triple)
    navoi = URIRef(BASE + "region/UZ-NW")
    hostile.remove((navoi, RDFS.label, None))
    hostile.add((navoi, RDFS.label, Literal('<script>alert("x")</script> & Co')))
    html = entity_page(hostile, str(navoi))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co" in html


def test_entity_page_links_work_under_id(graph):
    html = entity_page(graph, BASE + "region/UZ-NW")
    assert 'href="../city/navoi"' in html and 'href="../source/jumayeva-regional-clusters"' in html
    assert entity_page(graph, BASE + "region/XX-00") is None


def test_site_command_writes_the_site(tmp_path, capsys):
    assert main(["site", "--out", str(tmp_path / "site")]) == 0
    assert (tmp_path / "site" / "index.html").is_file()
    assert "pages into" in capsys.readouterr().err
