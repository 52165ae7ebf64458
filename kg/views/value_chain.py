"""The value-chain view: clusters, their regions and sectors, and the supply steps between regions."""

from kg.views.view import View

VIEW = View(
    frozenset({"cluster", "region", "country", "city", "sector"}),
    frozenset({"value-chain", "in-sector", "specialises-in"}),
)
