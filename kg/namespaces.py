"""The IRIs of the graph: the ontology namespace and the configurable base of the data."""

from __future__ import annotations

import os

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = URIRef("https://w3id.org/clusterkg/ontology")
DEFAULT_BASE = "https://w3id.org/clusterkg/id/"
BASE_ENV_VAR = "CLUSTERKG_BASE"

QB = Namespace("http://purl.org/linked-data/cube#")
ORG = Namespace("http://www.w3.org/ns/org#")
BIBO = Namespace("http://purl.org/ontology/bibo/")
WD = Namespace("http://www.wikidata.org/entity/")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")


class CKG(DefinedNamespace):
    """The clusterkg ontology; an unknown term raises at import, not as an empty query."""

    _NS = Namespace("https://w3id.org/clusterkg/ontology#")
    _fail = True

    # classes
    Place: URIRef
    Country: URIRef
    Region: URIRef
    City: URIRef
    Cluster: URIRef
    LocalCluster: URIRef
    RegionalCluster: URIRef
    NationalCluster: URIRef
    CrossBorderCluster: URIRef
    VirtualCluster: URIRef
    ClusterSite: URIRef
    ValueChainStage: URIRef
    Product: URIRef
    Sector: URIRef
    SectorSpecialisation: URIRef
    Policy: URIRef
    LegalAct: URIRef
    Decree: URIRef
    Resolution: URIRef
    Address: URIRef
    Target: URIRef
    Event: URIRef
    Forum: URIRef
    Session: URIRef
    Summit: URIRef
    Agreement: URIRef
    Roadmap: URIRef
    RegionalAgreement: URIRef
    TradeContract: URIRef
    TransportCorridor: URIRef
    InfrastructureProject: URIRef
    CrossBorderLink: URIRef
    LinkKind: URIRef
    Agent: URIRef
    Organisation: URIRef
    Person: URIRef
    Source: URIRef
    Dataset: URIRef
    Indicator: URIRef
    Unit: URIRef
    Period: URIRef
    ReferenceArea: URIRef
    CoordinationMeans: URIRef

    # individuals of the ontology
    areaStructure: URIRef
    bilateralStructure: URIRef
    Trade: URIRef
    Investment: URIRef
    ClusterCooperation: URIRef
    Transport: URIRef
    JointProject: URIRef
    Dialogue: URIRef
    DigitalTechnologies: URIRef

    # properties
    about: URIRef
    affiliation: URIRef
    bordersOn: URIRef
    coChair: URIRef
    cooperatesWith: URIRef
    counterpartArea: URIRef
    currency: URIRef
    denominator: URIRef
    dateNote: URIRef
    deadline: URIRef
    endDate: URIRef
    formerIsoCode: URIRef
    hasSiteIn: URIRef
    heldIn: URIRef
    inCountry: URIRef
    indicator: URIRef
    isoAlpha3: URIRef
    isoCode: URIRef
    issuedBy: URIRef
    legalBasis: URIRef
    linkKind: URIRef
    locatedIn: URIRef
    locator: URIRef
    mandate: URIRef
    maximum: URIRef
    minimum: URIRef
    multiplier: URIRef
    number: URIRef
    numerator: URIRef
    outcome: URIRef
    output: URIRef
    pages: URIRef
    participant: URIRef
    party: URIRef
    passesThrough: URIRef
    promotedBy: URIRef
    publishedLabel: URIRef
    quantityKind: URIRef
    rank: URIRef
    refArea: URIRef
    refPeriod: URIRef
    region: URIRef
    role: URIRef
    scope: URIRef
    sector: URIRef
    sessionOf: URIRef
    setBy: URIRef
    setsTarget: URIRef
    signedAt: URIRef
    site: URIRef
    siteOf: URIRef
    spansCountry: URIRef
    spansRegion: URIRef
    stageOrder: URIRef
    startDate: URIRef
    status: URIRef
    suppliedBy: URIRef
    suppliesTo: URIRef
    sumOf: URIRef
    targetArea: URIRef
    targetIndicator: URIRef
    targetValue: URIRef
    targetValueMax: URIRef
    through: URIRef
    unitedThrough: URIRef
    unit: URIRef
    value: URIRef
    wikidata: URIRef

    # claims, curation marks and bibliography (source fidelity)
    Claim: URIRef
    RankingClaim: URIRef
    FigureClaim: URIRef
    TotalClaim: URIRef
    ExplanationClaim: URIRef
    DatedFact: URIRef
    Assessment: URIRef
    ComparisonClaim: URIRef
    quote: URIRef
    statement: URIRef
    claimSubject: URIRef
    claimIndicator: URIRef
    claimObject: URIRef
    claimedRank: URIRef
    claimedTop: URIRef
    claimedValue: URIRef
    qualifier: URIRef
    claimPeriod: URIRef
    checkedAgainst: URIRef
    curatedIn: URIRef
    curationReason: URIRef
    tradedProduct: URIRef
    authorName: URIRef
    publisherName: URIRef
    placeOfPublication: URIRef
    referenceNumber: URIRef


PREFIXES: dict[str, str] = {
    "ckg": str(CKG._NS),
    "qb": str(QB),
    "org": str(ORG),
    "wd": str(WD),
    "sdmx-dimension": str(SDMX_DIMENSION),
    "sdmx-measure": str(SDMX_MEASURE),
    "sdmx-attribute": str(SDMX_ATTRIBUTE),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
    "time": "http://www.w3.org/2006/time#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "bibo": "http://purl.org/ontology/bibo/",
}


def data_base(base: str | None = None) -> str:
    """The base IRI of the data: the argument, else $CLUSTERKG_BASE, else the default."""
    chosen = base or os.environ.get(BASE_ENV_VAR) or DEFAULT_BASE
    if not chosen.startswith(("http://", "https://")):
        raise ValueError(f"base IRI must start with http:// or https://, got {chosen!r}")
    return chosen if chosen.endswith(("/", "#")) else chosen + "/"


# The path segment of each kind of record under the base IRI: <base>region/UZ-NW.
SEGMENTS: dict[str, str] = {
    "source": "source", "dataset": "dataset", "country": "country", "region": "region",
    "city": "city", "sector": "sector", "product": "product", "unit": "unit",
    "indicator": "indicator", "observation": "obs", "specialisation": "specialisation",
    "organisation": "organisation", "person": "person", "policy": "policy", "legal_act": "act",
    "target": "target", "cluster": "cluster", "site": "site", "event": "event",
    "agreement": "agreement", "corridor": "corridor", "project": "project", "link": "link",
    "period": "period", "scheme": "scheme", "reference": "reference", "claim": "claim",
    "curation": "curation",
}


def entity_prefixes(base: str) -> dict[str, str]:
    """Prefixes for the data's own IRIs under the base (region:, cluster:, obs:, …)."""
    return {segment: f"{base}{segment}/" for segment in sorted(set(SEGMENTS.values()))}
