"""The names people use for places: place-names.csv into the graph as skos:altLabel with a language tag.

Each row gives a place (`region/UZ-NW`, `country/KZ`), a name, its language tag (`uz-latn`,
`uz-cyrl`, `ru`, `kk-cyrl`, …, lower case as stores return them) and the dataset it comes from,
a source of sources.yaml: the place is prov:wasDerivedFrom that source (its dcterms:source stays
the reference list). The file is written once by scripts/make_place_names.py.
"""

from __future__ import annotations

import csv
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from kg.errors import DataError
from kg.load import DATA_DIR
from kg.namespaces import CKG

NAMES_FILE = "place-names.csv"
COLUMNS = ["place", "name", "language", "source", "locator"]


def add_place_names(graph: Graph, base: str, data_dir: Path | str | None = None) -> int:
    """Add every name of place-names.csv (if the data folder has one); returns how many rows."""
    path = Path(data_dir or DATA_DIR) / NAMES_FILE
    if not path.is_file():
        return 0
    with path.open(newline="", encoding="utf-8") as stream:
        reader = csv.DictReader(stream)
        if reader.fieldnames != COLUMNS:
            raise DataError(path, None, None, f"the header must be {','.join(COLUMNS)}")
        rows = list(reader)
    for number, row in enumerate(rows, start=2):
        where = f"line {number}"
        place, source = URIRef(base + row["place"]), URIRef(f"{base}source/{row['source']}")
        if (place, RDF.type, None) not in graph:
            raise DataError(path, where, "place", f"no place {row['place']!r} in the graph")
        if (source, RDF.type, CKG.Source) not in graph:
            raise DataError(path, where, "source", f"no source {row['source']!r} in sources.yaml")
        if not row["name"].strip():
            raise DataError(path, where, "name", "is empty")
        try:
            name = Literal(row["name"].strip(), lang=row["language"])
        except ValueError:
            raise DataError(path, where, "language", f"{row['language']!r} is not a language tag") from None
        graph.add((place, SKOS.altLabel, name))
        graph.add((place, PROV.wasDerivedFrom, source))
    return len(rows)
