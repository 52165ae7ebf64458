"""The commands' persistent store: answers equal to a fresh build, and a changed data file is seen."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.cache import ENGINE_DIR, PREFIXES_FILE, file_key, open_cached
from kg.cli import main
from kg.store import load_file


def answer(capsys, *argv: str) -> str:
    assert main(["query", "exports-by-region", "-f", "csv", *argv]) == 0
    return capsys.readouterr().out


def test_stored_answer_equals_a_fresh_build(capsys, tmp_path):
    store = f"oxigraph:{tmp_path / 'store'}"
    fresh = answer(capsys, "--store", "memory")
    assert answer(capsys, "--store", store) == fresh  # built and kept
    assert answer(capsys, "--store", store) == fresh  # reopened
    assert fresh.splitlines()[1].startswith("1,Navoi,2150,USD mln")
    assert len(list((tmp_path / "store").iterdir())) == 1


def test_a_changed_data_file_is_picked_up_without_a_rebuild(capsys, tmp_path, data_copy):
    store = f"oxigraph:{tmp_path / 'store'}"
    before = answer(capsys, "--store", store, "--data", str(data_copy))
    assert "1,Navoi,2150," in before
    csv = data_copy / "observations.csv"
    csv.write_text(csv.read_text().replace("UZ-NW,,2024,2150,", "UZ-NW,,2024,2350,"))
    after = answer(capsys, "--store", store, "--data", str(data_copy))
    assert "1,Navoi,2350," in after and "2150" not in after
    assert len(list((tmp_path / "store").iterdir())) == 1  # the stale store is gone


def test_build_leaves_the_store_that_query_then_opens(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLUSTERKG_STORE", raising=False)
    assert main(["build", "--no-validate"]) == 0
    capsys.readouterr()
    kept = list((tmp_path / "out" / "store").iterdir())
    assert len(kept) == 1 and (kept[0] / PREFIXES_FILE).is_file()
    mtime = os.stat(kept[0]).st_mtime_ns
    assert "1,Navoi,2150," in answer(capsys)
    assert list((tmp_path / "out" / "store").iterdir()) == kept and os.stat(kept[0]).st_mtime_ns == mtime


def test_a_failed_fill_leaves_no_store(tmp_path):
    def broken(engine):
        engine.add(ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/b"), ox.Literal("c")))
        raise ValueError("bad record")

    with pytest.raises(ValueError, match="bad record"):
        open_cached(tmp_path / "store", "0" * 24, broken)
    assert list((tmp_path / "store").iterdir()) == []


def test_other_folders_beside_the_store_are_left_alone(tmp_path):
    mine = tmp_path / "store" / "notes"
    mine.mkdir(parents=True)
    open_cached(tmp_path / "store", "1" * 24, lambda engine: {})
    open_cached(tmp_path / "store", "2" * 24, lambda engine: {})
    assert sorted(p.name for p in (tmp_path / "store").iterdir()) == ["2" * 24, "notes"]


def test_a_removal_cut_short_never_leaves_half_a_store_under_its_key(tmp_path, monkeypatch):
    """A build killed while it removes the store of the previous data must not leave that key naming
    half a store: the next build of the previous data would open it and fail."""
    folder = tmp_path / "store"

    def fill(engine):
        engine.add(ox.Quad(ox.NamedNode("http://example.org/navoi"), ox.NamedNode("http://example.org/exports"),
                           ox.Literal("2150")))
        return {}

    def killed_midway(path, ignore_errors=False):  # deletes the engine's files, then the process dies
        if Path(path).exists():
            real_rmtree(Path(path) / ENGINE_DIR)
            raise KeyboardInterrupt

    real_rmtree = shutil.rmtree
    open_cached(folder, "1" * 24, fill)
    monkeypatch.setattr("kg.cache.shutil.rmtree", killed_midway)
    with pytest.raises(KeyboardInterrupt):
        open_cached(folder, "2" * 24, fill)
    monkeypatch.undo()
    store, _ = open_cached(folder, "1" * 24, fill)  # the previous data again: built anew, not half opened
    assert len(store) == 1
    assert sorted(p.name for p in folder.iterdir()) == ["1" * 24]  # what the killed build left is gone


def test_an_rdf_file_is_loaded_once_and_again_when_it_changes(tmp_path):
    rdf = tmp_path / "graph.nt"
    rdf.write_text('<http://example.org/navoi> <http://example.org/exports> "2150" .\n')
    store = f"oxigraph:{tmp_path / 'store'}"
    assert len(load_file(rdf, store)) == 1
    key = file_key(rdf)
    assert len(load_file(rdf, store)) == 1
    rdf.write_text(rdf.read_text() + '<http://example.org/navoi> <http://example.org/imports> "10" .\n')
    os.utime(rdf, ns=(0, os.stat(rdf).st_mtime_ns + 1_000_000_000))
    assert file_key(rdf) != key and len(load_file(rdf, store)) == 2
    assert len(list((tmp_path / "store" / "files").iterdir())) == 1


def test_serving_a_file_keeps_the_built_graphs_store(tmp_path, capsys):
    store = f"oxigraph:{tmp_path / 'store'}"
    answer(capsys, "--store", store)
    rdf = tmp_path / "graph.nt"
    rdf.write_text('<http://example.org/navoi> <http://example.org/exports> "2150" .\n')
    assert len(load_file(rdf, store)) == 1
    kept = [p.name for p in (tmp_path / "store").iterdir()]
    assert "files" in kept and len(kept) == 2
