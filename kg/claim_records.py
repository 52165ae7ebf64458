"""The shapes of the records that hold a source's own text: reference-list entries and prose claims."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kg.records import Figure, PeriodText, Record, Sourced, Text, ref


class Reference(Record):
    """An entry of a source's reference list: the entry as printed and the fields read from it."""

    cited_by: ref("source")
    number: Annotated[int, Field(ge=1)]
    citation: Text
    kind: Literal["article", "book", "conference-paper", "statistical-yearbook"] | None = None
    authors: list[Text] = []
    title: Text | None = None
    year: Annotated[int, Field(ge=1800, le=2100)] | None = None
    container: Text | None = None
    volume: Text | None = None
    issue: Text | None = None
    pages: Text | None = None
    num_pages: Annotated[int, Field(ge=1)] | None = None
    publisher: Text | None = None
    place: Text | None = None
    url: Text | None = None
    language: Text
    locator: Text
    note: Text | None = None


class Claim(Sourced):
    """A statement of the prose, typed so that queries and the audit can reach it.

    ranking: `subject` is in position `rank` (or among the first `top`) by `indicator`;
    figure: the prose gives `value` for `subject` and `indicator`; total: `value` is the sum of the
    parts of `indicator` for `subject`; explanation: `statement` explains the subject's figure of
    `indicator`, naming `objects`; dated-fact: something that happened in `period`;
    assessment and comparison: a judgement of the authors, in `statement`.
    """

    kind: Literal["ranking", "figure", "total", "explanation", "dated-fact", "assessment", "comparison"]
    quote: Text
    statement: Text
    subject: ref("*") | None = None
    indicator: ref("indicator") | None = None
    rank: Annotated[int, Field(ge=1)] | None = None
    top: Annotated[int, Field(ge=1)] | None = None
    value: Figure | None = None
    qualifier: Literal["approximately", "more than", "at least"] | None = None
    unit: ref("unit") | None = None
    period: PeriodText | None = None
    checked_against: ref("dataset") | None = None
    objects: list[ref("*")] = []
