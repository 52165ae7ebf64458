"""Organisations and people."""

from __future__ import annotations

from kg.namespaces import CKG
from kg.populate.writer import Writer


def populate(w: Writer) -> None:
    for organisation in w.records.section("organisations"):
        node = w.entity(organisation, "organisation", CKG.Organisation)
        w.link(node, CKG.inCountry, [organisation.country] if organisation.country else organisation.countries)
        w.link(node, CKG.coChair, organisation.co_chairs)
    for person in w.records.section("people"):
        node = w.entity(person, "person", CKG.Person)
        w.link(node, CKG.affiliation, person.affiliation)
        w.add(node, CKG.role, person.role)
        w.link(node, CKG.inCountry, person.country)
