"""Networkx views of the RDF graph (read through SPARQL): value chains, cross-border links, policy.

Nodes are entities (IRI strings) with `kind`, `label`, `key`, `figures` (published observations with
unit, period and source) and `source`; edges carry `kind`, `label` and, for value-chain flows, the
`product` that moves from one region to the next (`direction` upstream -> downstream).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import networkx as nx
from rdflib import Graph

from kg.namespaces import CKG


@dataclass(frozen=True)
class Kind:
    name: str
    label: str


NODE_KINDS = {
    kind.name: kind for kind in [
        Kind("cluster", "Cluster"),
        Kind("region", "Region"),
        Kind("country", "Country"),
        Kind("city", "City"),
        Kind("sector", "Sector"),
        Kind("policy", "Policy"),
        Kind("legal-act", "Legal act"),
        Kind("target", "Target"),
        Kind("event", "Event"),
        Kind("agreement", "Agreement"),
        Kind("infrastructure", "Corridor or project"),
        Kind("agent", "Organisation or person"),
    ]
}

# class IRI (its subclasses included) -> node kind
NODE_CLASSES = {
    CKG.Cluster: "cluster", CKG.Region: "region", CKG.Country: "country", CKG.City: "city",
    CKG.Sector: "sector", CKG.Policy: "policy", CKG.LegalAct: "legal-act", CKG.Target: "target",
    CKG.Event: "event", CKG.Agreement: "agreement", CKG.TransportCorridor: "infrastructure",
    CKG.InfrastructureProject: "infrastructure", CKG.Organisation: "agent", CKG.Person: "agent",
}

EDGE_KINDS = {
    kind.name: kind for kind in [
        Kind("value-chain", "Value-chain flow"),
        Kind("cross-border", "Cross-border link"),
        Kind("borders", "Borders on"),
        Kind("located-in", "Located in"),
        Kind("in-sector", "Sector"),
        Kind("specialises-in", "Main sector (Table 2)"),
        Kind("legal-basis", "Legal basis"),
        Kind("set-by", "Target set by"),
        Kind("target-area", "Target area"),
        Kind("issued-by", "Issued by"),
        Kind("held-in", "Held in"),
        Kind("participant", "Participant"),
        Kind("session-of", "Session of"),
        Kind("signed-at", "Signed at"),
        Kind("party", "Party"),
        Kind("passes-through", "Passes through"),
        Kind("promoted-by", "Promoted by"),
    ]
}

# object properties drawn as they are: property -> edge kind (kept when both ends are nodes)
PROPERTY_EDGES = {
    CKG.locatedIn: "located-in", CKG.inCountry: "located-in", CKG.sector: "in-sector",
    CKG.legalBasis: "legal-basis", CKG.setBy: "set-by", CKG.targetArea: "target-area",
    CKG.issuedBy: "issued-by", CKG.heldIn: "held-in", CKG.participant: "participant",
    CKG.sessionOf: "session-of", CKG.signedAt: "signed-at", CKG.party: "party",
    CKG.passesThrough: "passes-through", CKG.promotedBy: "promoted-by",
}


@dataclass(frozen=True)
class View:
    """The node kinds a view shows, the edge kinds it is about, and the context edges kept around them."""

    node_kinds: frozenset[str]
    edge_kinds: frozenset[str]
    context_kinds: frozenset[str] = frozenset({"located-in"})


VIEWS = {
    "value-chain": View(
        frozenset({"cluster", "region", "country", "city", "sector"}),
        frozenset({"value-chain", "in-sector", "specialises-in"}),
    ),
    "cross-border": View(
        frozenset({"country", "region", "city", "cluster", "event", "agreement", "infrastructure", "agent"}),
        frozenset({"cross-border", "borders", "held-in", "participant", "session-of", "signed-at", "party",
                   "passes-through", "promoted-by"}),
    ),
    "policy": View(
        frozenset({"policy", "legal-act", "target", "agent", "country", "region"}),
        frozenset({"legal-basis", "set-by", "target-area", "issued-by"}),
    ),
    "all": View(frozenset(NODE_KINDS), frozenset(EDGE_KINDS), frozenset()),
}

PREFIXES = f"""
PREFIX ckg: <{CKG._NS}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX qb: <http://purl.org/linked-data/cube#>
"""

NODES_QUERY = PREFIXES + """
SELECT ?node ?class ?label ?source ?locator WHERE {
  VALUES ?class { %s }
  ?node a/rdfs:subClassOf* ?class ; rdfs:label ?label .
  OPTIONAL { ?node dcterms:source/rdfs:label ?source }
  OPTIONAL { ?node ckg:locator ?locator }
}
"""

FIGURES_QUERY = PREFIXES + """
SELECT ?area ?indicatorId ?indicator ?value ?unit ?multiplier ?period ?counterpart ?source ?locator WHERE {
  ?obs a qb:Observation ; ckg:refArea ?area ; ckg:indicator ?indicatorId ; ckg:value ?value ;
       ckg:unit ?unitId ; ckg:refPeriod/rdfs:label ?period .
  ?indicatorId rdfs:label ?indicator .
  ?unitId rdfs:label ?unit ; ckg:multiplier ?multiplier .
  OPTIONAL { ?obs ckg:counterpartArea/rdfs:label ?counterpart }
  OPTIONAL { ?obs dcterms:source/rdfs:label ?source }
  OPTIONAL { ?obs ckg:locator ?locator }
}
ORDER BY ?area ?indicator ?period ?value
"""

TARGETS_QUERY = PREFIXES + """
SELECT ?target ?indicator ?value ?max ?unit ?deadline WHERE {
  ?target a ckg:Target ; ckg:targetValue ?value ; ckg:deadline ?deadline .
  OPTIONAL { ?target ckg:targetIndicator/rdfs:label ?indicator }
  OPTIONAL { ?target ckg:targetValueMax ?max }
  OPTIONAL { ?target ckg:unit/rdfs:label ?unit }
}
"""

PROPERTY_EDGES_QUERY = PREFIXES + """
SELECT ?s ?p ?o ?label WHERE {
  VALUES ?p { %s }
  ?s ?p ?o .
  ?p rdfs:label ?label .
}
"""

VALUE_CHAIN_QUERY = PREFIXES + """
SELECT ?from ?to ?product ?cluster ?fromRole ?toRole ?fromOrder ?source ?locator WHERE {
  ?up ckg:suppliesTo ?down ; ckg:locatedIn ?from ; ckg:siteOf/rdfs:label ?cluster ;
      ckg:role ?fromRole ; ckg:stageOrder ?fromOrder .
  ?down ckg:locatedIn ?to ; ckg:role ?toRole .
  OPTIONAL { ?up ckg:output/rdfs:label ?product }
  OPTIONAL { ?up dcterms:source/rdfs:label ?source }
  OPTIONAL { ?up ckg:locator ?locator }
}
"""

SITES_QUERY = PREFIXES + """
SELECT ?cluster ?place ?role WHERE {
  ?site a ckg:ClusterSite ; ckg:siteOf ?cluster ; ckg:locatedIn ?place ; ckg:role ?role .
}
"""

CROSS_BORDER_QUERY = PREFIXES + """
SELECT ?link ?a ?b ?label ?source ?locator WHERE {
  ?link a ckg:CrossBorderLink ; rdfs:label ?label ; ckg:party ?a, ?b .
  OPTIONAL { ?a ckg:inCountry ?aIn } OPTIONAL { ?b ckg:inCountry ?bIn }
  BIND (COALESCE(?aIn, ?a) AS ?countryA) BIND (COALESCE(?bIn, ?b) AS ?countryB)
  FILTER (?countryA != ?countryB && STR(?a) < STR(?b))
  OPTIONAL { ?link dcterms:source/rdfs:label ?source }
  OPTIONAL { ?link ckg:locator ?locator }
}
"""

LINK_DETAILS_QUERY = PREFIXES + """
SELECT ?link ?property ?value WHERE {
  VALUES ?property { ckg:linkKind ckg:through }
  ?link a ckg:CrossBorderLink ; ?property ?term .
  ?term rdfs:label ?value .
}
ORDER BY ?link ?property ?value
"""

BORDERS_QUERY = PREFIXES + """
SELECT ?a ?b WHERE { ?a ckg:bordersOn ?b FILTER (STR(?a) < STR(?b)) }
"""

SPECIALISATION_QUERY = PREFIXES + """
SELECT ?region ?sector ?rank ?published ?source ?locator WHERE {
  ?spec a ckg:SectorSpecialisation ; ckg:region ?region ; ckg:sector ?sector ; ckg:rank ?rank ;
        ckg:publishedLabel ?published .
  OPTIONAL { ?spec dcterms:source/rdfs:label ?source }
  OPTIONAL { ?spec ckg:locator ?locator }
}
"""

EXPORTS_INDICATOR = "cluster-exports"


def to_networkx(graph: Graph, view: str = "all") -> nx.MultiDiGraph:
    """One view as a MultiDiGraph (edge key: the kind, or kind:id where one pair has several).

    "all" holds every node and edge; the other views hold the nodes their own edge kinds touch and,
    through context edges ("located in"), the places those nodes lie in.
    """
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    spec = VIEWS[view]
    full = full_network(graph)
    allowed = [node for node, kind in full.nodes(data="kind") if kind in spec.node_kinds]
    network = nx.MultiDiGraph(full.subgraph(allowed))
    network.remove_edges_from([
        (u, v, key) for u, v, key, kind in list(network.edges(keys=True, data="kind"))
        if kind not in spec.edge_kinds | spec.context_kinds
    ])
    if view != "all":
        network = network.subgraph(nodes_in_view(network, spec)).copy()
    network.graph["view"] = view
    return network


def nodes_in_view(network: nx.MultiDiGraph, spec: View) -> set[str]:
    """Ends of the view's own edges, then (transitively) the places they are located in."""
    kept = {end for u, v, kind in network.edges(data="kind") if kind in spec.edge_kinds for end in (u, v)}
    frontier = list(kept)
    while frontier:
        node = frontier.pop()
        for _, place, kind in network.out_edges(node, data="kind"):
            if kind in spec.context_kinds and place not in kept:
                kept.add(place)
                frontier.append(place)
    return kept


def full_network(graph: Graph) -> nx.MultiDiGraph:
    """Every node and edge kind, before a view selects from them."""
    network = nx.MultiDiGraph()
    add_nodes(network, graph)
    add_figures(network, graph)
    add_target_figures(network, graph)
    add_property_edges(network, graph)
    add_site_edges(network, graph)
    add_value_chain_edges(network, graph)
    add_cross_border_edges(network, graph)
    add_border_edges(network, graph)
    add_specialisation_edges(network, graph)
    return nx.MultiDiGraph(sorted_copy(network))


def sorted_copy(network: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The same network with nodes and edges in a stable order (same graph, same page)."""
    ordered = nx.MultiDiGraph()
    ordered.add_nodes_from(sorted(network.nodes(data=True)))
    ordered.add_edges_from(sorted(network.edges(keys=True, data=True), key=lambda edge: edge[:3]))
    return ordered


def add_nodes(network: nx.MultiDiGraph, graph: Graph) -> None:
    classes = " ".join(f"<{cls}>" for cls in NODE_CLASSES)
    for row in graph.query(NODES_QUERY % classes):
        node = str(row.node)
        if node in network:  # a node of two classes (e.g. Cluster and a subclass) keeps its first kind
            continue
        network.add_node(
            node, kind=NODE_CLASSES[row["class"]], label=str(row.label), key=short_key(node),
            source=source_text(row.source, row.locator), figures=[], size_usd=None,
        )


def short_key(iri: str) -> str:
    """The readable tail of an entity IRI: 'region/UZ-NG'."""
    return "/".join(iri.rstrip("/").rsplit("/", 2)[-2:])


def source_text(source, locator) -> str:
    return ", ".join(str(part) for part in (source, locator) if part is not None)


def add_figures(network: nx.MultiDiGraph, graph: Graph) -> None:
    """Published observations of each node, as published, and its cluster exports in USD for sizing."""
    for row in graph.query(FIGURES_QUERY):
        area = str(row.area)
        if area not in network:
            continue
        indicator = str(row.indicator) + (f" with {row.counterpart}" if row.counterpart else "")
        network.nodes[area]["figures"].append({
            "indicator": indicator, "value": str(row.value), "unit": str(row.unit),
            "period": str(row.period), "source": source_text(row.source, row.locator),
        })
        if str(row.indicatorId).endswith("/" + EXPORTS_INDICATOR) and str(row.unit).startswith("USD"):
            usd = float(Decimal(str(row.value)) * Decimal(10) ** int(row.multiplier))
            current = network.nodes[area]["size_usd"]
            network.nodes[area]["size_usd"] = max(usd, current or 0)


def add_target_figures(network: nx.MultiDiGraph, graph: Graph) -> None:
    for row in graph.query(TARGETS_QUERY):
        target = str(row.target)
        if target in network:
            value = f"{row.value}–{row.max}" if row.max is not None else str(row.value)
            network.nodes[target]["figures"].append({
                "indicator": str(row.indicator or "target"), "value": value, "unit": str(row.unit or ""),
                "period": f"by {row.deadline}", "source": network.nodes[target]["source"],
            })


def add_edge(network: nx.MultiDiGraph, u: str, v: str, kind: str, key: str | None = None, **attributes) -> None:
    """Add an edge between two known nodes; repeated (u, v, key) merge into one."""
    if u in network and v in network and u != v:
        network.add_edge(u, v, key=key or kind, kind=kind, **{"label": EDGE_KINDS[kind].label.lower(), **attributes})


def add_property_edges(network: nx.MultiDiGraph, graph: Graph) -> None:
    properties = " ".join(f"<{prop}>" for prop in PROPERTY_EDGES)
    for row in graph.query(PROPERTY_EDGES_QUERY % properties):
        add_edge(network, str(row.s), str(row.o), PROPERTY_EDGES[row.p], label=str(row.label))


def add_site_edges(network: nx.MultiDiGraph, graph: Graph) -> None:
    """A cluster's sites (not nodes themselves) become 'located in' edges labelled with the site's role."""
    for row in graph.query(SITES_QUERY):
        add_edge(network, str(row.cluster), str(row.place), "located-in", label=f"located in: {row.role}")


def add_value_chain_edges(network: nx.MultiDiGraph, graph: Graph) -> None:
    """One edge per supply step, from the upstream stage's place to the downstream stage's place."""
    for row in graph.query(VALUE_CHAIN_QUERY):
        product = str(row.product) if row.product is not None else None
        add_edge(
            network, str(row["from"]), str(row.to), "value-chain", key=f"value-chain:{row.cluster}:{row.fromOrder}",
            label=f"{product or 'supplies'} →", product=product, direction="upstream → downstream",
            cluster=str(row.cluster), stages=f"{row.fromRole} → {row.toRole}", stage_order=int(row.fromOrder),
            source=source_text(row.source, row.locator),
        )


def add_cross_border_edges(network: nx.MultiDiGraph, graph: Graph) -> None:
    """One edge per pair of parties in different countries of each cross-border link."""
    details: dict[tuple[str, str], list[str]] = {}
    for row in graph.query(LINK_DETAILS_QUERY):
        details.setdefault((str(row.link), str(row.property)), []).append(str(row.value))
    for row in graph.query(CROSS_BORDER_QUERY):
        link = str(row.link)
        add_edge(
            network, str(row.a), str(row.b), "cross-border", key=f"cross-border:{short_key(link)}",
            label=str(row.label), link_kinds=", ".join(details.get((link, str(CKG.linkKind)), [])),
            through="; ".join(details.get((link, str(CKG.through)), [])),
            source=source_text(row.source, row.locator),
        )


def add_border_edges(network: nx.MultiDiGraph, graph: Graph) -> None:
    for row in graph.query(BORDERS_QUERY):
        add_edge(network, str(row.a), str(row.b), "borders")


def add_specialisation_edges(network: nx.MultiDiGraph, graph: Graph) -> None:
    for row in graph.query(SPECIALISATION_QUERY):
        add_edge(
            network, str(row.region), str(row.sector), "specialises-in",
            label=f"main sector #{row.rank}", rank=int(row.rank), published=str(row.published),
            source=source_text(row.source, row.locator),
        )
