"""The data downloads: incidents.csv, sources.csv, incidents.json, incidents.geojson.

Each carries the incident ids the pages use, and the page's path so a row leads back to its page.
The columns are documented on the site's download page (templates/downloads.html) from COLUMNS
below, so the two cannot drift apart.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from builder.render.archive import Incident, Source, mapping, number, text
from builder.render.safe import safe_url

# Spreadsheets run cells that start with these as formulas; text cells get a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

INCIDENT_COLUMNS: dict[str, str] = {
    "id": "the incident's permanent id (also its page's name)",
    "page": "path of the incident's page within the site",
    "title": "short title",
    "date": "best estimate of the date, YYYY-MM-DD",
    "date_precision": "day, month, year, weekday, or published (the article's date)",
    "date_earliest": "earliest date the sources allow",
    "date_latest": "latest date the sources allow",
    "time_of_day": "local time or part of the day, as the first source says",
    "place": "place as shown on the site (city, country)",
    "location_name": "most specific place named",
    "city": "city",
    "region": "region or province",
    "country": "country",
    "latitude": "gazetteer latitude of the place (not of the exact spot)",
    "longitude": "gazetteer longitude of the place",
    "event_kind": "kind of event",
    "target": "kind of target",
    "weapon": "kind of weapon",
    "weapon_count": "number of weapons, when given",
    "killed": "best estimate of people killed; empty when no source says",
    "killed_low": "lowest count any source gives",
    "killed_high": "highest count any source gives",
    "injured": "best estimate of people injured",
    "injured_low": "lowest count any source gives",
    "injured_high": "highest count any source gives",
    "attributed_to": "actors the sources blame, separated by '; '",
    "claimed_by": "actor that claimed it, 'unclaimed', or empty when unknown",
    "sources": "number of sources",
    "outlets": "outlets of the sources, separated by '; '",
}
SOURCE_COLUMNS: dict[str, str] = {
    "incident_id": "id of the incident the article reports",
    "file": "the article's file, relative to the articles folder",
    "title": "the article's headline",
    "outlet": "publishing outlet, empty when unknown",
    "published": "publication date, YYYY-MM-DD",
    "url": "the article's web address (only http and https addresses are kept)",
    "primary": "true when the article is mainly about this incident",
    "summary": "a short summary in the article's own words",
}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    shown = str(value)
    return "'" + shown if shown.startswith(_FORMULA_START) else shown


def _csv(columns: dict[str, str], rows: list[dict[str, Any]], header: bool = True) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if header:
        writer.writerow(columns)
    writer.writerows([_cell(row.get(c)) for c in columns] for row in rows)
    return out.getvalue()


def incident_row(incident: Incident, page: str) -> dict[str, Any]:
    r = incident.record
    location = mapping(r.get("location"))
    casualties = mapping(r.get("casualties"))
    killed, injured = mapping(casualties.get("killed")), mapping(casualties.get("injured"))
    dates = mapping(r.get("date_range"))
    return {
        "id": incident.id,
        "page": page,
        "title": incident.title,
        "date": incident.date,
        "date_precision": text(r.get("date_precision")),
        "date_earliest": text(dates.get("earliest")),
        "date_latest": text(dates.get("latest")),
        "time_of_day": text(r.get("time_of_day")),
        "place": incident.place,
        "location_name": text(location.get("name")),
        "city": text(location.get("city")),
        "region": text(location.get("region")),
        "country": incident.country,
        "latitude": incident.latitude,
        "longitude": incident.longitude,
        "event_kind": text(r.get("event_kind")),
        "target": incident.target,
        "weapon": incident.weapon,
        "weapon_count": number(mapping(r.get("weapon")).get("count")),
        "killed": incident.killed,
        "killed_low": number(killed.get("low")),
        "killed_high": number(killed.get("high")),
        "injured": incident.injured,
        "injured_low": number(injured.get("low")),
        "injured_high": number(injured.get("high")),
        "attributed_to": "; ".join(incident.actors),
        "claimed_by": incident.claimed,
        "sources": len(incident.sources),
        "outlets": "; ".join(incident.outlets),
    }


def source_row(incident: Incident, source: Source) -> dict[str, Any]:
    return {
        "incident_id": incident.id,
        "file": source.file,
        "title": source.title,
        "outlet": source.outlet,
        "published": source.published,
        "url": safe_url(source.url),
        "primary": source.primary,
        "summary": source.summary,
    }


@dataclass(frozen=True)
class _Parts:
    """One incident's share of every download, as text."""

    incident_csv: str
    sources_csv: str
    json: str
    geojson: str | None


def _parts(incident: Incident, page: str) -> _Parts:
    row = incident_row(incident, page)
    feature = None
    if incident.latitude is not None and incident.longitude is not None:
        properties = ("id", "page", "title", "date", "place", "killed", "injured")
        feature = {
            "type": "Feature",
            "id": incident.id,
            "geometry": {"type": "Point", "coordinates": [incident.longitude, incident.latitude]},
            "properties": {k: row[k] for k in properties},
        }
    record = {**incident.record, "id": incident.id, "page": page}
    return _Parts(
        incident_csv=_csv(INCIDENT_COLUMNS, [row], header=False),
        sources_csv=_csv(
            SOURCE_COLUMNS, [source_row(incident, s) for s in incident.sources], header=False
        ),
        json=json.dumps(record, ensure_ascii=False, default=str),
        geojson=None if feature is None else json.dumps(feature, ensure_ascii=False),
    )


def downloads(
    incidents: list[Incident],
    page_of: Callable[[str], str],
    kept: dict[str, tuple[Hashable, _Parts]] | None = None,
    key_of: Callable[[Incident], Hashable] = lambda i: None,
) -> dict[str, str]:
    """download key -> file text; page_of gives an incident's page path from its id.

    Each incident's share is kept in `kept` under key_of(incident) and page, so `mkdocs serve`
    redoes only the edited incidents' rows.
    """
    kept = {} if kept is None else kept
    parts = []
    for incident in incidents:
        page = page_of(incident.id)
        key = (key_of(incident), page)
        found = kept.get(incident.id)
        if found is None or found[0] != key or key[0] is None:
            found = (key, _parts(incident, page))
            kept[incident.id] = found
        parts.append(found[1])
    for gone in set(kept) - {i.id for i in incidents}:
        del kept[gone]
    features = [p.geojson for p in parts if p.geojson is not None]
    return {
        "incidents_csv": _csv(INCIDENT_COLUMNS, []) + "".join(p.incident_csv for p in parts),
        "sources_csv": _csv(SOURCE_COLUMNS, []) + "".join(p.sources_csv for p in parts),
        "incidents_json": f'{{"count": {len(parts)}, "incidents": ['
        + ", ".join(p.json for p in parts)
        + "]}",
        "incidents_geojson": '{"type": "FeatureCollection", "features": ['
        + ", ".join(features)
        + "]}",
    }
