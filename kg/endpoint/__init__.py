"""The SPARQL endpoint: routes (app), protocol and negotiation (protocol), guards, the worker pool
(workers; processes, which forks or starts them; worker), entity dereferencing (entities), the service description and the HTTP server."""
