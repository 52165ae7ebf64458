"""Shared fixtures: the built seed graph, and a scratch copy of the curated data."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from kg.build import build_graph
from kg.load import DATA_DIR


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


# CI checks a fixed set of generated examples (stable verdicts); local runs keep exploring new ones.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
