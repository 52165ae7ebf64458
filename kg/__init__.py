"""clusterkg: a knowledge graph of regional industrial clusters and their export potential."""

__all__ = ["build_graph", "query"]


def __getattr__(name: str):
    """kg.build_graph and kg.query, imported on first use: `import kg` (and every command) stays light."""
    if name == "build_graph":
        from kg.build import build_graph

        return build_graph
    if name == "query":
        from kg.query import query

        return query
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
