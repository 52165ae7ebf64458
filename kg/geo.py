"""Coordinates of places (W3C WGS84 geo:lat/geo:long) from kg/data/coordinates.csv, with their datasets.

Each place gets a `geo:location` point (`<place>#location`, a geo:Point) holding latitude and longitude,
the dataset it comes from (a ckg:Source with its version, from coordinate-datasets.csv) and the
record in that dataset (ckg:locator: GeoNames id or ISO numeric country code). A region's point is
its administrative centre's (the note says which city). The files are written by scripts/coordinates.py.
"""

from __future__ import annotations

import csv
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS

from kg.errors import DataError
from kg.namespaces import CKG

GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")  # DCAT 3, not in rdflib's DCAT 2 namespace
COORDINATES_FILE = "coordinates.csv"
DATASETS_FILE = "coordinate-datasets.csv"
PLACE_KINDS = {"region": CKG.Region, "city": CKG.City, "country": CKG.Country}
LIMITS = {"lat": Decimal(90), "long": Decimal(180)}


def add_coordinates(graph: Graph, data_dir: Path, base: str) -> None:
    """Add the coordinate datasets as sources and a located point to every place listed."""
    graph.bind("geo", GEO)
    datasets = {}
    for where, row in read_rows(data_dir / DATASETS_FILE, ["id", "title", "version", "url", "license"]):
        source = URIRef(f"{base}source/{row['id']}")
        datasets[row["id"]] = source
        graph.add((source, RDF.type, CKG.Source))
        graph.add((source, RDFS.label, Literal(row["title"], lang="en")))
        graph.add((source, DCTERMS.title, Literal(row["title"], lang="en")))
        graph.add((source, DCTERMS.type, Literal("reference-dataset")))
        graph.add((source, DCAT_VERSION, Literal(row["version"])))
        graph.add((source, RDFS.seeAlso, URIRef(row["url"])))
        graph.add((source, DCTERMS.license, URIRef(row["license"])))
        graph.add((URIRef(base), DCTERMS.source, source))
    path = data_dir / COORDINATES_FILE
    for where, row in read_rows(path, ["place", "lat", "long", "dataset", "dataset_id", "note"]):
        kind, _, _ = row["place"].partition("/")
        place = URIRef(base + row["place"])
        if kind not in PLACE_KINDS or (place, RDF.type, PLACE_KINDS[kind]) not in graph:
            raise DataError(path, where, "place", f"no region, city or country {row['place']!r} in the data")
        if row["dataset"] not in datasets:
            raise DataError(path, where, "dataset", f"unknown dataset {row['dataset']!r}; see {DATASETS_FILE}")
        point = URIRef(f"{place}#location")
        graph.add((place, GEO.location, point))
        graph.add((point, RDF.type, GEO.Point))
        for field, predicate in (("lat", GEO.lat), ("long", GEO.long)):
            graph.add((point, predicate, Literal(degrees(row[field], field, path, where), datatype=XSD.decimal)))
        graph.add((point, DCTERMS.source, datasets[row["dataset"]]))
        graph.add((point, CKG.locator, Literal(f"{row['dataset_id']}")))
        graph.add((point, SKOS.note, Literal(row["note"], lang="en")))


def read_rows(path: Path, columns: list[str]):
    """(line, row) pairs of a CSV file whose header is exactly `columns`, every cell filled."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise DataError(path, None, None, f"cannot read: {error.strerror}") from None
    reader = csv.DictReader(lines)
    if reader.fieldnames != columns:
        raise DataError(path, "header", None, f"expected the columns {','.join(columns)}")
    for number, row in enumerate(reader, start=2):
        empty = [column for column in columns if not row.get(column)]
        if empty or None in row:
            raise DataError(path, f"line {number}", empty[0] if empty else None, "expected a value in every column")
        yield f"line {number}", row


def degrees(text: str, field: str, path: Path, where: str) -> str:
    """The value as written, once checked to be a number of degrees within range."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise DataError(path, where, field, f"not a number: {text!r}") from None
    if not value.is_finite() or abs(value) > LIMITS[field]:
        raise DataError(path, where, field, f"{text} is outside -{LIMITS[field]}..{LIMITS[field]} degrees")
    return text
