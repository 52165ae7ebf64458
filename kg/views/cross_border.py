"""The cross-border view: links between places of different countries, and the forums, agreements,
corridors and projects they pass through."""

from kg.views.view import View

VIEW = View(
    frozenset({"country", "region", "city", "cluster", "event", "agreement", "infrastructure", "agent"}),
    frozenset({"cross-border", "borders", "held-in", "participant", "session-of", "signed-at", "party",
               "passes-through", "promoted-by"}),
)
