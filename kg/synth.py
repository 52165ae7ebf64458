"""A synthetic national-scale graph: the curated graph plus generated clusters and their figures.

The generated part is made of the same records as the curated data (kg.records) and turned into
triples by the same populator, so it follows the data model exactly: clusters of every type in the
curated regions, participant enterprises (org:memberOf their cluster), value-chain stages with
products, cross-border links through clusters, and yearly observations (exports, production,
participants, employment) with units, a dataset, a source and a locator. Everything generated
names the source `synthetic-<seed>`, so it can never be mistaken for published figures.
The same clusters count and seed give the same bytes.
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg import records as r
from kg.build import describe_dataset, load_ontology
from kg.export import _to_oxigraph, serialize, write_atomic
from kg.load import Located, Records, load_records
from kg.namespaces import CKG, ORG, PREFIXES, data_base, entity_prefixes
from kg.populate import populate

OUTPUT_FORMATS = {"nt": ox.RdfFormat.N_TRIPLES, "ttl": ox.RdfFormat.TURTLE}
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

    def generate(self) -> Records:
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
        for number in range(1, self.n_clusters + 1):
            self.cluster(number)
        for section, items in self.out.items():
            self.records.sections[section] = self.records.sections.get(section, []) + items
        return self.records

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


def synthetic_records(n_clusters: int, seed: int) -> tuple[Records, list[tuple[str, str, str, str]]]:
    """The curated records plus those of `n_clusters` generated clusters, and the memberships
    (enterprise, cluster, home region, sector) that the records have no field for."""
    if n_clusters < 1:
        raise ValueError(f"the number of clusters must be at least 1, got {n_clusters}")
    records = load_records()
    generator = Generator(records, n_clusters, seed)
    return generator.generate(), generator.members


def synthetic_abox(n_clusters: int, seed: int, base: str | None = None) -> Graph:
    """The data part of the synthetic graph (curated and generated), in rdflib's memory store."""
    base = data_base(base)
    records, members = synthetic_records(n_clusters, seed)
    graph = populate(records, base, Graph())
    for enterprise, cluster, region, sector in members:
        node = URIRef(f"{base}organisation/{enterprise}")
        graph.add((node, ORG.memberOf, URIRef(f"{base}cluster/{cluster}")))
        graph.add((node, CKG.locatedIn, URIRef(f"{base}region/{region}")))
        graph.add((node, CKG.sector, URIRef(f"{base}sector/{sector}")))
    describe_dataset(graph, base, [doc.id for doc in records.section("sources")])
    return graph


def synthetic_rdf(n_clusters: int, seed: int, fmt: str = "nt", base: str | None = None) -> bytes:
    """The whole synthetic graph as N-Triples (ontology first, then data lines sorted) or Turtle."""
    if fmt not in OUTPUT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; synth writes {', '.join(OUTPUT_FORMATS)}")
    ontology = serialize(load_ontology(), "nt")  # blank nodes named canonically
    abox = (ox.Triple(*(_to_oxigraph(term) for term in triple)) for triple in synthetic_abox(n_clusters, seed, base))
    lines = ox.serialize(abox, format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True)
    ntriples = ontology + b"".join(sorted(lines))  # the memory store's order is not stable; sorted lines are
    if fmt == "nt":
        return ntriples
    prefixes = {**PREFIXES, **entity_prefixes(data_base(base))}
    return ox.serialize(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES), format=OUTPUT_FORMATS[fmt], prefixes=prefixes)


def write_synthetic(path: Path, n_clusters: int, seed: int, base: str | None = None) -> int:
    """Write the synthetic graph to `path` (format from the suffix: .nt or .ttl); returns its size in bytes."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in OUTPUT_FORMATS:
        raise ValueError(f"{path}: synth writes {' or '.join('.' + f for f in OUTPUT_FORMATS)} files")
    data = synthetic_rdf(n_clusters, seed, fmt, base)
    write_atomic(path, data)
    return len(data)
