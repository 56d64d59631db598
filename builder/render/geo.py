"""The small locator map on incident pages, drawn as SVG from the gazetteer's coordinates.

No tiles and no script: the map shows the incident's point on a one-degree grid with the other
archived places around it, so the page works offline and on any host.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from builder.render.archive import Incident

WIDTH, HEIGHT = 320, 200
SPAN_LAT = 2.0  # degrees of latitude shown, top to bottom


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    count: int


@dataclass(frozen=True)
class LocatorMap:
    latitude: float
    longitude: float
    point: Point
    others: tuple[Point, ...]
    meridians: tuple[tuple[float, str], ...]  # (x, label)
    parallels: tuple[tuple[float, str], ...]  # (y, label)
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def osm_url(self) -> str:
        lat, lon = f"{self.latitude:.4f}", f"{self.longitude:.4f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=10/{lat}/{lon}"


def _degrees(value: float, positive: str, negative: str) -> str:
    return f"{abs(value):g}°{positive if value >= 0 else negative}"


class Nearby:
    """Archived places bucketed by whole degree, so each map looks at nine buckets, not all."""

    def __init__(self, incidents: list[Incident]) -> None:
        places: dict[tuple[float, float], list[Incident]] = defaultdict(list)
        for incident in incidents:
            if incident.latitude is not None and incident.longitude is not None:
                places[(round(incident.latitude, 2), round(incident.longitude, 2))].append(incident)
        self._buckets: dict[tuple[int, int], list[tuple[float, float, str, int]]] = defaultdict(
            list
        )
        for (lat, lon), members in places.items():
            label = members[0].place or f"{lat}, {lon}"
            self._buckets[(math.floor(lat), math.floor(lon))].append(
                (lat, lon, label, len(members))
            )

    def map_for(self, incident: Incident) -> LocatorMap | None:
        lat, lon = incident.latitude, incident.longitude
        if lat is None or lon is None:
            return None
        span_lon = SPAN_LAT * WIDTH / HEIGHT / max(math.cos(math.radians(lat)), 0.2)
        west, north = lon - span_lon / 2, lat + SPAN_LAT / 2

        def x(v: float) -> float:
            return round((v - west) / span_lon * WIDTH, 1)

        def y(v: float) -> float:
            return round((north - v) / SPAN_LAT * HEIGHT, 1)

        others = []
        here = (round(lat, 2), round(lon, 2))
        for dlat in (-1, 0, 1):
            for dlon in range(-2, 3):
                bucket = (math.floor(lat) + dlat, math.floor(lon) + dlon)
                for plat, plon, label, count in self._buckets.get(bucket, ()):
                    px, py = x(plon), y(plat)
                    if (plat, plon) != here and 0 <= px <= WIDTH and 0 <= py <= HEIGHT:
                        others.append(Point(px, py, label, count))
        meridians = tuple(
            (x(m), _degrees(m, "E", "W"))
            for m in range(math.ceil(west), math.floor(west + span_lon) + 1)
        )
        parallels = tuple(
            (y(p), _degrees(p, "N", "S"))
            for p in range(math.ceil(north - SPAN_LAT), math.floor(north) + 1)
        )
        point = Point(x(lon), y(lat), incident.place or "", 1)
        return LocatorMap(lat, lon, point, tuple(others[:40]), meridians, parallels)
