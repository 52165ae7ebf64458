"""clusterkg: a knowledge graph of regional industrial clusters and their export potential."""

from kg.build import build_graph  # light: the data model is imported when a graph is built
from kg.query import query

__all__ = ["build_graph", "query"]
