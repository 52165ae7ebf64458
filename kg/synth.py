"""A synthetic national-scale graph: the curated graph plus generated clusters and their figures.

The generated part is made of the same records as the curated data (kg.records) and turned into
triples by the same populator, so it follows the data model exactly: clusters of every type in the
curated regions, participant enterprises (org:memberOf their cluster), value-chain stages with
products, cross-border links through clusters, and yearly observations (exports, production,
participants, employment) with units, a dataset, a source and a locator. Everything generated
names the source `synthetic-<seed>`, so it can never be mistaken for published figures.
The same clusters count and seed give the same bytes. The graph is generated, populated and written
in chunks of clusters, so memory stays flat from 10k to 10M triples.
"""

from __future__ import annotations

import io
import os
import random
import re
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg import records as r
from kg.build import describe_dataset, load_ontology
from kg.export import serialize
from kg.load import Located, Records, load_records
from kg.namespaces import CKG, ORG, PREFIXES, SEGMENTS, data_base, entity_prefixes
from kg.populate import populate
from kg.store import to_oxigraph

OUTPUT_FORMATS = {"nt": ox.RdfFormat.N_TRIPLES, "ttl": ox.RdfFormat.TURTLE}
CHUNK_CLUSTERS = 200  # generated, populated and written together (~120k triples)
# the generated records of one cluster, whose triples no other chunk writes
OWN_SEGMENTS = [SEGMENTS[kind].encode() for kind in ("cluster", "organisation", "observation", "site", "link")]
YEARS = range(2015, 2025)
CLUSTER_TYPES = ["local", "regional", "national", "cross-border", "virtual"]
LINK_KINDS = ["cluster-cooperation", "trade", "investment", "joint-project"]
# value chains: (activity sector, output product) per stage, upstream first
CHAINS = [
    [("cotton-processing", "processed-cotton"), ("yarn-and-fabric-production", "yarn-and-fabric"),
     ("garment-manufacturing", "garments")],
    [("agriculture", "synthetic-produce"), ("food-industry", "synthetic-processed-food")],
    [("metals", "synthetic-ore-concentrate"), ("metallurgy", "synthetic-rolled-metal"),
     ("machinery", "synthetic-machines")],
    [("chemicals", "synthetic-feedstock"), ("plastics", "synthetic-pipes")],
]
NEW_PRODUCTS = {
    "synthetic-produce": "Fruit and vegetables", "synthetic-processed-food": "Processed food",
    "synthetic-ore-concentrate": "Ore concentrate", "synthetic-rolled-metal": "Rolled metal",
    "synthetic-machines": "Machines", "synthetic-feedstock": "Chemical feedstock",
    "synthetic-pipes": "Polyethylene pipes",
}
# indicator -> (unit, value of one enterprise for one year, low and high)
FIGURES = {
    "cluster-exports": ("usd-mln", (0.2, 3.0)),
    "cluster-production": ("uzs-trln", (0.005, 0.06)),
    "cluster-employment": ("people", (20, 400)),
}


class Generator:
    """Adds the records of `n_clusters` synthetic clusters to the curated records."""

    def __init__(self, records: Records, n_clusters: int, seed: int):
        self.records = records
        self.n_clusters = n_clusters
        self.seed = seed
        self.rng = random.Random(seed)
        self.source = f"synthetic-{seed}"
        self.dataset = "synthetic-cluster-figures"
        regions = records.section("regions")
        self.regions = {country: [x for x in regions if x.country == country] for country in ("UZ", "KZ")}
        self.borders = records.single("borders").pairs
        self.sectors = [sector.id for sector in records.section("sectors")]
        self.members: list[tuple[str, str, str, str]] = []  # (enterprise, cluster, region, sector)
        self.out: dict[str, list] = {}

    def put(self, section: str, record, kind: str) -> None:
        self.out.setdefault(section, []).append(Located(record, Path("synthetic"), record.id))
        self.records.kinds[record.id] = kind

    def header(self) -> None:
        """The records every generated cluster refers to: source, dataset, new products."""
        self.put("sources", r.SourceDoc(
            id=self.source, kind="curation", title=f"clusterkg synthetic graph, seed {self.seed}",
            note=f"Generated for scale tests: {self.n_clusters} clusters; not published figures.",
        ), "source")
        self.put("datasets", r.Dataset(
            id=self.dataset, label="Synthetic yearly cluster figures", source=self.source, locator="generated table",
        ), "dataset")
        for product, label in NEW_PRODUCTS.items():
            self.put("products", r.Product(id=product, label=f"{label} (synthetic)", source=self.source,
                                           locator="generated products"), "product")

    def take(self) -> tuple[Records, list[tuple[str, str, str, str]]]:
        """The curated records plus those generated since the last take, and their memberships."""
        sections = dict(self.records.sections)
        for section, items in self.out.items():
            sections[section] = sections.get(section, []) + items
        chunk = Records(sections=sections, singles=self.records.singles, kinds=self.records.kinds)
        members, self.out, self.members = self.members, {}, []
        return chunk, members

    def forget(self, chunk: Records) -> None:
        """Drop the ids of a written chunk's generated records (memory stays flat)."""
        for section, items in chunk.sections.items():
            for item in items[len(self.records.sections.get(section, [])):]:
                self.records.kinds.pop(item.record.id, None)

    def cluster(self, number: int) -> None:
        rng = self.rng
        cluster_id = f"synthetic-{number:06d}"
        kind = CLUSTER_TYPES[number % len(CLUSTER_TYPES)]
        country = "KZ" if number % 7 == 0 and kind != "cross-border" else "UZ"
        home = rng.choice(self.regions[country])
        places = self.places(kind, home)
        chain = CHAINS[number % len(CHAINS)] if kind in ("regional", "cross-border") else None
        sectors = [stage[0] for stage in chain] if chain else [rng.choice(self.sectors)]
        locator = f"generated cluster {number}"
        stages = [
            r.Stage(id=f"{cluster_id}-stage-{order}", order=order, place=places[(order - 1) % len(places)],
                    activity=activity, output=output, role=f"stage {order}: {activity.replace('-', ' ')}")
            for order, (activity, output) in enumerate(chain or [], start=1)
        ]
        sites = [] if chain else [r.Site(id=f"{cluster_id}-site", place=places[0], activity=sectors[0],
                                         role="main production site")]
        self.put("clusters", r.Cluster(
            id=cluster_id, label=f"Synthetic {kind} cluster {number} ({home.label})", type=kind,
            located_in=places, sectors=sectors, status="operating",
            description=f"Generated {kind} cluster for scale tests.", stages=stages, sites=sites,
            source=self.source, locator=locator,
        ), "cluster")
        enterprises = rng.randint(5, 40)
        for index in range(1, enterprises + 1):
            enterprise = f"{cluster_id}-e{index:03d}"
            self.put("organisations", r.Organisation(
                id=enterprise, label=f"Enterprise {index} of synthetic cluster {number}", country=country,
                source=self.source, locator=f"{locator}, enterprise {index}",
            ), "organisation")
            self.members.append((enterprise, cluster_id, home.id, rng.choice(sectors)))
        self.observations(cluster_id, number, enterprises, locator)
        if kind == "cross-border" or number % 5 == 0:
            self.link(cluster_id, number, home, sectors, locator)

    def places(self, kind: str, home: r.Region) -> list[str]:
        if kind in ("local", "virtual"):
            return [home.id]
        if kind == "national":
            return [home.country]
        neighbours = sorted({b for a, b in self.borders if a == home.id} | {a for a, b in self.borders if b == home.id})
        if kind == "regional":
            same = [n for n in neighbours if n.split("-")[0] == home.country] or [home.id]
            return list(dict.fromkeys([home.id, self.rng.choice(same)]))
        foreign = [n for n in neighbours if n.split("-")[0] != home.country]
        abroad = self.rng.choice(foreign) if foreign else self.rng.choice(self.regions["KZ"]).id
        return [home.id, abroad]

    def observations(self, cluster_id: str, number: int, enterprises: int, locator: str) -> None:
        rng = self.rng
        for year in YEARS:
            grown = enterprises * (1 - 0.04 * (YEARS[-1] - year))  # the latest year counts every member
            figures = {"cluster-participants": ("enterprises", Decimal(max(1, round(grown))))}
            for indicator, (unit, (low, high)) in FIGURES.items():
                value = grown * rng.uniform(low, high)
                figures[indicator] = (unit, Decimal(f"{value:.2f}") if value < 1000 else Decimal(round(value)))
            for indicator, (unit, value) in figures.items():
                self.put("observations", r.Observation(
                    id=f"{cluster_id}-{indicator}-{year}", dataset=self.dataset, indicator=indicator,
                    area=cluster_id, period=str(year), value=value, unit=unit, source=self.source,
                    locator=f"{locator}, {indicator}, {year}",
                ), "observation")

    def link(self, cluster_id: str, number: int, home: r.Region, sectors: list[str], locator: str) -> None:
        partner_country = "KZ" if home.country == "UZ" else "UZ"
        partner = self.rng.choice(self.regions[partner_country])
        self.put("links", r.Link(
            id=f"{cluster_id}-link", label=f"{home.label}–{partner.label} link of synthetic cluster {number}",
            kinds=sorted({"cluster-cooperation", LINK_KINDS[number % len(LINK_KINDS)]}),
            parties=[home.id, partner.id], through=[cluster_id], sectors=sectors,
            description="Generated cross-border link.", source=self.source, locator=f"{locator}, link",
        ), "link")


def chunks(n_clusters: int, seed: int, base: str):
    """Graphs of at most CHUNK_CLUSTERS generated clusters each, with the curated data they refer
    to (written once by write_ntriples), in rdflib's memory store; the same arguments, the same chunks."""
    if n_clusters < 1:
        raise ValueError(f"the number of clusters must be at least 1, got {n_clusters}")
    curated = load_records()
    generator = Generator(Records(dict(curated.sections), dict(curated.singles), dict(curated.kinds)), n_clusters, seed)
    generator.header()
    generator.records, _ = generator.take()  # the header's records are referred to by every chunk
    for first in range(1, n_clusters + 1, CHUNK_CLUSTERS):
        for number in range(first, min(first + CHUNK_CLUSTERS, n_clusters + 1)):
            generator.cluster(number)
        records, members = generator.take()
        graph = populate(records, base, Graph())
        for enterprise, cluster, region, sector in members:
            node = URIRef(f"{base}organisation/{enterprise}")
            graph.add((node, ORG.memberOf, URIRef(f"{base}cluster/{cluster}")))
            graph.add((node, CKG.locatedIn, URIRef(f"{base}region/{region}")))
            graph.add((node, CKG.sector, URIRef(f"{base}sector/{sector}")))
        describe_dataset(graph, base, [doc.id for doc in records.section("sources")])
        yield graph
        generator.forget(records)


def write_ntriples(output: BinaryIO, n_clusters: int, seed: int, base: str | None = None) -> int:
    """Stream the synthetic graph as N-Triples: the ontology, then each chunk's new lines sorted.

    A line about a resource shared by the chunks (a region, a period, a product) is written once.
    Returns the number of triples written.
    """
    base = data_base(base)
    ontology = serialize(load_ontology(), "nt")  # blank nodes named canonically
    output.write(ontology)
    count = ontology.count(b"\n")
    own = re.compile(rb"<" + re.escape(base.encode()) + rb"(?:%s)/synthetic-\d{6}" % b"|".join(OWN_SEGMENTS))
    written_shared: set[bytes] = set()
    for graph in chunks(n_clusters, seed, base):
        triples = (ox.Triple(*(to_oxigraph(term) for term in triple)) for triple in graph)
        lines = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True)
        del graph
        new = [line for line in lines if own.match(line) or line not in written_shared]
        written_shared.update(line for line in new if not own.match(line))
        new.sort()
        output.write(b"".join(new))
        count += len(new)
    return count


def synthetic_rdf(n_clusters: int, seed: int, fmt: str = "nt", base: str | None = None) -> bytes:
    """The whole synthetic graph as N-Triples or Turtle, in memory (for small graphs and tests)."""
    stream = io.BytesIO()
    _write(stream, fmt, n_clusters, seed, base)
    return stream.getvalue()


def _write(output: BinaryIO, fmt: str, n_clusters: int, seed: int, base: str | None) -> int:
    if fmt not in OUTPUT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; synth writes {', '.join(OUTPUT_FORMATS)}")
    if fmt == "nt":
        return write_ntriples(output, n_clusters, seed, base)
    with tempfile.TemporaryFile() as ntriples:  # Turtle: re-encode the N-Triples, streaming
        count = write_ntriples(ntriples, n_clusters, seed, base)
        ntriples.seek(0)
        prefixes = {**PREFIXES, **entity_prefixes(data_base(base))}
        ox.serialize(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES), output, format=OUTPUT_FORMATS[fmt], prefixes=prefixes)
    return count


def write_synthetic(path: Path, n_clusters: int, seed: int, base: str | None = None) -> tuple[int, int]:
    """Write the synthetic graph to `path` (.nt or .ttl), streaming, via a temporary file renamed at
    the end; returns (triples, bytes)."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in OUTPUT_FORMATS:
        raise ValueError(f"{path}: synth writes {' or '.join('.' + f for f in OUTPUT_FORMATS)} files")
    if n_clusters < 1:
        raise ValueError(f"the number of clusters must be at least 1, got {n_clusters}")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            count = _write(stream, fmt, n_clusters, seed, base)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count, path.stat().st_size
