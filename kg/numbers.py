"""Show stored decimals the way they were published (2150.0 in RDF reads as 2150)."""

from __future__ import annotations

from decimal import Decimal


def published_number(value) -> str:
    """A decimal (or its lexical form) without a trailing .0 or exponent: "2150.0" -> "2150"."""
    number = Decimal(str(value)).normalize()
    return format(number, "f")
