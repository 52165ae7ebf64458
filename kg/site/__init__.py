"""The static site: a page per entity of the graph, an index and a comparison of the regions,
read from the graph through SPARQL. `build_site` writes it; `entity_page` gives one page's HTML
for a server that dereferences the graph's IRIs."""

from kg.site.pages import build_site, entity_page

__all__ = ["build_site", "entity_page"]
