"""Where every generated page and file lives, and links between them that work under any base URL.

All links are relative to the page that holds them, so the site works at `/`, at `/repo/`, or
opened from disk; nothing depends on `site_url`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mkdocs.utils import get_relative_url

from builder.render.archive import (
    FACETS,
    Incident,
    Source,
    facet_groups,
    outlet_groups,
    slugs,
)

HOME = "index.md"
BROWSE = "browse/index.md"
OUTLETS = "outlets/index.md"
DOWNLOADS = "data/index.md"
FEED = "feed.xml"
DATA_FILES = {
    "incidents_csv": "data/incidents.csv",
    "sources_csv": "data/sources.csv",
    "incidents_json": "data/incidents.json",
    "incidents_geojson": "data/incidents.geojson",
}
ASSETS = {"css": "assets/incident-archive/archive.css", "js": "assets/incident-archive/archive.js"}


def incident_src(incident_id: str) -> str:
    return f"incidents/{incident_id}.md"


def redirect_src(old_id: str, directory_urls: bool) -> str:
    """The page at a merged incident's old address, where that incident's page used to be."""
    return f"incidents/{old_id}/index.html" if directory_urls else f"incidents/{old_id}.html"


def facet_src(facet: str) -> str:
    return f"browse/{facet}/index.md"


def facet_value_src(facet: str, slug: str) -> str:
    return f"browse/{facet}/{slug}.md"


def outlet_src(slug: str) -> str:
    return f"outlets/{slug}.md"


@dataclass
class Layout:
    """The archive's pages by what they show, and their URLs once MkDocs has placed them."""

    incidents: list[Incident]
    facets: dict[str, dict[str, list[Incident]]]  # facet -> value -> incidents
    outlets: dict[str, list[tuple[Incident, Source]]]  # outlet -> its articles
    facet_slugs: dict[str, dict[str, str]]  # facet -> value -> slug
    outlet_slugs: dict[str, str]
    urls: dict[str, str] = field(default_factory=dict)  # src path -> site URL
    redirects: dict[str, str] = field(default_factory=dict)  # merged id -> current id

    @classmethod
    def of(cls, incidents: list[Incident]) -> Layout:
        facets = {f: facet_groups(incidents, f) for f in FACETS}
        outlets = outlet_groups(incidents)
        return cls(
            incidents=incidents,
            facets=facets,
            outlets=outlets,
            facet_slugs={f: dict(slugs(groups)) for f, groups in facets.items()},
            outlet_slugs=dict(slugs(outlets)),
        )

    def links(self, page_url: str) -> Links:
        return Links(self, page_url)


@dataclass(frozen=True)
class Links:
    """Relative links from one page; None where the target does not exist."""

    layout: Layout
    page_url: str

    def src(self, src: str) -> str | None:
        url = self.layout.urls.get(src)
        return None if url is None else get_relative_url(url, self.page_url)

    def incident(self, incident_id: str) -> str | None:
        """A link to a merged incident goes straight to the one that holds it now."""
        current = self.layout.redirects.get(incident_id, incident_id)
        return self.src(incident_src(current))

    def outlet(self, name: str | None) -> str | None:
        slug = self.layout.outlet_slugs.get(name or "")
        return self.src(outlet_src(slug)) if slug else None

    def facet(self, facet: str, value: str | None = None) -> str | None:
        if value is None:
            return self.src(facet_src(facet))
        slug = self.layout.facet_slugs[facet].get(value)
        return self.src(facet_value_src(facet, slug)) if slug else None

    def slug(self, facet: str, value: str) -> str:
        """The token the home page's filters match on; 'outlet' is a facet there too."""
        if facet == "outlet":
            return self.layout.outlet_slugs.get(value, "")
        return self.layout.facet_slugs[facet].get(value, "")
