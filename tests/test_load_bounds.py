"""Bad data is refused with file, record and field: figures outside their indicator's bounds, oversized files."""

from __future__ import annotations

import pytest

from kg.cli import main
from kg.errors import DataError
from kg.load import MAX_FILE_BYTES, load_records

CLUSTERS_ROW = "t1-clusters,table-1,number-of-clusters,UZ,,2024,127,"


def replace(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_negative_count_of_clusters_is_refused_naming_file_record_and_field(data_copy, capsys):
    replace(data_copy / "observations.csv", CLUSTERS_ROW, CLUSTERS_ROW.replace(",127,", ",-3,"))
    with pytest.raises(DataError) as raised:
        load_records(data_copy)
    assert raised.value.file.name == "observations.csv"
    assert raised.value.record == "line 2 (id 't1-clusters')" and raised.value.field == "value"
    assert "-3 is below 0, the minimum of indicator 'number-of-clusters'" in str(raised.value)
    assert main(["build", "--data", str(data_copy), "--out", str(data_copy.parent / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert "observations.csv" in err and "-3 is below 0" in err
    assert not (data_copy.parent / "out").exists()


def test_a_share_above_100_percent_is_refused(data_copy):
    replace(data_copy / "observations.csv", "cluster-exports-share,UZ,,2024,", "cluster-exports-share,UZ,,2024,1")
    with pytest.raises(DataError, match="above 100, the maximum of indicator 'cluster-exports-share'"):
        load_records(data_copy)


def test_a_negative_growth_is_a_published_figure_and_loads(data_copy):
    text = (data_copy / "observations.csv").read_text(encoding="utf-8")
    growth = next(line for line in text.splitlines() if ",exports-to-partner-growth," in line)
    fields = growth.split(",")
    fields[6] = "-12.5"
    replace(data_copy / "observations.csv", growth, ",".join(fields))
    values = {str(o.value) for o in load_records(data_copy).section("observations") if o.indicator == "exports-to-partner-growth"}
    assert "-12.5" in values


def test_an_oversized_data_file_is_refused_before_it_is_read(data_copy):
    path = data_copy / "observations.csv"
    with path.open("r+b") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is allocated, nothing is read
    with pytest.raises(DataError) as raised:
        load_records(data_copy)
    assert raised.value.file.name == "observations.csv"
    assert "over the 8 MiB limit for a data file" in str(raised.value)
