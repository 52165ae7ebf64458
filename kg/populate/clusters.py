"""Clusters, their sites and the stages of their value chains."""

from __future__ import annotations

from rdflib import RDFS, SKOS, Literal, URIRef

from kg import records as r
from kg.namespaces import CKG
from kg.populate.writer import Writer

CLUSTER_CLASS = {
    None: CKG.Cluster,
    "local": CKG.LocalCluster,
    "regional": CKG.RegionalCluster,
    "national": CKG.NationalCluster,
    "cross-border": CKG.CrossBorderCluster,
    "virtual": CKG.VirtualCluster,
}

UNITED_THROUGH = {"digital-technologies": CKG.DigitalTechnologies}


def populate(w: Writer) -> None:
    for cluster in w.records.section("clusters"):
        node = w.entity(cluster, "cluster", CLUSTER_CLASS[cluster.type])
        w.link(node, CKG.locatedIn, cluster.located_in)
        w.link(node, CKG.sector, cluster.sectors)
        w.add(node, CKG.status, cluster.status)
        if cluster.united_through:
            w.graph.add((node, CKG.unitedThrough, UNITED_THROUGH[cluster.united_through]))
        w.add(node, RDFS.comment, cluster.description)
        for s in cluster.sites:
            site(w, cluster, s, CKG.ClusterSite)
        previous = None
        for stage in cluster.stages:
            stage_node = site(w, cluster, stage, CKG.ValueChainStage)
            w.graph.add((stage_node, CKG.stageOrder, Literal(stage.order)))
            w.link(stage_node, CKG.output, stage.output)
            w.add(stage_node, SKOS.note, cluster.stage_order_note)
            if previous is not None:
                w.graph.add((previous, CKG.suppliesTo, stage_node))
            previous = stage_node


def site(w: Writer, cluster: r.Cluster, site: r.Site | r.Stage, cls: URIRef) -> URIRef:
    """A site or value-chain stage of a cluster: where it is, what it does, its role."""
    node = w.entity(site, "site", cls, label=f"{cluster.label}: {site.role} ({w.labels[site.place]})")
    w.link(node, CKG.siteOf, cluster.id)
    w.link(node, CKG.locatedIn, site.place)
    w.link(node, CKG.sector, site.activity)
    w.add(node, CKG.role, site.role)
    w.sourced(node, cluster)
    return node
