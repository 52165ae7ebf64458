"""Malformed curated data, generated: every case ends in DataError naming where, never a traceback or output."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.cli import main
from kg.errors import DataError
from kg.load import DATA_DIR, load_records

# (file, section, field) of references and of bounded numbers in the YAML files.
REFERENCES = [
    ("places.yaml", "regions", "country"), ("clusters.yaml", "clusters", "sectors"),
    ("policy.yaml", "legal_acts", "issued_by"), ("cooperation.yaml", "events", "held_in"),
    ("indicators.yaml", "indicators", "source"), ("policy.yaml", "targets", "set_by"),
]
BOUNDED_NUMBERS = [("indicators.yaml", "units", "multiplier"), ("policy.yaml", "targets", "deadline")]
POSITIVE_NUMBERS = [("cooperation.yaml", "events", "number")]
REQUIRED = [
    ("places.yaml", "regions", "country"), ("clusters.yaml", "clusters", "located_in"),
    ("policy.yaml", "legal_acts", "date"), ("cooperation.yaml", "events", "held_in"),
    ("sources.yaml", "datasets", "source"), ("indicators.yaml", "units", "label"),
]
CSV_COLUMNS = ["dataset", "indicator", "area", "period", "value", "unit", "source"]

odd_text = st.text(alphabet=st.sampled_from(["\u200b", "\u202e", "\ufeff", "é", "😀", "Ω", " ", "\t", "-"]), min_size=1, max_size=6)
wrong_type = st.sampled_from([{"nested": [1, 2]}, [[1]], {"a": {"b": None}}])
unknown_id = st.from_regex(r"zz[a-z0-9]{3,8}", fullmatch=True)
bad_number = st.one_of(st.integers(min_value=10**6, max_value=10**40), st.integers(max_value=-1))
bad_value = st.sampled_from(["nan", "inf", "-Infinity", "1,5", "12 mln", "0x1F", "", "1e99999999999"])


def mutate_yaml(data_dir: Path, file: str, section: str, field: str, index: int, value, delete: bool = False) -> Path:
    path = data_dir / file
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    records = document[section]
    record = records[index % len(records)]
    if delete:
        record.pop(field, None)
    else:
        record[field] = value
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def mutate_csv_cell(data_dir: Path, column: str, line: int, value: str) -> Path:
    path = data_dir / "observations.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    header = rows[0]
    row = rows[1 + line % (len(rows) - 1)]
    row[header.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def break_syntax(data_dir: Path, file: str, position: int, junk: str) -> Path:
    """Insert junk at a record boundary: the start of a YAML list item, or anywhere in the CSV."""
    path = data_dir / file
    text = path.read_text(encoding="utf-8")
    if file.endswith(".yaml"):
        starts = [i + 1 for i, char in enumerate(text) if char == "\n" and text[i + 1:i + 5] == "  - "]
        cut = starts[position % len(starts)]
    else:
        cut = position % len(text)
    path.write_text(text[:cut] + junk + text[cut:], encoding="utf-8")
    return path


mutations = st.one_of(
    st.tuples(st.just("wrong type"), st.sampled_from(REQUIRED), st.integers(0, 50), wrong_type),
    st.tuples(st.just("missing key"), st.sampled_from(REQUIRED), st.integers(0, 50), st.none()),
    st.tuples(st.just("unknown reference"), st.sampled_from(REFERENCES), st.integers(0, 50), unknown_id),
    st.tuples(st.just("bad number"), st.sampled_from(BOUNDED_NUMBERS), st.integers(0, 50), bad_number),
    st.tuples(st.just("bad number"), st.sampled_from(POSITIVE_NUMBERS), st.integers(0, 50), st.integers(max_value=0)),
    st.tuples(st.just("odd unicode id"), st.sampled_from(REFERENCES), st.integers(0, 50), odd_text),
    st.tuples(st.just("bad csv value"), st.sampled_from(["value"]), st.integers(0, 200), bad_value),
    st.tuples(st.just("csv unknown reference"), st.sampled_from(CSV_COLUMNS[:3] + ["unit"]), st.integers(0, 200), unknown_id),
    st.tuples(st.just("yaml syntax"), st.sampled_from(["places.yaml", "clusters.yaml", "policy.yaml"]), st.integers(0, 10**6),
              st.sampled_from(["  - [unclosed\n", "\t- tab: x\n", "  - {a: [}\n", "  - &a *b\n", "  - key: [1, 2\n"])),
    st.tuples(st.just("csv syntax"), st.just("observations.csv"), st.integers(0, 10**6), st.sampled_from(['\n"unclosed', ',"x"y",', "\x00"])),
)


def apply(data_dir: Path, mutation) -> Path:
    kind, target, index, value = mutation
    if kind in ("wrong type", "unknown reference", "bad number"):
        return mutate_yaml(data_dir, *target, index, value)
    if kind == "missing key":
        return mutate_yaml(data_dir, *target, index, None, delete=True)
    if kind == "odd unicode id":
        return mutate_yaml(data_dir, *target, index, f"UZ{value}")
    if kind in ("bad csv value", "csv unknown reference"):
        return mutate_csv_cell(data_dir, target, index, value)
    return break_syntax(data_dir, target, index, value)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations)
def test_malformed_data_ends_in_a_data_error_naming_where(mutation):
    with tempfile.TemporaryDirectory() as scratch:
        data_dir = Path(scratch) / "data"
        shutil.copytree(DATA_DIR, data_dir)
        changed = apply(data_dir, mutation)
        try:
            load_records(data_dir)
        except DataError as error:
            assert error.file.name == changed.name, (mutation, str(error))
            assert error.record or error.field, (mutation, str(error))
        else:
            raise AssertionError(f"accepted malformed data: {mutation}")
        out_dir = Path(scratch) / "out"
        assert main(["build", "--data", str(data_dir), "--out", str(out_dir)]) == 2
        assert not out_dir.exists() or not any(out_dir.iterdir())
