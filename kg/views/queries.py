"""The SPARQL queries the views read the graph with (one per kind of node attribute or edge)."""

from __future__ import annotations

from kg.namespaces import CKG

PREFIXES = f"""
PREFIX ckg: <{CKG._NS}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
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

ALT_LABELS_QUERY = PREFIXES + """
SELECT ?node ?label WHERE { ?node skos:altLabel ?label } ORDER BY ?node ?label
"""

COORDINATES_QUERY = PREFIXES + """
SELECT ?place ?lat ?long WHERE { ?place geo:location ?point . ?point geo:lat ?lat ; geo:long ?long }
"""
