"""Load the incident YAML files into the read-only view the pages are drawn from.

Every value comes from an untrusted pull request, so nothing here trusts a type: a field that is
not the expected kind of value is treated as absent. Escaping is the templates' job; this module
only decides what the values mean (labels, facets, months) and where each page lives.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from builder.cache import builder_version
from builder.check import CheckError, YamlLoader, check_incident
from builder.edits import State, sha
from builder.layout import is_incident_id, state_dir
from builder.text import slugify

log = logging.getLogger("mkdocs.plugins.incident-archive")

# A parsed incident file: its record (None when the file cannot be used) and its errors.
Parsed = tuple[dict[str, Any] | None, tuple[CheckError, ...]]

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")

# The ways a reader can browse the archive: facet key -> heading.
FACETS = {"place": "Places", "target": "Targets", "weapon": "Weapons", "actor": "Attributed actors"}
# What one value of each facet is called in a sentence ('2 incidents with place: Kirkuk').
FACET_NOUNS = {
    "place": "place",
    "target": "target",
    "weapon": "weapon",
    "actor": "attributed actor",
}


def text(value: Any) -> str | None:
    """A YAML scalar as text; None for absent, empty or structured values."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str | int | float):
        shown = str(value).strip()
        return shown or None
    return None


def number(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def coordinate(value: Any, limit: float) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if -limit <= value <= limit else None


def mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def items(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def iso_date(value: Any) -> str | None:
    shown = text(value)
    return shown if shown and _DATE.match(shown) else None


@dataclass(frozen=True)
class Source:
    file: str
    title: str
    outlet: str | None
    published: str | None
    url: str | None  # as written; templates pass it through safe_url
    summary: str | None
    primary: bool
    record: dict[str, Any]


@dataclass(frozen=True)
class Incident:
    """One incident file, with the labels the pages and downloads share."""

    id: str
    title: str
    date: str | None
    place: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    target: str | None
    weapon: str | None
    actors: tuple[str, ...]
    claimed: str | None  # claimant, "unclaimed", or None when unknown
    killed: int | None
    injured: int | None
    sources: tuple[Source, ...]
    record: dict[str, Any]
    path: Path
    # What `incident-archive check` finds wrong in the file (values shown as unknown meanwhile)
    problems: tuple[CheckError, ...] = ()

    @property
    def month(self) -> str | None:
        return self.date[:7] if self.date else None

    @property
    def year(self) -> str | None:
        return self.date[:4] if self.date else None

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(sorted({s.outlet for s in self.sources if s.outlet}))

    def facet_values(self, facet: str) -> tuple[str, ...]:
        if facet == "actor":
            return self.actors
        value = {"place": self.place, "target": self.target, "weapon": self.weapon}[facet]
        return (value,) if value else ()

    @property
    def summary(self) -> str | None:
        """The first source's summary: what the feed and the lists show."""
        return next((s.summary for s in self.sources if s.summary), None)


def _place_label(location: dict[str, Any]) -> str | None:
    city = text(location.get("city")) or text(location.get("name"))
    country = text(location.get("country"))
    if city and country and city != country:
        return f"{city}, {country}"
    return city or country


def _source(record: dict[str, Any], index: int) -> Source:
    file = text(record.get("file")) or f"source {index + 1}"
    return Source(
        file=file,
        title=text(record.get("title")) or file,
        outlet=text(record.get("outlet")),
        published=iso_date(record.get("published")),
        url=text(record.get("url")),
        summary=text(record.get("summary")),
        primary=record.get("primary") is not False,
        record=record,
    )


def _claimed(record: dict[str, Any]) -> str | None:
    claimed = mapping(record.get("claimed"))
    actor = text(claimed.get("actor"))
    if actor:
        return actor
    return "unclaimed" if claimed.get("status") == "unclaimed" else None


def incident_from_record(
    record: dict[str, Any], path: Path, problems: tuple[CheckError, ...] = ()
) -> Incident:
    """The view of one parsed file; a missing or malformed id falls back to the file name."""
    raw_id = text(record.get("id")) or ""
    incident_id = (
        raw_id if is_incident_id(raw_id) else (slugify(raw_id or path.stem, 12) or "incident")
    )
    location = mapping(record.get("location"))
    attributed = [text(a.get("actor")) for a in items(record.get("attributed"))]
    return Incident(
        id=incident_id,
        title=text(record.get("title")) or incident_id,
        date=iso_date(record.get("date")),
        place=_place_label(location),
        country=text(location.get("country")),
        latitude=coordinate(location.get("latitude"), 90),
        longitude=coordinate(location.get("longitude"), 180),
        target=text(mapping(record.get("target")).get("kind"))
        or text(mapping(record.get("target")).get("name")),
        weapon=text(mapping(record.get("weapon")).get("kind")),
        actors=tuple(dict.fromkeys(a for a in attributed if a)),
        claimed=_claimed(record),
        killed=number(record.get("killed")),
        injured=number(record.get("injured")),
        sources=tuple(_source(s, i) for i, s in enumerate(items(record.get("sources")))),
        record=record,
        path=path,
        problems=problems,
    )


@dataclass
class Loader:
    """Reads incident files, re-parsing only those whose size or time changed since last time.

    Parsing YAML costs about 3 ms a file, 15 s for 5,000. The parsed records are kept in memory
    (so `mkdocs serve` re-reads only the edited file) and, when `cache_file` is set, on disk
    between builds. A cold parse of many files is spread over the CPU cores.
    """

    cache_file: Path | None = None
    root: Path | None = None  # errors name files from here (the project's folder)
    stamps: dict[Path, tuple[int, int]] = field(default_factory=dict)  # of the last load
    _cache: dict[str, tuple[tuple[int, int], Parsed]] = field(default_factory=dict)
    _views: dict[Path, tuple[tuple[int, int], Incident]] = field(default_factory=dict)
    _disk_loaded: bool = False

    def load(self, folder: Path) -> list[Incident]:
        self._load_disk_cache()
        paths = sorted(folder.glob("*.yml")) if folder.is_dir() else []
        self.stamps = {p: _stamp(p) for p in paths}
        stamps = {str(p): s for p, s in self.stamps.items()}
        stale = [p for p in paths if self._cache.get(str(p), (None,))[0] != stamps[str(p)]]
        for path, parsed in zip(stale, _parse_all(stale, self.root), strict=True):
            self._cache[str(path)] = (stamps[str(path)], parsed)
        for gone in set(self._cache) - set(stamps):
            del self._cache[gone]
        if stale:
            self._save_disk_cache()
        found = []
        for path in paths:
            stamp, (record, problems) = self._cache[str(path)]
            # Said on every build until fixed, so `mkdocs build --strict` fails while it lasts.
            unused = "" if record is not None else "; it has no page until then"
            for problem in problems:
                log.warning(f"{problem}{unused}")
            if record is not None:
                view = self._views.get(path)
                if view is None or view[0] != stamp:
                    view = (stamp, incident_from_record(record, path, problems))
                    self._views[path] = view
                found.append(view[1])
        for old_view in set(self._views) - set(self.stamps):
            del self._views[old_view]
        return _unique_ids(found)

    def _load_disk_cache(self) -> None:
        if self._disk_loaded or self.cache_file is None or not self.cache_file.is_file():
            return
        self._disk_loaded = True
        try:
            version, cache = pickle.loads(self.cache_file.read_bytes())
        except (OSError, pickle.UnpicklingError, ValueError, EOFError, TypeError):
            return
        if version == self._version() and isinstance(cache, dict):
            self._cache = cache

    def _save_disk_cache(self) -> None:
        if self.cache_file is None:
            return
        self.cache_file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.cache_file.with_suffix(".tmp")
        temporary.write_bytes(pickle.dumps((self._version(), self._cache), protocol=5))
        temporary.replace(self.cache_file)
        self._disk_loaded = True

    def _version(self) -> tuple[int, str, str]:
        """What the kept records were made with: each holds the file's errors, which the
        schema and check.py decide and which name the file from `root`. After a change to either
        (a pull), a file kept as valid could break the new schema unseen."""
        return _CACHE_VERSION, builder_version(), str(self.root)


_CACHE_VERSION = 2  # 2: each record with its errors
_PARALLEL_FROM = 400  # files; below this, starting worker processes costs more than it saves


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return (stat.st_mtime_ns, stat.st_size)


def _parse_all(paths: list[Path], root: Path | None) -> list[Parsed]:
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < _PARALLEL_FROM or workers < 2:
        return [_parse(p, root) for p in paths]
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(_parse, paths, [root] * len(paths), chunksize=64))


def _parse(path: Path, root: Path | None = None) -> Parsed:
    """The parsed mapping (None if the file cannot be used), with what `incident-archive check`
    finds wrong in it, naming the file from `root`: a value of the wrong kind is shown as
    unknown, and saying nothing would hide an editor's mistake."""
    shown = path.relative_to(root) if root and path.is_relative_to(root) else path
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, (CheckError(shown, None, "(file)", "is not UTF-8; re-save it as UTF-8"),)
    errors: list[CheckError] = []
    if _as_the_builder_wrote(path, text):  # valid as written: only parsed (half the time)
        record = yaml.load(text, Loader=YamlLoader)
    else:
        record, _node, errors = check_incident(shown, text)
    return (record if isinstance(record, dict) else None), tuple(errors)


def _as_the_builder_wrote(path: Path, text: str) -> bool:
    """Whether the file holds what the builder last wrote, as its record in content/.builder/
    says (a file a person edited is checked; so is one without that record)."""
    memo = state_dir(path.parent.parent) / f"{path.stem}.json"
    try:
        written = State.from_json(memo.read_text(encoding="utf-8")).file_sha
    except (OSError, ValueError):
        return False
    return written is not None and written == sha(text)


def _unique_ids(incidents: list[Incident]) -> list[Incident]:
    """Two files claiming one id would overwrite each other's page: keep the first, warn."""
    kept: dict[str, Incident] = {}
    for incident in incidents:
        if incident.id in kept:
            log.warning(
                f"{incident.path}: id '{incident.id}' is already used by "
                f"{kept[incident.id].path}; give one of them another id"
            )
            continue
        kept[incident.id] = incident
    return newest_first(kept.values())


def newest_first(incidents: Iterable[Incident]) -> list[Incident]:
    """Newest first; undated incidents last; ties by id so every build lists them alike."""
    incidents = list(incidents)
    dated = sorted((i for i in incidents if i.date), key=lambda i: i.id)
    dated.sort(key=lambda i: i.date or "", reverse=True)
    undated = sorted((i for i in incidents if not i.date), key=lambda i: i.id)
    return [*dated, *undated]


def facet_groups(incidents: Iterable[Incident], facet: str) -> dict[str, list[Incident]]:
    """facet value -> its incidents (newest first), for the browse pages."""
    groups: dict[str, list[Incident]] = defaultdict(list)
    for incident in incidents:
        for value in incident.facet_values(facet):
            groups[value].append(incident)
    return dict(sorted(groups.items(), key=lambda kv: kv[0].casefold()))


def outlet_groups(incidents: Iterable[Incident]) -> dict[str, list[tuple[Incident, Source]]]:
    groups: dict[str, list[tuple[Incident, Source]]] = defaultdict(list)
    for incident in incidents:
        for source in incident.sources:
            if source.outlet:
                groups[source.outlet].append((incident, source))
    return dict(sorted(groups.items(), key=lambda kv: kv[0].casefold()))


def slugs(names: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(name, slug) pairs with slugs unique among these names, for outlet and facet pages.

    A name with no Latin letters or digits ('شفق نيوز') gets a slug from its hash, so its page's
    address does not depend on which other such names the archive holds.
    """
    taken: set[str] = set()
    for name in names:
        base = slugify(name, 10) or "name-" + hashlib.sha256(name.encode()).hexdigest()[:8]
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        yield name, slug
