"""The policy view: cluster policies, their legal basis, targets and who set them."""

from kg.views.view import View

VIEW = View(
    frozenset({"policy", "legal-act", "target", "agent", "country", "region"}),
    frozenset({"legal-basis", "set-by", "target-area", "issued-by"}),
)
