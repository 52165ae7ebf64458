"""Shared fixtures: the built seed graph, a scratch copy of the curated data, and a real Virtuoso
(started on loopback ports in a temporary folder) holding the published graph."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import settings

from kg.build import build_graph
from kg.cli import main
from kg.load import DATA_DIR

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import virtuoso as launcher  # noqa: E402  (the benchmarks' Virtuoso launcher)
from virtuoso import free_port  # noqa: E402,F401  (for tests that need a port nothing listens on)

sys.path.pop(0)
PUBLISHED_GRAPH = "https://w3id.org/clusterkg/id/"
# Navoi's cluster exports (Table 2: 2150 USD mln), the figure the store and server tests ask for
NAVOI_EXPORTS = """PREFIX ckg: <https://w3id.org/clusterkg/ontology#>
SELECT ?value WHERE {
  ?obs ckg:refArea <https://w3id.org/clusterkg/id/region/UZ-NW> ;
       ckg:indicator <https://w3id.org/clusterkg/id/indicator/cluster-exports> ; ckg:value ?value .
}"""


@pytest.fixture(scope="session", autouse=True)
def command_store(tmp_path_factory):
    """The commands' persistent store lives in a scratch folder, not in the working directory's out/."""
    from kg.store import STORE_ENV

    folder = tmp_path_factory.mktemp("command-store")
    previous = os.environ.get(STORE_ENV)
    os.environ[STORE_ENV] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop(STORE_ENV, None)
    else:
        os.environ[STORE_ENV] = previous


NOT_ON_RDFLIB = {  # research questions rdflib's own engine does not answer within minutes; other stores are compared
    "value-chain-gaps": "six grouped subqueries: rdflib evaluates a subquery again for every row it is joined with",
}


@pytest.fixture(scope="session")
def graph():
    """The knowledge graph built from the packaged seed data (read-only: do not modify)."""
    return build_graph()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of kg/data, for tests that break a file on purpose."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def require_virtuoso() -> None:
    """Skip the test where Virtuoso is not installed, except under CI, where that fails."""
    if not shutil.which("virtuoso-t"):
        if os.environ.get("CI"):
            pytest.fail("virtuoso-opensource is not installed")
        pytest.skip("virtuoso-opensource is not installed (scripts/test.sh installs it; CI runs these tests)")


@contextlib.contextmanager
def running_virtuoso(folder: Path):
    """A fresh Virtuoso (user dba, password dba) with its database in `folder`, stopped on exit;
    see require_virtuoso where it is not installed."""
    require_virtuoso()
    stack = contextlib.ExitStack()
    try:
        server = stack.enter_context(launcher.running_virtuoso(folder))
    except RuntimeError as error:  # did not start: the end of its log
        pytest.fail(str(error))
    with stack:
        yield server


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory):
    """The session's Virtuoso, shared by the tests that publish into it and query it."""
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


@pytest.fixture(scope="session")
def virtuoso(virtuoso_server):
    """The HTTP base URL of the session's Virtuoso."""
    return virtuoso_server.base


@pytest.fixture(scope="session")
def published(virtuoso):
    """The Virtuoso of `virtuoso` after `clusterkg publish` put the seed graph into it."""
    endpoint = f"{virtuoso}/sparql-graph-crud-auth"
    code = main(["publish", "--endpoint", endpoint, "--graph", PUBLISHED_GRAPH, "--user", "dba", "--password", "dba"])
    assert code == 0
    return virtuoso


# CI checks a fixed set of generated examples (stable verdicts); local runs keep exploring new ones.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
