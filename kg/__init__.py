"""clusterkg: a knowledge graph of regional industrial clusters and their export potential."""

from kg.build import build_graph
from kg.query import query

__all__ = ["build_graph", "query"]
