"""The command line: build, export, and bad input stopping the build with a clear message."""

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from kg.cli import main


def test_build_writes_three_formats_and_prints_a_summary(tmp_path, capsys):
    assert main(["build", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "triples" in out and "observations" in out and "Region" in out
    for name in ("clusterkg.ttl", "clusterkg.nt", "clusterkg.jsonld"):
        assert (tmp_path / name).stat().st_size > 10_000
        assert str(tmp_path / name) in out.replace("\n", "")


def test_export_to_stdout_in_each_format(capfdbinary):
    assert main(["export", "--format", "nt", "-o", "-"]) == 0
    data = capfdbinary.readouterr().out
    assert len(Graph().parse(data=data, format="nt")) > 3000


def test_export_format_follows_the_file_suffix(tmp_path):
    target = tmp_path / "graph.jsonld"
    assert main(["export", "-o", str(target)]) == 0
    assert len(Graph().parse(target, format="json-ld")) > 3000


def test_python_dash_m_and_console_script_show_help():
    for command in ([sys.executable, "-m", "kg", "--help"], [str(Path(sys.executable).parent / "clusterkg"), "--help"]):
        result = subprocess.run(command, capture_output=True, text=True, check=True)
        assert "build" in result.stdout and "export" in result.stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path.name}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BAD_INPUTS = {
    "malformed number": (
        "observations.csv", "t2-navoi-exports,table-2,cluster-exports,UZ-NW,,2024,2150,",
        "t2-navoi-exports,table-2,cluster-exports,UZ-NW,,2024,\"2,150\",",
        ["observations.csv", "t2-navoi-exports", "'value'"],
    ),
    "missing source": (
        "clusters.yaml", "    source: jumayeva-regional-clusters\n    locator: \"Cluster types, local clusters\"\n\n  - id: navoi",
        "    locator: \"Cluster types, local clusters\"\n\n  - id: navoi",
        ["clusters.yaml", "andijan-textile", "'source'", "Field required"],
    ),
    "unknown region": (
        "places.yaml", "{id: khiva, label: Khiva, region: UZ-XO,", "{id: khiva, label: Khiva, region: UZ-XX,",
        ["places.yaml", "khiva", "'region'", "unknown id 'UZ-XX'"],
    ),
    "duplicate id": (
        "agents.yaml", "{id: toksanova,", "{id: ukubasova,",
        ["agents.yaml", "ukubasova", "'id'", "duplicate id"],
    ),
    "wrong kind of reference": (
        "observations.csv", "t2-navoi-exports,table-2,cluster-exports,UZ-NW,,2024,2150,usd-mln",
        "t2-navoi-exports,table-2,cluster-exports,UZ-NW,,2024,2150,navoi",
        ["observations.csv", "t2-navoi-exports", "'unit'", "is a city, expected unit"],
    ),
    "YAML syntax error": (
        "sectors.yaml", "  - {id: gold,", "  - {id: gold,,[",
        ["sectors.yaml", "line", "not valid YAML"],
    ),
    "impossible date": (
        "policy.yaml", 'date: "2024-04-04"', 'date: "2024-04-31"',
        ["policy.yaml", "pq-157", "'date'"],
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_stops_the_build_naming_file_record_and_field(case, data_copy, tmp_path, capsys):
    file_name, old, new, expected = BAD_INPUTS[case]
    edit(data_copy / file_name, old, new)
    out = tmp_path / "out"
    out.mkdir()
    (out / "clusterkg.ttl").write_text("previous build")

    assert main(["build", "--data", str(data_copy), "--out", str(out)]) == 2

    message = " ".join(capsys.readouterr().err.split())
    for fragment in expected:
        assert fragment in message, (fragment, message)
    assert "Traceback" not in message
    assert sorted(p.name for p in out.iterdir()) == ["clusterkg.ttl"]
    assert (out / "clusterkg.ttl").read_text() == "previous build"


def test_missing_data_folder_is_a_clear_error(tmp_path, capsys):
    assert main(["build", "--data", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 2
    assert "data folder not found" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
