"""The generated pages: which exist, and their HTML from the Jinja templates in `templates/`.

MkDocs never sees the untrusted text as Markdown: each page's body is rendered here by a Jinja
environment with autoescape on, and handed to MkDocs as finished HTML (see plugin.GeneratedPage).
"""

from __future__ import annotations

import html
import multiprocessing
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from builder.render import facts, feed
from builder.render import layout as L
from builder.render.archive import (
    FACET_NOUNS,
    FACETS,
    Incident,
    mapping,
    number,
    text,
)
from builder.render.downloads import INCIDENT_COLUMNS, SOURCE_COLUMNS
from builder.render.geo import Nearby
from builder.render.safe import json_for_script, safe_url
from builder.text import counted

FACT_HELPERS = (
    facts.date_text,
    facts.count_text,
    facts.attribution_lines,
    facts.claimed_text,
    facts.claim_rows,
    facts.provenance,
    facts.disagreements,
    facts.related,
)
INCIDENT_TEMPLATE = "incident.html"
# Browser tabs, the header and search results show at most this much of a title; the page's own
# heading shows all of it, wrapped.
SHORT_TITLE = 160


@dataclass(frozen=True)
class PageSpec:
    src: str  # path of the page as if it were a Markdown file in docs/
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    in_nav: bool = False
    searchable: bool = True
    # The incidents whose files this page is drawn from; None when it is drawn from all of them.
    made_from: tuple[str, ...] | None = None


_SEARCHABLE = re.compile(r"<!-- ia:search -->(.*?)<!-- ia:/search -->", re.S)


def searchable(body: str) -> str:
    """The parts of a page the search index gets: titles and facts, not the sources' long text.

    Material's search plugin parses every page's HTML in Python and its index grows with the text,
    so giving it only these parts keeps both the build time and the index small.
    """
    return "\n".join(_SEARCHABLE.findall(body))


def incident_search_html(incident: Incident) -> str:
    """What search indexes for an incident: its title and facts in one short paragraph."""
    facts = [
        incident.date,
        incident.place,
        incident.target,
        incident.weapon,
        *(f"attributed to {a}" for a in incident.actors),
        *incident.outlets,
        incident.id,
    ]
    text = " · ".join(f for f in facts if f)
    return f"<h1>{html.escape(short(incident.title))}</h1><p>{html.escape(text)}</p>"


def short(title: str) -> str:
    return title if len(title) <= SHORT_TITLE else title[: SHORT_TITLE - 1].rstrip() + "…"


def page_title(title: str) -> str:
    """The title as given to MkDocs, which the theme prints without escaping.

    It is escaped here, and its angle brackets swapped for look-alikes first: Material prints it
    through `striptags` in <title>, which un-escapes once, so an escaped "</title><img ...>" would
    come back as markup.
    """
    return html.escape(short(title).replace("<", "‹").replace(">", "›"))


def plan(layout: L.Layout) -> list[PageSpec]:
    incidents = layout.incidents
    specs = [
        PageSpec(L.HOME, "Timeline", "home.html", {"incidents": incidents}, in_nav=True),
        PageSpec(L.BROWSE, "Browse", "browse.html", in_nav=True),
        PageSpec(L.OUTLETS, "Outlets", "outlets.html", {"groups": layout.outlets}, True),
        PageSpec(L.DOWNLOADS, "Data downloads", "downloads.html", in_nav=True, searchable=False),
    ]
    specs += [
        PageSpec(
            L.incident_src(i.id),
            i.title,
            INCIDENT_TEMPLATE,
            {"i": i},
            made_from=(i.id, *(rid for rid, _ in facts.related(i.record))),
        )
        for i in incidents
    ]
    for facet, heading in FACETS.items():
        groups = layout.facets[facet]
        specs.append(
            PageSpec(L.facet_src(facet), heading, "facet_index.html", {"facet": facet}, True)
        )
        specs += [
            PageSpec(
                L.facet_value_src(facet, layout.facet_slugs[facet][value]),
                value,
                "facet.html",
                {"facet": facet, "value": value, "incidents": members},
                made_from=tuple(i.id for i in members),
            )
            for value, members in groups.items()
        ]
    specs += [
        PageSpec(
            L.outlet_src(layout.outlet_slugs[name]),
            name,
            "outlet.html",
            {"name": name},
            made_from=tuple(dict.fromkeys(i.id for i, _ in pairs)),
        )
        for name, pairs in layout.outlets.items()
    ]
    return specs


def month_counts(incidents: list[Incident]) -> list[tuple[str, int]]:
    """Every month from the first incident to the last, with its count (gaps show as zero)."""
    counts = Counter(i.month for i in incidents if i.month)
    if not counts:
        return []
    first, last = min(counts), max(counts)
    year, month = int(first[:4]), int(first[5:7])
    months: list[tuple[str, int]] = []
    while (key := f"{year:04d}-{month:02d}") <= last:
        months.append((key, counts.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def by_year_month(incidents: list[Incident]) -> list[tuple[str, list[tuple[str, list[Incident]]]]]:
    """[(year, [(month, incidents)])], newest first, undated under 'Undated'."""
    years: dict[str, dict[str, list[Incident]]] = defaultdict(lambda: defaultdict(list))
    for incident in incidents:
        years[incident.year or "Undated"][incident.month or "Undated"].append(incident)
    return [(y, list(months.items())) for y, months in years.items()]


MONTHS = (
    "January February March April May June July August September October November December".split()
)


def month_name(key: str) -> str:
    if len(key) == 7 and key[4] == "-" and key[5:].isdigit() and 1 <= int(key[5:]) <= 12:
        return f"{MONTHS[int(key[5:]) - 1]} {key[:4]}"
    return key


def filter_options(incidents: list[Incident]) -> dict[str, list[tuple[str, int]]]:
    """facet -> [(value, count)], most frequent first, for the home page's filter menus."""
    options: dict[str, list[tuple[str, int]]] = {}
    for facet in [*FACETS, "outlet"]:
        counts: Counter[str] = Counter()
        for incident in incidents:
            values = incident.outlets if facet == "outlet" else incident.facet_values(facet)
            counts.update(values)
        options[facet] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
    return options


def counts(groups: dict[str, list[Any]]) -> list[tuple[str, int]]:
    return sorted(
        ((k, len(v)) for k, v in groups.items()), key=lambda kv: (-kv[1], kv[0].casefold())
    )


class Templates:
    """The Jinja environment for the archive's pages: autoescaped, strict about missing names."""

    def __init__(self, folder: Path, site_name: str, site_url: str | None) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(folder),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
        )
        self.env.filters.update(
            safe_url=safe_url,
            json_script=json_for_script,
            month_name=month_name,
            get=mapping,
            txt=text,
            num=number,
            xml_text=feed.xml_text,
        )
        base_url = site_url.rstrip("/") + "/" if site_url else None
        self.env.globals.update(
            site_name=site_name,
            site_url=base_url,
            feed_id=f"{base_url}feed.xml" if base_url else feed.entry_id(site_name),
            facets=FACETS,
            facet_nouns=FACET_NOUNS,
            counted=counted,
            short=short,
            counts=counts,
            incident_src=L.incident_src,
            stamp=feed.stamp,
            entry_id=feed.entry_id,
            incident_columns=INCIDENT_COLUMNS,
            source_columns=SOURCE_COLUMNS,
            **{f.__name__: f for f in FACT_HELPERS},
        )

    def render(self, template: str, /, **context: Any) -> str:
        return self.env.get_template(template).render(**context)


def renderer(
    templates: Templates,
    layout: L.Layout,
    nearby: Nearby,
    items: dict[Hashable, Markup],
    item_key: Callable[[Incident], Hashable],
) -> Callable[[PageSpec, str], str]:
    """A function that renders one page's body, given the page's URL; shared data computed once.

    A list entry for an incident is rendered once per URL depth (its links are relative) and
    kept in `items` under item_key: the timeline and the browse pages list every incident.
    """
    titles = {i.id: i.title for i in layout.incidents}
    titles.update({old: titles[new] for old, new in layout.redirects.items()})
    item_macro = templates.env.get_template("_macros.html").module.incident_item  # type: ignore[attr-defined]

    def item(incident: Incident, links: L.Links) -> Markup:
        key = (item_key(incident), links.page_url.count("/"))
        if key not in items:
            items[key] = Markup(item_macro(incident, links))
        return items[key]

    shared: dict[str, Any] = {
        "layout": layout,
        "nearby": nearby,
        "titles": titles,
        "outlet_articles": lambda name: layout.outlets.get(name, []),
        "item": item,
    }
    home: dict[str, Any] = {}

    def home_extras() -> dict[str, Any]:
        if not home:
            home["chart"] = month_counts(layout.incidents)
            home["groups"] = by_year_month(layout.incidents)
            home["options"] = filter_options(layout.incidents)
        return home

    def render(spec: PageSpec, page_url: str) -> str:
        extras = home_extras() if spec.template == "home.html" else {}
        return templates.render(
            spec.template,
            links=layout.links(page_url),
            page_url=page_url,
            title=spec.title,
            **shared,
            **extras,
            **spec.context,
        )

    return render


# Below this many pages, starting a second process costs more than it saves.
PARALLEL_FROM = 200
_forked_work: tuple[Callable[[PageSpec, str], str], list[tuple[PageSpec, str]]] | None = None


def render_on_two_cores(
    render: Callable[[PageSpec, str], str], work: list[tuple[PageSpec, str]]
) -> dict[str, str]:
    """Bodies of many pages (page src -> HTML), half the incident pages rendered in a fork.

    Rendering bodies is most of a build's work, and MkDocs does everything on one core. The child
    is forked, so it starts with the archive, the layout and the compiled templates in memory;
    only its HTML comes back. Pages that list incidents stay in this process: they share the
    rendered list entries, which `mkdocs serve` keeps for the next rebuild. Without fork (or with
    one core, or few pages) this renders nothing and each page is rendered when MkDocs asks.
    """
    global _forked_work
    cores = os.cpu_count() or 1
    if (
        len(work) < PARALLEL_FROM
        or cores < 2
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return {}
    incidents = [w for w in work if w[0].template == INCIDENT_TEMPLATE]
    _forked_work = (render, incidents[0::2])
    try:
        fork = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(1, mp_context=fork) as pool:
            theirs = pool.submit(_render_forked)
            forked = {spec.src for spec, _ in incidents[0::2]}
            mine = {spec.src: render(spec, url) for spec, url in work if spec.src not in forked}
            try:
                return {**mine, **theirs.result()}
            except BrokenProcessPool:  # the child died (memory?): MkDocs asks for its pages
                return mine
    finally:
        _forked_work = None


def _render_forked() -> dict[str, str]:
    assert _forked_work is not None
    render, work = _forked_work
    return {spec.src: render(spec, url) for spec, url in work}
