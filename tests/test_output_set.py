"""build replaces its output folder as one set: killed at any moment, it leaves the old set or the new, never a mix."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from kg.output_set import output_set

SET = ("clusterkg.ttl", "clusterkg.nt", "clusterkg.jsonld", "graph.html")
MARK = "Navoi-new-build"


def owned(name: str) -> bool:
    return name.startswith("clusterkg.")


def test_a_finished_set_replaces_the_old_one_and_keeps_files_it_does_not_own(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "clusterkg.ttl").write_text("old")
    (out / "clusterkg.rdf").write_text("old")
    (out / "notes.txt").write_text("mine")
    with output_set(out, owns=owned) as staging:
        (staging / "clusterkg.ttl").write_text("new")
    assert sorted(p.name for p in out.iterdir()) == ["clusterkg.ttl", "notes.txt"]
    assert (out / "clusterkg.ttl").read_text() == "new" and (out / "notes.txt").read_text() == "mine"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left behind


def test_an_error_while_writing_leaves_the_old_set(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "clusterkg.ttl").write_text("old")
    try:
        with output_set(out, owns=owned) as staging:
            (staging / "clusterkg.ttl").write_text("half")
            raise RuntimeError("killed")
    except RuntimeError:
        pass
    assert (out / "clusterkg.ttl").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def build(data: Path, out: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "kg", "build", "--data", str(data), "--out", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def marks(out: Path) -> set[bool]:
    """For each file of the set: whether it comes from the new build."""
    return {MARK in (out / name).read_text(encoding="utf-8") for name in SET}


def test_a_build_killed_at_any_moment_leaves_one_whole_set(tmp_path, data_copy):
    out = tmp_path / "out"
    assert build(data_copy, out).wait() == 0
    places = data_copy / "places.yaml"
    places.write_text(places.read_text(encoding="utf-8").replace("{id: UZ-NW, label: Navoi,", f"{{id: UZ-NW, label: {MARK},"),
                      encoding="utf-8")
    started = time.monotonic()
    assert build(data_copy, tmp_path / "timing").wait() == 0
    duration = time.monotonic() - started
    outcomes = []
    for fraction in (0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98):
        process = build(data_copy, out)
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        found = marks(out)
        assert len(found) == 1, f"a mix of old and new files after a kill at {fraction:.0%} of the build"
        outcomes.append(found.pop())
        if outcomes[-1]:  # the new set is in: start again from the old one
            places.write_text(places.read_text(encoding="utf-8").replace(MARK, "Navoi"), encoding="utf-8")
            assert build(data_copy, out).wait() == 0
            places.write_text(places.read_text(encoding="utf-8").replace("{id: UZ-NW, label: Navoi,", f"{{id: UZ-NW, label: {MARK},"),
                              encoding="utf-8")
    assert False in outcomes  # at least one build was killed before its set went in
    assert build(data_copy, out).wait() == 0 and marks(out) == {True}
    assert not list(tmp_path.glob(".out.staging-*"))  # the next build clears what a killed one left
