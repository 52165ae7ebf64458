"""Turn checked records into RDF triples (the ABox) under the data's base IRI."""

from __future__ import annotations

from decimal import Decimal

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg import records as r
from kg.load import Records
from kg.namespaces import CKG, QB, SEGMENTS, WD

CLUSTER_CLASS = {
    None: CKG.Cluster,
    "local": CKG.LocalCluster,
    "regional": CKG.RegionalCluster,
    "national": CKG.NationalCluster,
    "cross-border": CKG.CrossBorderCluster,
    "virtual": CKG.VirtualCluster,
}
ACT_CLASS = {"decree": CKG.Decree, "resolution": CKG.Resolution, "address": CKG.Address}
EVENT_CLASS = {"forum": CKG.Forum, "session": CKG.Session, "summit": CKG.Summit}
AGREEMENT_CLASS = {
    "roadmap": CKG.Roadmap,
    "regional-agreements": CKG.RegionalAgreement,
    "trade-contracts": CKG.TradeContract,
}
LINK_KIND = {
    "trade": CKG.Trade,
    "investment": CKG.Investment,
    "cluster-cooperation": CKG.ClusterCooperation,
    "transport": CKG.Transport,
    "joint-project": CKG.JointProject,
    "dialogue": CKG.Dialogue,
}
SCHEMES = {"sector": "sectors", "product": "products", "indicator": "indicators"}


def date_literal(text: str) -> Literal:
    """A date typed by its published precision: xsd:gYear, xsd:gYearMonth or xsd:date."""
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}[len(text)]
    return Literal(text, datatype=datatype)


def decimal_literal(value: Decimal) -> Literal:
    """An xsd:decimal with the published digits ("2150" stays "2150", "70" is not "70.0"), never in exponent form."""
    return Literal(format(value, "f"), datatype=XSD.decimal)


class Populator:
    """Adds the triples of each kind of record to one graph."""

    def __init__(self, records: Records, base: str, graph: Graph):
        self.records = records
        self.base = base
        self.graph = graph

    def iri(self, record_id: str, kind: str | None = None) -> URIRef:
        """The IRI of a record: <base><segment>/<id>."""
        segment = SEGMENTS[kind or self.records.kinds[record_id]]
        return URIRef(f"{self.base}{segment}/{record_id}")

    def add(self, subject: URIRef, predicate: URIRef, value) -> None:
        """Add a triple unless the value is missing; strings become English literals."""
        if value is None:
            return
        if isinstance(value, (URIRef, Literal)):
            pass
        elif isinstance(value, str):
            value = Literal(value, lang="en")
        else:
            value = Literal(value)
        self.graph.add((subject, predicate, value))

    def link(self, subject: URIRef, predicate: URIRef, ids) -> None:
        """Add a triple to the record IRI of each id (one id, a list, or None)."""
        for record_id in [ids] if isinstance(ids, str) else ids or []:
            self.graph.add((subject, predicate, self.iri(record_id)))

    def entity(self, record: r.Record, kind: str, *classes: URIRef, label: str | None = None) -> URIRef:
        """The common triples: types, label, alternative labels, source, locator, note."""
        node = self.iri(record.id, kind)
        for cls in classes:
            self.graph.add((node, RDF.type, cls))
        self.add(node, RDFS.label, label or getattr(record, "label", None))
        for alt in getattr(record, "alt_labels", []):
            self.add(node, SKOS.altLabel, alt)
        if isinstance(record, r.Sourced):
            self.sourced(node, record)
        return node

    def sourced(self, node: URIRef, record) -> None:
        self.link(node, DCTERMS.source, record.source)
        self.graph.add((node, CKG.locator, Literal(record.locator)))
        self.add(node, SKOS.note, getattr(record, "note", None))

    def identifiers(self, node: URIRef, record, iso_code: str | None) -> None:
        if iso_code:
            self.graph.add((node, CKG.isoCode, Literal(iso_code)))
        if record.wikidata:
            self.graph.add((node, CKG.wikidata, Literal(record.wikidata)))
            self.graph.add((node, SKOS.exactMatch, WD[record.wikidata]))
        self.add(node, SKOS.editorialNote, record.wikidata_note)

    # --- one method per section -------------------------------------------------------

    def sources(self) -> None:
        for doc in self.records.section("sources"):
            node = self.entity(doc, "source", CKG.Source, label=doc.title)
            self.add(node, DCTERMS.title, doc.title)
            self.graph.add((node, DCTERMS.type, Literal(doc.kind)))
            self.link(node, DCTERMS.creator, doc.creators)
            self.link(node, DCTERMS.publisher, doc.publisher)
            if doc.date:
                self.graph.add((node, DCTERMS.date, date_literal(doc.date)))
            self.add(node, DCTERMS.isPartOf, doc.container)
            self.add(node, CKG.pages, doc.pages and Literal(doc.pages))
            self.add(node, URIRef("http://purl.org/ontology/bibo/issue"), doc.issue and Literal(doc.issue))
            for issn in doc.issn:
                self.graph.add((node, URIRef("http://purl.org/ontology/bibo/issn"), Literal(issn)))
            self.add(node, DCTERMS.language, doc.language and Literal(doc.language, datatype=DCTERMS.RFC5646))
            self.add(node, DCTERMS.license, doc.license and URIRef(doc.license))
            self.add(node, RDFS.seeAlso, doc.url and URIRef(doc.url))
            self.link(node, CKG.about, doc.about)
            self.link(node, PROV.wasDerivedFrom, doc.based_on)
            self.add(node, SKOS.note, doc.note)
        for dataset in self.records.section("datasets"):
            node = self.entity(dataset, "dataset", CKG.Dataset, QB.DataSet)
            self.graph.add((node, QB.structure, CKG.structure))
            self.link(node, PROV.wasAttributedTo, dataset.compiled_by)

    def places(self) -> None:
        for country in self.records.section("countries"):
            node = self.entity(country, "country", CKG.Country)
            self.identifiers(node, country, country.id)
            self.graph.add((node, CKG.isoAlpha3, Literal(country.alpha3)))
        for region in self.records.section("regions"):
            node = self.entity(region, "region", CKG.Region)
            self.identifiers(node, region, region.id)
            self.add(node, CKG.formerIsoCode, region.former_iso and Literal(region.former_iso))
            self.link(node, CKG.inCountry, region.country)
        for city in self.records.section("cities"):
            node = self.entity(city, "city", CKG.City)
            self.identifiers(node, city, None)
            self.link(node, CKG.locatedIn, city.region)
            self.link(node, CKG.inCountry, city.country)
        borders = self.records.single("borders")
        if borders:
            for a, b in borders.pairs:
                self.graph.add((self.iri(a), CKG.bordersOn, self.iri(b)))
                self.graph.add((self.iri(b), CKG.bordersOn, self.iri(a)))

    def concepts(self) -> None:
        for kind, name in SCHEMES.items():
            scheme = self.iri(name, "scheme")
            self.graph.add((scheme, RDF.type, SKOS.ConceptScheme))
            self.add(scheme, RDFS.label, f"clusterkg {name}")
            self.add(scheme, SKOS.prefLabel, f"clusterkg {name}")
        scheme_of = {kind: self.iri(name, "scheme") for kind, name in SCHEMES.items()}
        for sector in self.records.section("sectors"):
            node = self.entity(sector, "sector", CKG.Sector, SKOS.Concept)
            self.concept(node, sector.label, scheme_of["sector"], sector.broader)
        for product in self.records.section("products"):
            node = self.entity(product, "product", CKG.Product, SKOS.Concept)
            self.concept(node, product.label, scheme_of["product"], None)
        for indicator in self.records.section("indicators"):
            node = self.entity(indicator, "indicator", CKG.Indicator, SKOS.Concept)
            self.concept(node, indicator.label, scheme_of["indicator"], None)
            self.add(node, SKOS.definition, indicator.definition)
            self.link(node, CKG.sumOf, indicator.sum_of)
            self.link(node, CKG.numerator, indicator.numerator)
            self.link(node, CKG.denominator, indicator.denominator)
        for unit in self.records.section("units"):
            node = self.entity(unit, "unit", CKG.Unit)
            self.graph.add((node, CKG.multiplier, Literal(unit.multiplier)))
            self.graph.add((node, CKG.quantityKind, Literal(unit.quantity)))
            self.add(node, CKG.currency, unit.currency and Literal(unit.currency))

    def concept(self, node: URIRef, label: str, scheme: URIRef, broader: str | None) -> None:
        self.add(node, SKOS.prefLabel, label)
        self.graph.add((node, SKOS.inScheme, scheme))
        if broader:
            self.link(node, SKOS.broader, broader)
        else:
            self.graph.add((node, SKOS.topConceptOf, scheme))
            self.graph.add((scheme, SKOS.hasTopConcept, node))

    def observations(self) -> None:
        labels = {item.id: item.label for section in ("countries", "regions", "cities", "clusters",
                                                      "agreements", "indicators")
                  for item in self.records.section(section)}
        for obs in self.records.section("observations"):
            area = labels[obs.area]
            label = f"{labels[obs.indicator]}, {area}" + (f" with {labels[obs.counterpart]}" if obs.counterpart else "")
            node = self.entity(obs, "observation", QB.Observation, label=f"{label}, {obs.period}")
            self.link(node, QB.dataSet, obs.dataset)
            self.link(node, CKG.indicator, obs.indicator)
            self.link(node, CKG.refArea, obs.area)
            self.link(node, CKG.counterpartArea, obs.counterpart)
            self.graph.add((node, CKG.refPeriod, self.period(obs.period)))
            self.graph.add((node, CKG.value, decimal_literal(obs.value)))
            self.link(node, CKG.unit, obs.unit)

    def period(self, text: str) -> URIRef:
        """The IRI of a reference period, adding its triples on first use."""
        node = self.iri(text.replace("/", "_"), "period")
        if (node, RDF.type, CKG.Period) not in self.graph:
            start, _, end = text.partition("/")
            self.graph.add((node, RDF.type, CKG.Period))
            self.graph.add((node, RDFS.label, Literal(text)))
            self.graph.add((node, CKG.startDate, date_literal(start)))
            self.graph.add((node, CKG.endDate, date_literal(end or start)))
        return node

    def specialisations(self) -> None:
        names = {region.id: region.label for region in self.records.section("regions")}
        for spec in self.records.section("specialisations"):
            node = self.iri(f"{spec.region}-{spec.sector}", "specialisation")
            self.graph.add((node, RDF.type, CKG.SectorSpecialisation))
            self.add(node, RDFS.label, f"{names[spec.region]}: {spec.published_label}")
            self.link(node, CKG.region, spec.region)
            self.link(node, CKG.sector, spec.sector)
            self.graph.add((node, CKG.rank, Literal(spec.rank)))
            self.graph.add((node, CKG.publishedLabel, Literal(spec.published_label)))
            self.sourced(node, spec)

    def agents(self) -> None:
        for organisation in self.records.section("organisations"):
            node = self.entity(organisation, "organisation", CKG.Organisation)
            self.link(node, CKG.inCountry, [organisation.country] if organisation.country else organisation.countries)
            self.link(node, CKG.coChair, organisation.co_chairs)
        for person in self.records.section("people"):
            node = self.entity(person, "person", CKG.Person)
            self.link(node, CKG.affiliation, person.affiliation)
            self.add(node, CKG.role, person.role)
            self.link(node, CKG.inCountry, person.country)

    def policy(self) -> None:
        for policy in self.records.section("policies"):
            node = self.entity(policy, "policy", CKG.Policy)
            self.link(node, CKG.inCountry, policy.country)
            self.link(node, CKG.legalBasis, policy.legal_basis)
        for act in self.records.section("legal_acts"):
            name = act.number or f"Address of {act.date}"
            node = self.entity(act, "legal_act", ACT_CLASS[act.kind], label=f"{name}: {act.title}")
            self.add(node, CKG.number, act.number and Literal(act.number))
            self.add(node, DCTERMS.title, act.title)
            self.graph.add((node, DCTERMS.issued, date_literal(act.date)))
            self.link(node, CKG.issuedBy, act.issued_by)
            self.link(node, CKG.inCountry, act.country)
            for mandate in act.mandates:
                self.add(node, CKG.mandate, mandate)
        for target in self.records.section("targets"):
            node = self.entity(target, "target", CKG.Target)
            self.link(node, CKG.setBy, target.set_by)
            self.link(node, CKG.targetIndicator, target.indicator)
            self.graph.add((node, CKG.targetValue, decimal_literal(target.value)))
            if target.value_max is not None:
                self.graph.add((node, CKG.targetValueMax, decimal_literal(target.value_max)))
            self.link(node, CKG.unit, target.unit)
            self.graph.add((node, CKG.deadline, Literal(str(target.deadline), datatype=XSD.gYear)))
            self.link(node, CKG.targetArea, target.area)
            self.add(node, CKG.scope, target.scope)

    def clusters(self) -> None:
        for cluster in self.records.section("clusters"):
            node = self.entity(cluster, "cluster", CLUSTER_CLASS[cluster.type])
            self.link(node, CKG.locatedIn, cluster.located_in)
            self.link(node, CKG.sector, cluster.sectors)
            self.add(node, CKG.status, cluster.status)
            self.add(node, RDFS.comment, cluster.description)
            for site in cluster.sites:
                self.site(cluster, site, CKG.ClusterSite)
            previous = None
            for stage in cluster.stages:
                stage_node = self.site(cluster, stage, CKG.ValueChainStage)
                self.graph.add((stage_node, CKG.stageOrder, Literal(stage.order)))
                self.link(stage_node, CKG.output, stage.output)
                self.add(stage_node, SKOS.note, cluster.stage_order_note)
                if previous is not None:
                    self.graph.add((previous, CKG.suppliesTo, stage_node))
                previous = stage_node

    def site(self, cluster: r.Cluster, site: r.Site | r.Stage, cls: URIRef) -> URIRef:
        place = self.records_label(site.place)
        node = self.entity(site, "site", cls, label=f"{cluster.label}: {site.role} ({place})")
        self.link(node, CKG.siteOf, cluster.id)
        self.link(node, CKG.locatedIn, site.place)
        self.link(node, CKG.sector, site.activity)
        self.add(node, CKG.role, site.role)
        self.sourced(node, cluster)
        return node

    def records_label(self, record_id: str) -> str:
        kind = self.records.kinds[record_id]
        section = {"country": "countries", "region": "regions", "city": "cities"}[kind]
        return next(item.label for item in self.records.section(section) if item.id == record_id)

    def cooperation(self) -> None:
        for event in self.records.section("events"):
            node = self.entity(event, "event", EVENT_CLASS[event.kind])
            self.add(node, CKG.number, event.number)
            self.link(node, CKG.sessionOf, event.session_of)
            self.link(node, CKG.heldIn, event.held_in)
            self.add(node, CKG.startDate, event.start and date_literal(event.start))
            self.add(node, CKG.endDate, event.end and date_literal(event.end))
            self.add(node, CKG.dateNote, event.date_note)
            self.link(node, CKG.participant, event.participants)
            self.add(node, CKG.outcome, event.outcome)
        for agreement in self.records.section("agreements"):
            node = self.entity(agreement, "agreement", AGREEMENT_CLASS[agreement.kind])
            self.link(node, CKG.signedAt, agreement.signed_at)
            self.link(node, CKG.signedBy, agreement.signed_by)
            self.link(node, CKG.party, agreement.parties)
            self.add(node, RDFS.comment, agreement.description)
        for corridor in self.records.section("corridors"):
            node = self.entity(corridor, "corridor", CKG.TransportCorridor)
            self.link(node, CKG.passesThrough, corridor.passes_through)
            self.link(node, CKG.promotedBy, corridor.promoted_by)
            self.add(node, RDFS.comment, corridor.description)
        for project in self.records.section("projects"):
            node = self.entity(project, "project", CKG.InfrastructureProject)
            self.add(node, CKG.status, project.status)
            self.link(node, CKG.locatedIn, project.located_in)
            self.link(node, CKG.passesThrough, project.passes_through)
            self.link(node, CKG.promotedBy, project.promoted_by)
            self.link(node, CKG.sector, project.sectors)
            self.add(node, RDFS.comment, project.description)
        for link in self.records.section("links"):
            node = self.entity(link, "link", CKG.CrossBorderLink)
            for kind in link.kinds:
                self.graph.add((node, CKG.linkKind, LINK_KIND[kind]))
            self.link(node, CKG.party, link.parties)
            self.link(node, CKG.through, link.through)
            self.link(node, CKG.sector, link.sectors)
            self.add(node, RDFS.comment, link.description)


def populate(records: Records, base: str, graph: Graph | None = None) -> Graph:
    """Add the triples of every record to `graph` (a new one if None) and return it."""
    graph = graph if graph is not None else Graph()
    populator = Populator(records, base, graph)
    for step in (populator.sources, populator.places, populator.concepts, populator.observations,
                 populator.specialisations, populator.agents, populator.policy, populator.clusters,
                 populator.cooperation):
        step()
    return graph
