"""The SPARQL endpoint: routes (app), protocol and negotiation (protocol), guards, the worker pool
(workers; processes forks them; worker answers), entity dereferencing (entities), the
service description and the HTTP server."""
