"""A read-only SPARQL 1.1 Protocol endpoint over an Oxigraph store (see kg.endpoint for its parts)."""

from kg.endpoint.app import Endpoint
from kg.endpoint.server import serve, serve_in_background

__all__ = ["Endpoint", "serve", "serve_in_background"]
