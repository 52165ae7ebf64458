"""The W3C SPARQL 1.1 Protocol test suite (tests/w3c_protocol, copied unchanged), run against the endpoint.

Every query test of the manifest runs as written: its requests (method, path, headers, body in its
character encoding) go to the endpoint, which holds the suite's data1–3 as named graphs, and the
answer is checked for the expected status class, result format and boolean. The update tests that
expect success do not apply to a read-only endpoint; the update tests that expect a 4XX do, and run.
"""

from __future__ import annotations

import http.client
import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection

from kg.serve import Endpoint, serve_in_background

SUITE = Path(__file__).parent / "w3c_protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#"
# Update tests that expect the update to succeed: not applicable to a read-only endpoint.
NOT_APPLICABLE = {"update_dataset_default_graph", "update_dataset_default_graphs", "update_dataset_named_graphs",
                  "update_dataset_full", "update_post_form", "update_post_direct", "update_base_uri"}
FORMATS = {
    "boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
    "tabular": {"application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values"},
    "RDF": {"application/rdf+xml", "text/turtle", "application/n-triples"},
}

manifest = Graph().parse(SUITE / "manifest.ttl", format="turtle", publicID=BASE)
entries = Collection(manifest, manifest.value(URIRef(BASE.removesuffix("#")), MF.entries)
                     or next(manifest.objects(None, MF.entries)))
TESTS = [test for test in entries if str(test).removeprefix(BASE) not in NOT_APPLICABLE]


@pytest.fixture(scope="module")
def endpoint_url():
    store = ox.Store()
    for test in entries:
        for data in manifest.objects(test, UT.graphData):
            name = ox.NamedNode(str(manifest.value(data, RDFS.label)))
            path = SUITE / Path(str(manifest.value(data, UT.graph))).name
            if not any(True for _ in store.quads_for_pattern(None, None, None, name)):
                store.load(path=str(path), format=ox.RdfFormat.N_TRIPLES, to_graph=name)
    server, url = serve_in_background(Endpoint(store=store, timeout=10, workers=1))
    yield url
    server.shutdown()
    server.server_close()


def send(url: str, request) -> tuple[int, str, bytes]:
    """One ht:Request of the manifest, sent as written (its /sparql/ path mapped to the endpoint's)."""
    target = urlsplit(url)
    path = str(manifest.value(request, HT.absolutePath)).replace("/sparql/", target.path + "/", 1)
    headers = {}
    for header in Collection(manifest, manifest.value(request, HT.headers)) if manifest.value(request, HT.headers) else []:
        headers[str(manifest.value(header, HT.fieldName))] = str(manifest.value(header, HT.fieldValue))
    body = None
    if (content := manifest.value(request, HT.body)) is not None:
        encoding = str(manifest.value(content, CNT.characterEncoding) or "UTF-8")
        body = str(manifest.value(content, CNT.chars)).encode(encoding)
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
    try:
        connection.request(str(manifest.value(request, HT.methodName)), path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        connection.close()


def boolean_of(media_type: str, body: bytes) -> bool:
    if "json" in media_type:
        return json.loads(body)["boolean"]
    element = ElementTree.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean")
    return element.text.strip() == "true"


@pytest.mark.parametrize("test", TESTS, ids=[str(test).removeprefix(BASE) for test in TESTS])
def test_w3c_protocol(endpoint_url, test):
    for request in Collection(manifest, manifest.value(manifest.value(test, MF.action), HT.requests)):
        status, content_type, body = send(endpoint_url, request)
        expected = manifest.value(request, HT.resp)
        classes = {str(code).removeprefix(str(HTS)) for code in manifest.objects(expected, MF.expectedStatus)}
        assert f"StatusCode{status // 100}xx" in classes, (status, body[:200])
        media_type = content_type.split(";")[0].strip()
        if (fmt := manifest.value(expected, MF.expectedFormat)) is not None:
            assert media_type in FORMATS[str(fmt)], media_type
        if (boolean := manifest.value(expected, MF.expectedBoolean)) is not None:
            assert boolean_of(media_type, body) is boolean.toPython()


def test_every_query_test_of_the_suite_runs():
    names = {str(test).removeprefix(BASE) for test in TESTS}
    assert len(names) == 27 and {"query_dataset_full", "query_multiple_dataset", "bad_query_non_utf8"} <= names
