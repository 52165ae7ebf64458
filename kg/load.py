"""Read the curated data files and check them: shapes, unique ids and references."""

from __future__ import annotations

import csv
import typing
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from kg import claim_records
from kg import records as r
from kg.errors import DataError

DATA_DIR = Path(__file__).parent / "data"

# file -> section -> (kind of record, model); a CSV file holds one section.
YAML_FILES: dict[str, dict[str, tuple[str, type[BaseModel]]]] = {
    "sources.yaml": {"sources": ("source", r.SourceDoc), "datasets": ("dataset", r.Dataset)},
    "places.yaml": {
        "countries": ("country", r.Country),
        "regions": ("region", r.Region),
        "cities": ("city", r.City),
    },
    "sectors.yaml": {"sectors": ("sector", r.Sector), "products": ("product", r.Product)},
    "indicators.yaml": {"units": ("unit", r.Unit), "indicators": ("indicator", r.Indicator)},
    "agents.yaml": {"organisations": ("organisation", r.Organisation), "people": ("person", r.Person)},
    "policy.yaml": {
        "policies": ("policy", r.Policy),
        "legal_acts": ("legal_act", r.LegalAct),
        "targets": ("target", r.Target),
    },
    "clusters.yaml": {"clusters": ("cluster", r.Cluster)},
    "cooperation.yaml": {
        "events": ("event", r.Event),
        "agreements": ("agreement", r.Agreement),
        "corridors": ("corridor", r.Corridor),
        "projects": ("project", r.Project),
        "links": ("link", r.Link),
    },
    "references.yaml": {"references": ("reference", claim_records.Reference)},
    "claims.yaml": {"claims": ("claim", claim_records.Claim)},
}
CSV_FILES: dict[str, tuple[str, str, type[BaseModel]]] = {
    "observations.csv": ("observations", "observation", r.Observation),
    "specialisations.csv": ("specialisations", "specialisation", r.Specialisation),
}
SINGLE_SECTIONS = {("places.yaml", "borders"): r.Borders}
# The curated files are a few kilobytes; a file past this is a mistake, refused before it is read.
MAX_FILE_BYTES = 8 * 2**20


@dataclass
class Located:
    """A record with where it was read from, for error messages."""

    record: BaseModel
    file: Path
    where: str


@dataclass
class Records:
    """Every curated record, grouped by section (e.g. records.section("regions"))."""

    sections: dict[str, list[Located]] = field(default_factory=dict)
    singles: dict[str, Located] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)  # id -> kind

    def section(self, name: str) -> list:
        return [item.record for item in self.sections.get(name, [])]

    def single(self, name: str):
        item = self.singles.get(name)
        return item.record if item else None


def load_records(data_dir: Path | str | None = None) -> Records:
    """Read and check every data file; raise DataError at the first problem."""
    data_dir = Path(data_dir) if data_dir else DATA_DIR
    if not data_dir.is_dir():
        raise DataError(data_dir, None, None, "data folder not found")
    records = Records()
    for name, sections in YAML_FILES.items():
        _read_yaml(data_dir / name, sections, records)
    for name, (section, kind, model) in CSV_FILES.items():
        records.sections[section] = _read_csv(data_dir / name, kind, model)
    _register_ids(records)
    _check_references(records)
    _check_consistency(records)
    return records


def _read_yaml(path: Path, sections: dict, records: Records) -> None:
    try:
        document = yaml.safe_load(_read_text(path))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        raise DataError(path, where, None, f"not valid YAML: {getattr(error, 'problem', error)}") from None
    if not isinstance(document, dict):
        raise DataError(path, None, None, "expected a mapping of sections at the top level")
    allowed = set(sections) | {s for (f, s) in SINGLE_SECTIONS if f == path.name}
    for key in document:
        if key not in allowed:
            raise DataError(path, None, str(key), f"unknown section; expected one of {sorted(allowed)}")
    for section, (_kind, model) in sections.items():
        items = document.get(section)
        if items is None:
            raise DataError(path, None, section, "section is missing")
        if not isinstance(items, list):
            raise DataError(path, None, section, "expected a list of records")
        records.sections[section] = [_parse(model, item, path, f"{section}[{index}]") for index, item in enumerate(items)]
    for (file_name, section), model in SINGLE_SECTIONS.items():
        if file_name == path.name and section in document:
            records.singles[section] = _parse(model, document[section], path, section)


def _read_csv(path: Path, kind: str, model: type[BaseModel]) -> list[Located]:
    lines = _read_text(path).splitlines()
    reader = csv.DictReader(lines, strict=True)
    try:
        rows = list(reader)
    except csv.Error as error:
        raise DataError(path, f"line {reader.line_num}", None, f"not valid CSV: {error}") from None
    header = next(csv.reader(lines[:1]), [])
    expected = list(model.model_fields)
    missing = [name for name in expected if name not in header and model.model_fields[name].is_required()]
    unknown = [name for name in header if name not in expected]
    if missing or unknown:
        detail = "; ".join(filter(None, [missing and f"missing {missing}", unknown and f"unknown {unknown}"]))
        raise DataError(path, "header", None, f"columns do not match the {kind} record: {detail}")
    located = []
    for line_number, row in enumerate(rows, start=2):
        if None in row or any(value is None for value in row.values()):
            raise DataError(path, f"line {line_number}", None, f"expected {len(header)} columns")
        values = {key: value for key, value in row.items() if value != ""}
        located.append(_parse(model, values, path, f"line {line_number}"))
    return located


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DataError(path, None, None, f"is {size / 2**20:.1f} MiB, over the {MAX_FILE_BYTES // 2**20} MiB limit for a data file")
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(path, None, None, "file not found") from None
    except UnicodeDecodeError as error:
        raise DataError(path, None, None, f"not UTF-8 text ({error.reason} at byte {error.start})") from None


def _parse(model: type[BaseModel], data: object, path: Path, where: str) -> Located:
    if not isinstance(data, dict):
        raise DataError(path, where, None, "expected a mapping of fields")
    if isinstance(data.get("id"), str):
        where = f"{where} (id {data['id']!r})"
    try:
        return Located(model.model_validate(data), path, where)
    except ValidationError as error:
        first = error.errors()[0]
        field_path = ".".join(str(part) for part in first["loc"]) or None
        given = first.get("input")
        shown = f" (got {given!r})" if isinstance(given, (str, int, float)) and first["type"] != "missing" else ""
        raise DataError(path, where, field_path, first["msg"] + shown) from None


def _register_ids(records: Records) -> None:
    seen: dict[str, Located] = {}
    kind_of_section = {s: k for sections in YAML_FILES.values() for s, (k, _) in sections.items()}
    kind_of_section.update({section: kind for section, kind, _ in CSV_FILES.values()})
    for section, items in records.sections.items():
        for item in items:
            ids = [(getattr(item.record, "id", None), kind_of_section[section])]
            ids += [(part.id, "site") for part in _parts(item.record)]
            for record_id, kind in ids:
                if record_id is None:
                    continue
                if record_id in seen:
                    first = seen[record_id]
                    raise DataError(
                        item.file, item.where, "id",
                        f"duplicate id {record_id!r}, first used in {first.file.name} at {first.where}",
                    )
                seen[record_id] = item
                records.kinds[record_id] = kind


def _parts(record: BaseModel) -> list:
    return list(getattr(record, "stages", [])) + list(getattr(record, "sites", []))


def _check_references(records: Records) -> None:
    items = [item for located in records.sections.values() for item in located] + list(records.singles.values())
    for item in items:
        for field_path, kinds, value in _references(item.record):
            kind = records.kinds.get(value)
            if kind is None:
                raise DataError(item.file, item.where, field_path, f"unknown id {value!r}")
            if "*" not in kinds and kind not in kinds:
                raise DataError(
                    item.file, item.where, field_path,
                    f"{value!r} is a {kind}, expected {' or '.join(kinds)}",
                )


def _references(record: BaseModel, prefix: str = ""):
    """Yield (field path, allowed kinds, referenced id) for every reference in a record."""
    for name, info in type(record).model_fields.items():
        value = getattr(record, name)
        path = f"{prefix}{name}"
        kinds = _ref_kinds(info.annotation, info.metadata)
        values = value if isinstance(value, (list, tuple)) else [value]
        for index, element in enumerate(values):
            element_path = path if values is not value else f"{path}.{index}"
            if isinstance(element, BaseModel):
                yield from _references(element, f"{element_path}.")
            elif isinstance(element, tuple):
                for position, part in enumerate(element):
                    yield f"{element_path}.{position}", kinds, part
            elif isinstance(element, str) and kinds:
                yield element_path, kinds, element


def _ref_kinds(annotation, metadata) -> tuple[str, ...] | None:
    for meta in metadata:
        if isinstance(meta, r.Ref):
            return meta.kinds
    for arg in typing.get_args(annotation):
        found = _ref_kinds(arg, getattr(arg, "__metadata__", ()))
        if found:
            return found
    return None


def _check_consistency(records: Records) -> None:
    """Checks across records that a schema cannot express."""
    sources_of_dataset = {d.id: d.source for d in records.section("datasets")}
    for item in records.sections["observations"]:
        obs = item.record
        if sources_of_dataset[obs.dataset] != obs.source:
            raise DataError(item.file, item.where, "source", f"differs from the source of dataset {obs.dataset!r}")
    seen_ranks: dict[tuple[str, int], Located] = {}
    for item in records.sections["specialisations"]:
        key = (item.record.region, item.record.rank)
        if key in seen_ranks:
            raise DataError(item.file, item.where, "rank", f"rank {key[1]} of {key[0]} is given twice")
        seen_ranks[key] = item
    for item in records.sections["clusters"]:
        orders = [stage.order for stage in item.record.stages]
        if orders != list(range(1, len(orders) + 1)):
            raise DataError(item.file, item.where, "stages", "stage orders must run 1, 2, 3, … in list order")
    for item in records.sections["targets"]:
        target = item.record
        if target.value_max is not None and target.value_max < target.value:
            raise DataError(item.file, item.where, "value_max", "is smaller than value")
    for item in records.sections["events"]:
        event = item.record
        if event.start is None and event.date_note is None:
            raise DataError(item.file, item.where, "start", "an event needs a start date or a date_note")
        if event.end and event.start and event.end < event.start:
            raise DataError(item.file, item.where, "end", "is before start")
    for item in records.sections["indicators"]:
        indicator = item.record
        if (indicator.numerator is None) != (indicator.denominator is None):
            raise DataError(item.file, item.where, "denominator", "numerator and denominator go together")
        if indicator.sum_of and indicator.numerator:
            raise DataError(item.file, item.where, "sum_of", "an indicator is either a sum or a ratio, not both")
    _check_bounds(records)
    for item in records.sections["cities"]:
        if (item.record.region is None) == (item.record.country is None):
            raise DataError(item.file, item.where, "region", "a city needs exactly one of region or country")
    for located in (item for items in records.sections.values() for item in items):
        for field_name in getattr(located.record, "curated", {}):
            if field_name not in type(located.record).model_fields:
                raise DataError(located.file, located.where, f"curated.{field_name}", "this kind of record has no such field")
    for item in records.sections["claims"]:
        claim = item.record
        if (claim.value is None) != (claim.unit is None):
            raise DataError(item.file, item.where, "unit", "a claimed value needs a unit, and a unit a value")
        if claim.kind == "ranking" and (claim.rank is None) == (claim.top is None):
            raise DataError(item.file, item.where, "rank", "a ranking claim needs exactly one of rank or top")
    for item in records.sections["links"]:
        countries = {country_of(records, party) for party in item.record.parties}
        if len(countries) < 2:
            raise DataError(item.file, item.where, "parties", "a cross-border link needs parties in two or more countries")


def _check_bounds(records: Records) -> None:
    """Every figure within its indicator's minimum and maximum (a count of clusters is never negative)."""
    indicators = {indicator.id: indicator for indicator in records.section("indicators")}
    figures = [(item, "value", item.record.value) for section in ("observations", "targets") for item in records.sections[section]]
    figures += [(item, "value_max", item.record.value_max) for item in records.sections["targets"] if item.record.value_max is not None]
    for item, field_name, value in figures:
        indicator = indicators[item.record.indicator]
        if indicator.minimum is not None and value < indicator.minimum:
            raise DataError(item.file, item.where, field_name, f"{value} is below {indicator.minimum}, the minimum of indicator {indicator.id!r}")
        if indicator.maximum is not None and value > indicator.maximum:
            raise DataError(item.file, item.where, field_name, f"{value} is above {indicator.maximum}, the maximum of indicator {indicator.id!r}")


def country_of(records: Records, place_id: str) -> str:
    """The country id of a country, region or city."""
    kind = records.kinds[place_id]
    if kind == "country":
        return place_id
    place = next(p for p in records.section("regions" if kind == "region" else "cities") if p.id == place_id)
    if kind == "region":
        return place.country
    return place.country or country_of(records, place.region)
