"""The SPARQL endpoint, started on a free loopback port and driven by real SPARQL clients."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from kg.build import build_graph
from kg.endpoint.answers import Answer, AnswerCache
from kg.namespaces import PREFIXES
from kg.query import list_queries
from kg.serve import Endpoint, serve_in_background
from kg.store import engine_of

NAVOI_EXPORTS = """PREFIX ckg: <https://w3id.org/clusterkg/ontology#>
SELECT ?value ?unit WHERE {
  ?obs ckg:refArea <https://w3id.org/clusterkg/id/region/UZ-NW> ;
       ckg:indicator <https://w3id.org/clusterkg/id/indicator/cluster-exports> ;
       ckg:value ?value ; ckg:unit ?unit .
}"""
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ENDLESS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 10^10 rows, streamed


@pytest.fixture(scope="module")
def graph():
    return build_graph(store="oxigraph")


@pytest.fixture(scope="module")
def endpoint_url(graph):
    endpoint = Endpoint(store=engine_of(graph), timeout=1.0, max_result_bytes=2_000_000, prefixes=PREFIXES,
                        queries={stored.name: stored for stored in list_queries()})
    server, url = serve_in_background(endpoint)
    yield url
    server.shutdown()
    server.server_close()


def fetch(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def get(url: str, query: str, accept: str) -> tuple[int, dict, bytes]:
    return fetch(f"{url}?{urllib.parse.urlencode({'query': query})}", headers={"Accept": accept})


def test_rdflib_sparqlstore_reads_navoi_exports(endpoint_url):
    remote = Graph(SPARQLStore(query_endpoint=endpoint_url, returnFormat="json"))
    rows = list(remote.query(NAVOI_EXPORTS))
    assert [(row.value.toPython(), str(row.unit)) for row in rows] == [
        (2150, "https://w3id.org/clusterkg/id/unit/usd-mln")
    ]


def test_post_with_sparqlstore_and_xml_results(endpoint_url, graph):
    remote = Graph(SPARQLStore(query_endpoint=endpoint_url, method="POST", returnFormat="xml"))
    assert int(next(iter(remote.query(COUNT))).n) == len(graph)


@pytest.mark.parametrize("accept, check", [
    ("text/csv", lambda body: list(csv.reader(io.StringIO(body.decode())))[1][0] == "2150"),
    ("text/tab-separated-values", lambda body: '"2150"^^' in body.decode()),
    ("application/sparql-results+json",
     lambda body: json.loads(body)["results"]["bindings"][0]["value"]["value"] == "2150"),
    ("application/sparql-results+xml", lambda body: b"<literal datatype" in body and b">2150<" in body),
])
def test_select_results_by_content_negotiation(endpoint_url, accept, check):
    status, headers, body = get(endpoint_url, NAVOI_EXPORTS, accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    assert check(body)


@pytest.mark.parametrize("accept, fmt", [("text/turtle", "turtle"), ("application/ld+json", "json-ld")])
def test_construct_as_turtle_and_jsonld(endpoint_url, accept, fmt):
    query = "CONSTRUCT WHERE { <https://w3id.org/clusterkg/id/region/UZ-NW> ?p ?o }"
    status, headers, body = get(endpoint_url, query, accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    navoi = Graph().parse(data=body, format=fmt)
    assert Literal("Navoi", lang="en") in set(navoi.objects(URIRef("https://w3id.org/clusterkg/id/region/UZ-NW")))


def test_updates_are_refused_and_change_nothing(endpoint_url, graph):
    before = len(graph)
    update = "INSERT DATA { <urn:x> <urn:y> <urn:z> }"
    form = urllib.parse.urlencode({"update": update}).encode()
    assert fetch(endpoint_url, form, {"Content-Type": "application/x-www-form-urlencoded"})[0] == 403
    assert fetch(endpoint_url, update.encode(), {"Content-Type": "application/sparql-update"})[0] == 403
    assert get(endpoint_url, update, "*/*")[0] == 400  # not a query
    assert len(graph) == before


def test_time_and_size_limits(endpoint_url):
    status, _, body = get(endpoint_url, ENDLESS, "text/csv")
    assert status in (413, 503) and b"limit" in body
    status, _, body = get(endpoint_url, ENDLESS + " LIMIT 3", "text/csv")
    assert status == 200 and body.count(b"\n") == 4


def test_cors_and_unacceptable_type(endpoint_url):
    status, headers, _ = fetch(endpoint_url, None, {"Origin": "http://localhost"})
    assert headers["Access-Control-Allow-Origin"] == "*"
    preflight = {"Origin": "http://localhost", "Access-Control-Request-Method": "POST"}
    request = urllib.request.Request(endpoint_url, method="OPTIONS", headers=preflight)
    with urllib.request.urlopen(request, timeout=10) as response:
        assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert get(endpoint_url, NAVOI_EXPORTS, "image/png")[0] == 406


@pytest.mark.parametrize("query, accept, status", [
    ("ASK { ?s ?p ?o }", "text/csv", 406),  # the CSV and TSV results formats are defined for SELECT only
    ("ASK { ?s ?p ?o }", "application/sparql-results+xml", 200),
    ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "application/sparql-results+json", 406),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "text/turtle", 406),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "text/*", 200),
])
def test_result_format_must_fit_the_query_form(endpoint_url, query, accept, status):
    assert get(endpoint_url, query, accept)[0] == status


def test_service_description_at_the_endpoint_url(endpoint_url, graph):
    status, headers, body = fetch(endpoint_url, headers={"Accept": "text/turtle"})
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    description = Graph().parse(data=body, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    service = URIRef(endpoint_url)
    assert (service, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in description
    counts = [int(o) for o in description.objects(None, URIRef("http://rdfs.org/ns/void#triples"))]
    assert counts == [len(graph)]


def test_default_graph_uri_is_honoured(endpoint_url):
    """The seed graph is the store's default graph: naming another default graph gives an empty dataset."""
    url = f"{endpoint_url}?{urllib.parse.urlencode({'query': COUNT, 'default-graph-uri': 'urn:nothing'})}"
    status, _, body = fetch(url, headers={"Accept": "text/csv"})
    assert status == 200 and body.splitlines()[1] == b"0"


def test_entity_iris_dereference_as_rdf(endpoint_url):
    base = endpoint_url.removesuffix("/sparql")
    navoi = URIRef("https://w3id.org/clusterkg/id/region/UZ-NW")
    for accept, fmt in [("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld")]:
        status, headers, body = fetch(f"{base}/id/region/UZ-NW", headers={"Accept": accept})
        assert status == 200 and headers["Content-Type"].startswith(accept)
        about = Graph().parse(data=body, format=fmt)
        assert Literal("Navoi", lang="en") in set(about.objects(navoi))
        assert set(about.subjects()) - {navoi}, "labels of linked resources come along"
    assert fetch(f"{base}/id/region/NO-SUCH", headers={"Accept": "text/turtle"})[0] == 404


def test_health(endpoint_url):
    status, _, body = fetch(endpoint_url.removesuffix("/sparql") + "/health")
    assert status == 200 and json.loads(body)["status"] == "ok"


def test_an_identical_request_reuses_the_kept_answer(endpoint_url):
    health = endpoint_url.removesuffix("/sparql") + "/health"
    query = NAVOI_EXPORTS + " # asked twice"
    before = json.loads(fetch(health)[2])["answers_reused"]
    first, second = (get(endpoint_url, query, "text/csv") for _ in range(2))
    assert first[0] == second[0] == 200 and first[2] == second[2] and b"2150" in first[2]
    assert json.loads(fetch(health)[2])["answers_reused"] == before + 1
    as_json = get(endpoint_url, query, "application/sparql-results+json")  # another format is another answer
    assert json.loads(as_json[2])["results"]["bindings"][0]["value"]["value"] == "2150"
    assert json.loads(fetch(health)[2])["answers_reused"] == before + 1


def test_kept_answers_stay_within_their_budget_least_recently_used_out():
    cache = AnswerCache(budget=100)
    for key in "abc":
        cache.put(key, Answer(b"x" * 40, "text/csv"))
        cache.get("a")  # "a" stays the most recently used
    assert set(cache.entries) == {"a", "c"} and cache.size == 80
    cache.put("big", Answer(b"x" * 101, "text/csv"))
    assert "big" not in cache.entries


def test_queries_page_lists_every_research_question(endpoint_url):
    base = endpoint_url.removesuffix("/sparql")
    status, headers, body = fetch(f"{base}/queries")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    for stored in list_queries():
        assert f'href="/queries/{stored.name}"'.encode() in body
    listing = json.loads(fetch(f"{base}/queries", headers={"Accept": "application/json"})[2])
    assert {item["name"] for item in listing} == {stored.name for stored in list_queries()}


def test_research_question_runs_by_name_with_parameters(endpoint_url):
    base = endpoint_url.removesuffix("/sparql")
    status, _, body = fetch(f"{base}/queries/exports-by-region", headers={"Accept": "application/sparql-results+json"})
    top = json.loads(body)["results"]["bindings"][0]
    assert status == 200 and (top["region"]["value"], top["exports"]["value"]) == ("Navoi", "2150")
    status, _, body = fetch(f"{base}/queries/region-profile?region=Navoi", headers={"Accept": "text/csv"})
    assert status == 200 and b"Navoi" in body and body.count(b"\n") > 5
    status, _, body = fetch(f"{base}/queries/region-profile?region={urllib.parse.quote('Навоий')}", headers={"Accept": "text/csv"})
    assert status == 200 and body.splitlines()[1].startswith(b"Navoi,region,")
    status, _, body = fetch(f"{base}/queries/region-profile?regoin=Navoi")
    assert status == 400 and b"no parameter 'regoin'" in body
    assert fetch(f"{base}/queries/no-such-question")[0] == 404


def test_the_network_page_is_served_at_the_root(graph, tmp_path):
    page = tmp_path / "graph.html"
    page.write_text("<!doctype html><title>network</title>", encoding="utf-8")
    server, url = serve_in_background(Endpoint(store=engine_of(graph), index_html=page))
    try:
        status, headers, body = fetch(url.removesuffix("/sparql") + "/")
    finally:
        server.shutdown()
        server.server_close()
    assert status == 200 and headers["Content-Type"].startswith("text/html") and body == page.read_bytes()


def test_entity_iris_dereference_as_html_pages_for_browsers(graph):
    server, url = serve_in_background(Endpoint(store=engine_of(graph), graph=graph, prefixes=PREFIXES))
    base = url.removesuffix("/sparql")
    try:
        browser = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
        status, headers, body = fetch(f"{base}/id/region/UZ-NW", headers=browser)
        assert status == 200 and headers["Content-Type"].startswith("text/html")
        page = body.decode("utf-8")
        assert "Navoi" in page and "https://w3id.org/clusterkg/id/region/UZ-NW" in page and "2150" in page
        status, headers, body = fetch(f"{base}/id/region/UZ-NW", headers={"Accept": "text/turtle"})
        assert status == 200 and headers["Content-Type"].startswith("text/turtle")
        assert fetch(f"{base}/id/region/NO-SUCH", headers=browser)[0] == 404
    finally:
        server.shutdown()
        server.server_close()
