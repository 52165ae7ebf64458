"""The whole network: every node and every edge."""

from kg.views.kinds import EDGE_KINDS, NODE_KINDS
from kg.views.view import View

VIEW = View(frozenset(NODE_KINDS), frozenset(EDGE_KINDS), frozenset(), every_node=True)
