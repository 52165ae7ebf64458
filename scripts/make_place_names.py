"""Write kg/data/place-names.csv: the names people use for the graph's regions and countries.

Run once by a curator (`pip install pycountry iso3166-2`, then `python scripts/make_place_names.py`);
the CSV is committed, so neither package is needed to build the graph. Each row names its dataset:

- pycountry-iso-codes: the ISO 3166-1/3166-2 names and their translations that pycountry ships
  (Debian iso-codes): Uzbek and Kazakh Latin subdivision names, Russian, Uzbek and Kazakh names
  of the countries, Russian subdivision names where a translation exists.
- amckenna41-iso3166-2: the iso3166-2 package's `localOtherName` (Uzbek Cyrillic, Russian,
  Kazakh and English names of each subdivision).
- clusterkg-curation: names neither dataset has, written by the curators (listed in CURATED).

Language tags are written in lower case (uz-latn, kk-cyrl), as RDF stores return them.
Uzbek Latin names are written with both apostrophe forms (ʻ U+02BB and '), since people type
either. A name two divisions share (Toshkent, Ташкент for the city and the region around it)
is kept only for the division ISO 3166-2 classes as a city.
"""

from __future__ import annotations

import csv
import gettext
import re
import sys
from pathlib import Path

import pycountry
import yaml
from iso3166_2 import Subdivisions

ROOT = Path(__file__).resolve().parent.parent
PLACES = ROOT / "kg" / "data" / "places.yaml"
OUTPUT = ROOT / "kg" / "data" / "place-names.csv"
LANGUAGES = {"uzb": "uz", "rus": "ru", "kaz": "kk", "eng": "en"}
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LATIN_LANGUAGE = {"UZ": "uz-Latn", "KZ": "kk-Latn"}
CURATED = [  # (place, name, language, why)
    ("region/UZ-TO", "Toshkent viloyati", "uz-Latn", "Uzbek name of Tashkent region (the bare 'Toshkent' is the city)"),
    ("region/UZ-TO", "Тошкент вилояти", "uz-Cyrl", "Uzbek Cyrillic name of Tashkent region"),
    ("region/UZ-TK", "Toshkent shahri", "uz-Latn", "Uzbek name of Tashkent city"),
    ("region/UZ-TK", "Tashkent", "en", "the bare name is the capital's division, as 'Toshkent' in ISO 3166-2"),
    ("region/UZ-TK", "Тошкент шаҳри", "uz-Cyrl", "Uzbek Cyrillic name of Tashkent city"),
    ("region/UZ-XO", "Хоразм", "uz-Cyrl", "Uzbek Cyrillic name; the datasets give only the Latin Xorazm"),
    ("region/UZ-XO", "Хорезмская область", "ru", "Russian name; the datasets give only Хорезм"),
    ("region/UZ-SI", "Сырдарьинская область", "ru", "Russian name; neither dataset has one"),
    ("region/UZ-JI", "Жиззах", "uz-Cyrl", "Uzbek Cyrillic name; the iso3166-2 dataset misspells it Жиззх"),
    ("region/UZ-QR", "Республика Каракалпакстан", "ru", "Russian official name"),
    ("region/UZ-QR", "Қорақалпоғистон Республикаси", "uz-Cyrl", "Uzbek Cyrillic official name"),
]
SKIPPED = {  # a misspelling in the iso3166-2 dataset (see CURATED); the capital's name given to the region
    ("region/UZ-JI", "Жиззх"), ("region/UZ-TO", "Tashkent"),
}


def apostrophe_forms(name: str) -> list[str]:
    """An Uzbek Latin name with the modifier letter ʻ and with the ASCII apostrophe."""
    if not re.search("[‘’'ʻʼ`]", name):
        return [name]
    return [re.sub("[‘’'ʻʼ`]", "ʻ", name), re.sub("[‘’'ʻʼ`]", "'", name)]


def subdivision_rows(places: dict, local: dict) -> list[tuple[str, str, str, str, str]]:
    rows = []
    russian = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["ru"])
    for region in places["regions"]:
        code, country, place = region["id"], region["country"], f"region/{region['id']}"
        subdivision = pycountry.subdivisions.get(code=code)
        for name in apostrophe_forms(subdivision.name):
            rows.append((place, name, LATIN_LANGUAGE[country], "pycountry-iso-codes", f"ISO 3166-2 {code}, name"))
        translated = russian.gettext(subdivision.name)
        if CYRILLIC.search(translated):
            rows.append((place, translated, "ru", "pycountry-iso-codes", f"ISO 3166-2 {code}, Russian translation"))
        for entry in re.split(r",\s*(?![^()]*\))", local[country][code]["localOtherName"] or ""):
            match = re.fullmatch(r"(.+?)\s*\((\w{3})\)", entry.strip())
            if not match or "[" in match[1] or match[2] not in LANGUAGES or (place, match[1]) in SKIPPED:
                continue
            name, language = match[1], LANGUAGES[match[2]]
            if language in ("uz", "kk"):
                language += "-Cyrl" if CYRILLIC.search(name) else "-Latn"
            elif language == "ru" and not CYRILLIC.search(name):
                language = "ru-Latn"
            for form in apostrophe_forms(name) if language.endswith("Latn") else [name]:
                rows.append((place, form, language, "amckenna41-iso3166-2", f"{code}, localOtherName"))
    return rows


def country_rows(places: dict) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for language in ("ru", "uz", "kk"):
        translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
        for country in places["countries"]:
            record = pycountry.countries.get(alpha_2=country["id"])
            for name in {record.name, getattr(record, "common_name", record.name)}:
                translated = translation.gettext(name)
                if translated != name:
                    tag = language if language == "ru" else f"{language}-{'Cyrl' if CYRILLIC.search(translated) else 'Latn'}"
                    for form in apostrophe_forms(translated) if tag.endswith("Latn") else [translated]:
                        rows.append((f"country/{country['id']}", form, tag, "pycountry-iso-codes",
                                     f"ISO 3166-1 {country['id']}, {language} translation"))
    for country in places["countries"]:
        record = pycountry.countries.get(alpha_2=country["id"])
        for name in {record.name, getattr(record, "official_name", record.name)}:
            rows.append((f"country/{country['id']}", name, "en", "pycountry-iso-codes", f"ISO 3166-1 {country['id']}, name"))
    return rows


def without_shared_names(rows: list, places: dict) -> list:
    """Drop a name that two regions share from every region but the one ISO classes as a city."""
    key = lambda name: re.sub(r"[- '`ʻʼ’‘]", "", name.lower())  # noqa: E731 (kg.places.normalise)
    owners: dict[str, set[str]] = {}
    for place, name, *_ in rows:
        if place.startswith("region/"):
            owners.setdefault(key(name), set()).add(place)
    city_type = {f"region/{r['id']}" for r in places["regions"]
                 if pycountry.subdivisions.get(code=r["id"]).type == "City"}
    return [row for row in rows
            if len(owners.get(key(row[1]), ())) < 2 or not row[0].startswith("region/") or row[0] in city_type]


def main() -> int:
    places = yaml.safe_load(PLACES.read_text(encoding="utf-8"))
    rows = subdivision_rows(places, Subdivisions()) + country_rows(places)
    rows = without_shared_names(rows, places)
    rows += [(place, name, language, "clusterkg-curation", why) for place, name, language, why in CURATED]
    rows = [(place, name, language.lower(), *rest) for place, name, language, *rest in rows]  # as stores give them
    unique = sorted(dict.fromkeys(rows), key=lambda row: (row[0], row[2], row[1]))
    with OUTPUT.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(["place", "name", "language", "source", "locator"])
        writer.writerows(unique)
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({len(unique)} names)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
