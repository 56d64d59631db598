"""Stage 5: write incidents as YAML files, one per incident, under content/incidents/.

The files are the archive's public record and other tools read them, so the field names are a
contract (see schema/incident.schema.json). Writing is deterministic: the same incidents give
byte-identical files, and a file is rewritten only when its bytes change.

People edit these files. A file someone changed is merged, not overwritten (edits.py): their
edits, comments and key order stay, and the builder updates only the fields that are still its
own. A file with a YAML or schema error is never overwritten; the build says why.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import math
import multiprocessing
import os
import re
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from builder import cache, check, curation, edits
from builder.check import CheckError, YamlLoader
from builder.curation import SourceNote
from builder.edits import State, sha
from builder.layout import INCIDENTS_FOLDER, REDIRECTS_FILE, incidents_dir, state_dir
from builder.models import (
    ArticleFacts,
    CountClaim,
    Incident,
    Problem,
    Range,
)

__all__ = ["INCIDENTS_FOLDER", "incidents_dir"]  # other modules find the files through these


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _count(claim: CountClaim | None) -> dict[str, Any] | None:
    if claim is None:
        return None
    shown: dict[str, Any] = {"value": claim.value, "at_least": claim.at_least}
    if claim.inferred:
        shown["inferred"] = True
    shown["sentence"] = claim.sentence
    return shown


def _range(value: Range) -> dict[str, int | None]:
    return {"best": value.best, "low": value.low, "high": value.high}


def source_record(
    facts: ArticleFacts, primary: bool = True, note: SourceNote | None = None
) -> dict[str, Any]:
    article = facts.article
    claims: dict[str, Any] = {}
    if facts.event_date:
        d = facts.event_date
        claims["date"] = {
            "value": _iso(d.value),
            "precision": d.precision,
            "expression": d.expression,
            "anchor": _iso(d.anchor),
            "sentence": d.sentence,
        }
    if facts.time_of_day:
        t = facts.time_of_day
        claims["time_of_day"] = {
            "value": t.value,
            "expression": t.expression,
            "sentence": t.sentence,
        }
    if facts.place:
        p = facts.place
        claims["place"] = {
            "name": p.name,
            "city": p.city,
            "country": p.country,
            "sentence": p.sentence,
        }
    if facts.target:
        claims["target"] = {
            "name": facts.target.name,
            "kind": facts.target.kind,
            "sentence": facts.target.sentence,
        }
    if facts.weapon:
        w = facts.weapon
        claims["weapon"] = {"kind": w.kind, "count": w.count, "sentence": w.sentence}
    if facts.killed:
        claims["killed"] = _count(facts.killed)
    if facts.injured:
        claims["injured"] = _count(facts.injured)
    if facts.attributed:
        claims["attributed_to"] = [
            {"actor": a.actor, "by": a.by, "sentence": a.sentence} for a in facts.attributed
        ]
    if facts.claimed:
        claims["claimed_by"] = {"actor": facts.claimed.actor, "sentence": facts.claimed.sentence}
    return {
        "file": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "published": _iso(article.published),
        "url": article.url,
        "author": article.author,
        "primary": primary,
        **_note_fields(note or SourceNote()),
        "metadata": dict(sorted(article.provenance.items())),
        "summary": " ".join(facts.summary),
        "claims": claims,
    }


def _note_fields(note: SourceNote) -> dict[str, Any]:
    """Whether a source counts: copies and rewrites are not independent confirmations."""
    fields: dict[str, Any] = {"independent": note.independent}
    if note.duplicate_of:
        fields["duplicate_of"] = note.duplicate_of
    if note.rewrite_of:
        fields["rewrite_of"] = note.rewrite_of
    if note.unreliable is not None:
        fields["reliability"] = {"status": "unreliable", "reason": note.unreliable or None}
    return fields


def incident_record(
    incident: Incident, notes: Mapping[str, SourceNote] | None = None
) -> dict[str, Any]:
    notes = notes or {}
    loc = incident.location
    claimed: dict[str, Any]
    if incident.claimed is None:
        claimed = {"status": "unknown", "actor": None}
    elif incident.claimed.actor is None:
        claimed = {"status": "unclaimed", "actor": None}
    else:
        claimed = {"status": "claimed", "actor": incident.claimed.actor}
    supporters = {
        a.actor: [f.id for f in incident.sources if any(c.actor == a.actor for c in f.attributed)]
        for a in incident.attributed
    }
    times = [f.time_of_day.value for f in incident.sources if f.time_of_day]
    return {
        "id": incident.id,
        "title": incident.title,
        "date": _iso(incident.date),
        "date_precision": incident.date_precision,
        "date_range": {
            "earliest": _iso(incident.date_earliest),
            "latest": _iso(incident.date_latest),
        },
        "time_of_day": times[0] if times else None,
        "location": {
            "name": loc.name,
            "city": loc.city,
            "region": loc.region,
            "country": loc.country,
            "latitude": loc.latitude,
            "longitude": loc.longitude,
        },
        "event_kind": incident.event_kind,
        "target": (
            {"name": incident.target.name, "kind": incident.target.kind}
            if incident.target
            else None
        ),
        "weapon": (
            {"kind": incident.weapon.kind, "count": incident.weapon.count}
            if incident.weapon
            else None
        ),
        "killed": incident.killed.best,
        "injured": incident.injured.best,
        "casualties": {"killed": _range(incident.killed), "injured": _range(incident.injured)},
        "attributed": [
            {"actor": a.actor, "by": a.by, "sources": supporters[a.actor]}
            for a in incident.attributed
        ],
        "claimed": claimed,
        "independent_sources": sum(
            1 for f in incident.sources if notes.get(f.id, SourceNote()).independent
        ),
        "sources": [
            source_record(f, f.id not in incident.secondary_sources, notes.get(f.id))
            for f in incident.sources
        ],
        "disagreements": [
            {
                "field": d.field,
                "values": [{"value": v, "sources": list(s)} for v, s in d.values.items()],
            }
            for d in incident.disagreements
        ],
        "related": [{"id": r.id, "reason": r.reason} for r in incident.related],
    }


# libyaml's emitter, when PyYAML has it, writes YAML twenty times faster than the pure-Python one.
_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[misc, valid-type]
    """Block style, long strings folded at 100 characters, multi-line strings as literals."""

    # libyaml's emitter asks these Python methods about every node, twice about each scalar:
    # PyYAML's general versions were a quarter of the time of dumping a record. These give the
    # same answers for a dumper that has implicit resolvers by first character and no path
    # resolvers (checked below), as this one.
    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, pattern in _IMPLICIT.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return _SCALAR
        return _SEQUENCE if kind is yaml.SequenceNode else _MAPPING

    def descend_resolver(self, *_: object) -> None:
        """Only path resolvers need the path; there are none."""

    def ascend_resolver(self, *_: object) -> None:
        """Only path resolvers need the path; there are none."""


# A real check, not an assert (`python -O` drops those): it holds for the PyYAML installed, which
# the project does not choose, and without it the files would be written with wrong tags.
if _Dumper.yaml_path_resolvers or None in _Dumper.yaml_implicit_resolvers:
    raise RuntimeError(
        f"PyYAML {yaml.__version__} has path resolvers or implicit resolvers for any first"
        " character, which builder/store.py (_Dumper.resolve) does not apply; install PyYAML 6.0,"
        " which has none, or make _Dumper.resolve follow them"
    )
# First character of a plain scalar -> the (tag, pattern) pairs PyYAML tries, in its order.
_IMPLICIT: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    first: tuple(pairs) for first, pairs in _Dumper.yaml_implicit_resolvers.items()
}
_SCALAR: str = _Dumper.DEFAULT_SCALAR_TAG
_SEQUENCE: str = _Dumper.DEFAULT_SEQUENCE_TAG
_MAPPING: str = _Dumper.DEFAULT_MAPPING_TAG


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(record: dict[str, Any]) -> str:
    try:
        node = _node(record, {})
    except _NotPlain:
        return yaml.dump(record, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    stream = io.StringIO()
    dumper = _Dumper(stream, sort_keys=False, allow_unicode=True, width=100)
    try:
        dumper.open()
        dumper.serialize(node)
        dumper.close()
    finally:
        dumper.dispose()
    return stream.getvalue()


class _NotPlain(Exception):
    """A value _node does not build; PyYAML's own representer then does the whole record."""


_TAG = "tag:yaml.org,2002:"


def _node(value: Any, made: dict[int, yaml.Node]) -> yaml.Node:
    """The node PyYAML's representer (with _Dumper's settings) makes for a plain record.

    PyYAML's representer, in Python, was most of the time of writing a full build; this makes
    the same nodes for the types a record holds, directly. A dict or list met twice is the same
    node (`made`), as the representer makes it, so that shared values get the same anchors.
    """
    kind = type(value)
    if kind is str:
        return yaml.ScalarNode(_TAG + "str", value, style="|" if "\n" in value else None)
    if value is None:
        return yaml.ScalarNode(_TAG + "null", "null")
    if kind is bool:
        return yaml.ScalarNode(_TAG + "bool", "true" if value else "false")
    if kind is int:
        return yaml.ScalarNode(_TAG + "int", str(value))
    if kind is float:
        return yaml.ScalarNode(_TAG + "float", _float(value))
    if kind is dict or kind is list:
        if id(value) in made:
            return made[id(value)]
        node: yaml.Node
        if kind is dict:
            pairs: list[tuple[yaml.Node, yaml.Node]] = []
            node = made[id(value)] = yaml.MappingNode(_TAG + "map", pairs, flow_style=False)
            pairs.extend((_node(k, made), _node(v, made)) for k, v in value.items())
        else:
            items: list[yaml.Node] = []
            node = made[id(value)] = yaml.SequenceNode(_TAG + "seq", items, flow_style=False)
            items.extend(_node(v, made) for v in value)
        return node
    raise _NotPlain  # dates, tuples, subclasses, anything else


def _float(value: float) -> str:
    """A float as PyYAML's SafeRepresenter spells it."""
    if value != value:
        return ".nan"
    if value in (math.inf, -math.inf):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value).lower()
    # repr(1e17) is '1e17', which YAML would not read as a float.
    return text.replace("e", ".0e", 1) if "." not in text and "e" in text else text


@dataclass(frozen=True)
class Published:
    """The incident files already in content/, as the next build finds them."""

    members: dict[str, tuple[str, ...]]  # incident id -> article ids
    # incident id -> what the builder last wrote there (without the fields of a pure file: see
    # _read)
    states: dict[str, State]
    broken: dict[str, tuple[CheckError, ...]]  # files with errors: never overwritten
    pure: frozenset[str]  # files that hold exactly the builder's last write (no edits)
    # incident id -> the articles it lists as secondary sources (roundups it is not the subject of)
    secondary: dict[str, frozenset[str]] = field(default_factory=dict)

    def renamed(self, present: Mapping[str, str], placed: Mapping[str, str]) -> dict[str, str]:
        """New article id -> the published id of the same bytes, for files moved or renamed.

        `present` maps the ids of the articles read now to the hashes of their bytes; `placed`
        is article_incidents(), which the caller has at hand.
        """
        gone = {
            digest: article
            for incident in sorted(self.states, reverse=True)
            for article, digest in self.states[incident].hashes.items()
            if article not in present
        }
        return {
            article: gone[digest]
            for article, digest in sorted(present.items())
            if digest in gone and article not in placed
        }

    def article_incidents(self) -> dict[str, str]:
        """article id -> incident id; an article in two files stays with the first by id.

        A roundup listed as a secondary source of another incident stays in the incident it is
        a primary source of.
        """
        found: dict[str, str] = {}
        for incident in sorted(self.members):
            aside = self.secondary.get(incident, frozenset())
            for article in self.members[incident]:
                if article not in aside:
                    found.setdefault(article, incident)
        for incident in sorted(self.members):
            for article in self.members[incident]:
                found.setdefault(article, incident)
        return found


def _state_path(content_dir: Path, incident: str) -> Path:
    return state_dir(content_dir) / f"{incident}.json"


@dataclass(frozen=True)
class _Found:
    """What one incident file and its state say: its share of Published."""

    members: tuple[str, ...]
    state: State | None
    pure: bool = False
    secondary: frozenset[str] = frozenset()
    broken: tuple[CheckError, ...] = ()


# A file's size and modification time (None when it is missing): unchanged, it is not read again.
_Stamp = tuple[int, int] | None
# What `published` remembers of an incident between builds: the stamps of its file and state,
# what they said, and, for files a build wrote (`remember`), the hashes of their bytes: a file
# changed within the same tick of a coarse clock as it was written could keep its stamps, so such
# an entry is trusted only once the bytes are checked (as git checks its "racily clean" entries).
_Entry = tuple[tuple[_Stamp, _Stamp], _Found, tuple[str, str] | None]
_SHELF = "published "  # its name in the cache, before the content folder's
# A file changed less than this long (ns) before it was read is read again next time: a file
# system with coarse times could give an edit made within the same tick the same time.
_SETTLED_NS = 2_000_000_000


def _shelf(content_dir: Path) -> str:
    """The cache's shelf of what the incident files of `content_dir` said."""
    return _SHELF + str(content_dir.resolve())


def published(
    content_dir: Path, cache_dir: Path | None = None, *, read_only: bool = False
) -> Published:
    """The incident files in `content_dir`. With `cache_dir`, a file whose size and time (and
    its state's) are as on the last build is not read again: what it said then is kept there,
    as the per-article cache trusts an unchanged article file. `read_only`: use what is kept,
    keep nothing new (`build --check` changes no file)."""
    with cache.ArticleCache(cache_dir, read_only=read_only) as store:
        known: dict[str, _Entry] = store.shelved(_shelf(content_dir))
    shelf: dict[str, _Entry] = {}
    settled = time.time_ns() - _SETTLED_NS
    members: dict[str, tuple[str, ...]] = {}
    states: dict[str, State] = {}
    broken: dict[str, tuple[CheckError, ...]] = {}
    pure: set[str] = set()
    secondary: dict[str, frozenset[str]] = {}
    folder = incidents_dir(content_dir)
    names = sorted(n for n in _listdir(folder) if n.endswith(".yml"))
    # The files' stamps are taken by name: making two Path objects per incident took as long as
    # the stats themselves.
    files, states_folder = os.path.join(folder, ""), os.path.join(state_dir(content_dir), "")
    for name in names:
        incident = name[: -len(".yml")]
        stamps = (_stamp(files + name), _stamp(f"{states_folder}{incident}.json"))
        hit = known.get(incident)
        if hit is not None and hit[0] == stamps and hit[2] is None:
            found = hit[1]  # its stamps alone tell that it is unchanged (_unchanged)
        else:
            path, state_path = folder / name, _state_path(content_dir, incident)
            if hit is not None and hit[0] == stamps and _unchanged(hit, path, state_path):
                found = hit[1]
            else:
                found, hit = _read(path, state_path), None
        if not found.broken and all(s[1] < settled for s in stamps if s is not None):
            # From now on its stamps alone tell that it is unchanged.
            shelf[incident] = hit if hit is not None and hit[2] is None else (stamps, found, None)
        elif hit is not None:
            shelf[incident] = hit  # written by the last build: its bytes are checked again
        members[incident] = found.members
        if found.state is not None:
            states[incident] = found.state
        if found.secondary:
            secondary[incident] = found.secondary
        if found.pure:
            pure.add(incident)
        if found.broken:
            broken[incident] = found.broken
    with cache.ArticleCache(cache_dir, read_only=read_only) as store:
        if not known:
            # One shelf per cache folder, for the content folder it was last made for: shelves
            # of other folders (temporary builds, benchmarks) would pile up.
            store.forget_shelves(_SHELF, _shelf(content_dir))
        store.shelve(
            _shelf(content_dir),
            {i: entry for i, entry in shelf.items() if known.get(i) is not entry},
            known.keys() - shelf.keys(),
        )
    return Published(members, states, broken, frozenset(pure), secondary)


def _unchanged(entry: _Entry, path: Path, state_path: Path) -> bool:
    """Whether the files of an entry with their stamps still hold what it says."""
    if entry[2] is None:
        return True
    try:
        return entry[2] == (
            cache.content_hash(path.read_bytes()),
            cache.content_hash(state_path.read_bytes()),
        )
    except OSError:
        return False


def remember(content_dir: Path, cache_dir: Path | None, plan: WritePlan) -> None:
    """Shelve what the incident files and states an applied `plan` wrote say, so that the next
    build does not read them (after a full build, reading them all took most of a second)."""
    changed = {*plan.write, *plan.written}
    folder = incidents_dir(content_dir)
    entries: dict[str, _Entry] = {}
    for incident, (state, state_sha) in plan.states.items():
        path, state_path = folder / f"{incident}.yml", _state_path(content_dir, incident)
        if path in changed or state_path in changed:
            found = _Found(state.sources, state, True, frozenset(state.secondary))
            assert state.file_sha is not None  # planned states are of the builder's own text
            stamps = (_stamp(path), _stamp(state_path))
            entries[incident] = (stamps, found, (state.file_sha, state_sha))
    gone = [p.stem for p in plan.remove if p.parent == folder and p.suffix == ".yml"]
    with cache.ArticleCache(cache_dir) as store:
        store.shelve(_shelf(content_dir), entries, gone)


def _listdir(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except FileNotFoundError:
        return []


def _stamp(path: Path | str) -> _Stamp:
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return None
    return status.st_size, status.st_mtime_ns


def _read(path: Path, state_path: Path) -> _Found:
    """What an incident file and its state say."""
    try:
        state: State | None = State.from_json(state_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state = None  # missing or damaged: the file then counts as the builder's own
    aside = frozenset(state.secondary) if state is not None else frozenset()
    try:
        text: str | None = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and state is not None and state.file_sha == sha(text):
        # Untouched since the builder wrote it. A state's fields are what merging hand edits
        # compares a file with; a file without edits is rewritten whole, never merged, so they
        # are not kept (they were most of what the memo of incident files held).
        return _Found(state.sources, replace(state, fields={}), True, aside)
    errors = (
        check.check_text(path, text)
        if text is not None
        else [check.CheckError(path, None, "(file)", "is not UTF-8; re-save it as UTF-8")]
    )
    if errors:
        sources = state.sources if state else _source_files(path)
        return _Found(sources, state, False, aside, tuple(errors))
    record = yaml.load(text or "", Loader=YamlLoader)
    listed = [s for s in record.get("sources") or [] if s.get("file")]
    return _Found(
        tuple(str(source["file"]) for source in listed),
        state,
        False,
        frozenset(str(s["file"]) for s in listed if s.get("primary") is False),
    )


_SOURCE_FILE = re.compile(r"""^[ -]*file:[ ]*['"]?([^'"#\n]+?)['"]?[ ]*(?:#.*)?$""", re.M)


def _source_files(path: Path) -> tuple[str, ...]:
    """The `file:` lines of a file too broken to parse, so its articles stay with it."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    return tuple(dict.fromkeys(m.group(1).strip() for m in _SOURCE_FILE.finditer(text)))


@dataclass(frozen=True)
class WritePlan:
    write: dict[Path, str]  # path -> new text, only where the bytes differ
    remove: tuple[Path, ...]
    problems: tuple[Problem, ...] = ()  # files left alone, and why
    refused: tuple[Path, ...] = ()  # files with errors the build would otherwise have rewritten
    notes: tuple[str, ...] = ()  # hand edits found and kept
    # incident id -> "record key:file hash" for files that hold only the builder's output: the
    # next build skips rendering a record whose key is unchanged in a file with that hash
    keys: dict[str, str] = field(default_factory=dict)
    # files plan_writes wrote already (`write_as_planned`); `write` holds the rest
    written: tuple[Path, ...] = ()
    # incident id -> its new state as _read reads it back, and the hash of the state's text,
    # for the files that hold only the builder's output (`remember`)
    states: dict[str, tuple[State, str]] = field(default_factory=dict)


_NO_NOTE = SourceNote()


def record_key(incident: Incident, notes: Mapping[str, SourceNote]) -> str:
    """A hash of everything an incident's record is made of, without making the record.

    An incident is consolidated from its sources' facts, which their bytes and the builder
    version decide, and from whether each counts (its note); roundups add secondary sources, and
    relating adds the related incidents. So the id, the sources (id, bytes, note), the secondary
    ones, the relations and the builder version decide the record (incident_record) and its file.
    """
    parts = [
        cache.builder_version(),
        incident.id,
        [
            [f.id, f.article.content_hash, _note_text(notes.get(f.id, _NO_NOTE))]
            for f in incident.sources
        ],
        sorted(incident.secondary_sources),
        [[r.id, r.reason] for r in incident.related],
    ]
    return hashlib.sha256(_KEY_JSON.encode(parts).encode("utf-8")).hexdigest()


# json.dumps(parts, ensure_ascii=False): json.dumps makes an encoder on each call when given an
# option, most of the time of a key (an add-one build makes the key of every incident).
_KEY_JSON = json.JSONEncoder(ensure_ascii=False)


@lru_cache(maxsize=64)
def _note_text(note: SourceNote) -> str:
    """A note's repr, which shows each of its fields (most sources share a few notes)."""
    return repr(note)


class _Job(NamedTuple):
    """A record to render, with the parts of its file's state that are not made from it."""

    record: dict[str, Any]
    sources: tuple[str, ...]  # State.sources
    hashes: dict[str, str]  # State.hashes: the sources' content hashes
    secondary: tuple[str, ...]  # State.secondary


class _Rendered(NamedTuple):
    """A rendered record, and the state of a file that holds it alone (no hand edits)."""

    text: str  # the record's YAML
    fields: dict[str, str]  # its fields' fingerprints
    text_sha: str
    state: str  # State.to_json() of such a file
    state_sha: str


# An incident to render: its file, the job for the renderer and its record key (record_key).
_Todo = tuple[Incident, Path, _Job, str]


def plan_writes(
    incidents: Iterable[Incident],
    content_dir: Path,
    previous: Published | None = None,
    notes: Mapping[str, SourceNote] | None = None,
    redirects: Mapping[str, str] | None = None,
    written: Mapping[str, str] | None = None,
    renderer: Renderer | None = None,
    write_as_planned: bool = False,
) -> WritePlan:
    """Every file a build changes: incident files (keeping hand edits), states, redirects.

    `written` holds the keys of WritePlan.keys from the last build that was applied (the
    per-article cache keeps them): an incident whose record has the same key and whose file
    nobody edited since is left as it is without rendering its YAML again, which is most of an
    incremental build's writing time. The records are rendered by `renderer` (in its processes),
    else in this process; the result is the same. With `write_as_planned`
    the incident files and states are written as each batch of records is rendered, instead of
    being kept for `apply`: at 50,000 articles their texts took some 200 MB until the end.
    """
    written = written or {}
    keys: dict[str, str] = {}
    states: dict[str, tuple[State, str]] = {}
    previous = previous or published(content_dir)
    notes = notes or {}
    folder = incidents_dir(content_dir)
    write: dict[Path, str] = {}
    flushed: list[Path] = []  # written already (write_as_planned)
    problems: list[Problem] = []
    messages: list[str] = []
    wanted: set[str] = set()
    refused: list[Path] = []
    # Listed once: asking for each of a full build's thousands of files whether it exists, and
    # for its state, took as long as encoding their states.
    listed = set(_listdir(folder))
    state_folder = state_dir(content_dir)
    states_listed = set(_listdir(state_folder))

    def finish(todo: list[_Todo], rendered: list[_Rendered], ahead: list[Problem]) -> None:
        problems.extend(ahead)
        for (incident, path, job, key), fresh in zip(todo, rendered, strict=True):
            state = previous.states.get(incident.id)
            current = path.read_text(encoding="utf-8") if path.name in listed else None
            locked: tuple[str, ...]
            if current is None or incident.id in previous.pure:
                text, locked = fresh.text, ()
            else:
                merged = edits.merge(current, job.record, state)
                text = merged.text if merged.text is not None else current
                locked = tuple(sorted(edits.current_locked(yaml.load(text, Loader=YamlLoader))))
                if merged.newly_locked:
                    messages.append(
                        f"{path}: kept hand edits to {', '.join(merged.newly_locked)} (now under"
                        " `locked:`; remove a line there to hand the field back to the builder)"
                    )
                for dropped in merged.dropped_edits:
                    problems.append(
                        Problem(
                            str(path),
                            f"{dropped} had hand edits but its article left this incident",
                        )
                    )
            if text != current:
                write[path] = text
            own = text == fresh.text  # the file holds only the builder's output
            file_sha = fresh.text_sha if own else None
            if own and not locked:
                new_state, state_sha = fresh.state, fresh.state_sha  # rendered with the record
            else:
                planned = State(
                    fresh.fields, locked, job.sources, file_sha, job.hashes, job.secondary
                )
                new_state = planned.to_json()
                state_sha = sha(new_state)
            if own:
                keys[incident.id] = f"{key}:{file_sha}"
                # As _read reads it back (no fields, its hashes in the order of their keys):
                # kept for every incident until the plan is applied, the fields would be some
                # 200 MB at 50,000 articles.
                shelved = dict(sorted(job.hashes.items()))
                states[incident.id] = (
                    State({}, locked, job.sources, file_sha, shelved, job.secondary),
                    state_sha,
                )
            state_name = f"{incident.id}.json"
            state_path = state_folder / state_name
            if (
                state_name not in states_listed
                or state_path.read_text(encoding="utf-8") != new_state
            ):
                write[state_path] = new_state
        if write_as_planned:
            _raise_failed_write(writes)
            # One task per batch: a future and a wake-up of the thread for each of a full
            # build's thousands of files cost this process more than the writing.
            writes.append(writer.submit(_write_all, list(write.items())))
            flushed.extend(write)
            write.clear()

    todo: list[_Todo] = []
    ahead: list[Problem] = []  # found while the batch was gathered; reported before its own
    # Batches sent to the renderer, oldest first: the workers render one while this process
    # gathers the next and finishes the one before (records, YAML and states overlap).
    sent: list[tuple[list[_Todo], Callable[[], list[_Rendered]], list[Problem]]] = []

    def send(todo: list[_Todo], ahead: list[Problem], keep: int) -> None:
        sent.append((todo, render.submit([job for _, _, job, _ in todo]), ahead))
        while len(sent) > keep:
            batch, rendered, found = sent.pop(0)
            finish(batch, rendered(), found)

    render = renderer or Renderer(1)  # one worker: no pool to start or close
    # The files are written by a thread: their system calls, most of writing them, release the
    # GIL, so they overlap this process's work on the next records (a full build writes two files
    # per incident).
    writes: deque[Future[None]] = deque()
    with ThreadPoolExecutor(1) as writer:
        for incident in incidents:
            _raise_failed_write(writes)
            wanted.add(incident.id)
            if incident.id in previous.broken:
                path = folder / f"{incident.id}.yml"
                refused.append(path)
                first = previous.broken[incident.id][0]
                ahead.append(
                    Problem(
                        str(path),
                        f"not rewritten: it has {len(previous.broken[incident.id])} error(s), the"
                        f" first at line {first.line}: {first.field}: {first.message}; run"
                        " `incident-archive check`, fix them and build again",
                    )
                )
                continue
            key = record_key(incident, notes)
            state = previous.states.get(incident.id)
            if incident.id in previous.pure and state is not None:
                done = f"{key}:{state.file_sha}"
                if written.get(incident.id) == done:
                    keys[incident.id] = done
                    continue  # the file holds the builder's text for this very record
            # Made only for a record to render: a Path for each of thousands of incidents
            # took as long as their record keys.
            path = folder / f"{incident.id}.yml"
            job = _Job(
                incident_record(incident, notes),
                tuple(f.id for f in incident.sources),
                {f.id: f.article.content_hash for f in incident.sources},
                tuple(sorted(incident.secondary_sources)),
            )
            todo.append((incident, path, job, key))
            if len(todo) >= RENDER_BATCH:  # records are large: render and drop them as they come
                send(todo, ahead, keep=1)
                todo, ahead = [], []
        send(todo, ahead, keep=0)
    for written_file in writes:
        written_file.result()  # raises what writing it raised
    remove: list[Path] = []
    # Names, not paths, sorted: comparing thousands of Path objects took a tenth of a second.
    stems = sorted(name[: -len(".yml")] for name in _listdir(folder) if name.endswith(".yml"))
    for stem in stems:
        if stem in wanted:
            continue
        path = folder / f"{stem}.yml"
        merged_away = redirects is not None and stem in redirects
        if stem in previous.pure or merged_away:
            remove.append(path)
        elif previous.members.get(stem) or stem in previous.broken:
            problems.append(
                Problem(
                    str(path),
                    "kept: it has hand edits or errors, but none of its articles belong to it now;"
                    " delete it, or restore its articles",
                )
            )
        else:
            remove.append(path)
    kept = set(stems) - {p.stem for p in remove} | wanted
    remove += [
        state_folder / name
        for name in sorted(_listdir(state_folder))
        if name.endswith(".json") and name[: -len(".json")] not in kept
    ]
    if redirects is not None:
        redirects_path = content_dir / REDIRECTS_FILE
        text = curation.dump_redirects(redirects)
        old = redirects_path.read_text(encoding="utf-8") if redirects_path.exists() else None
        if redirects and text != old:
            write[redirects_path] = text
    return WritePlan(
        write,
        tuple(remove),
        tuple(problems),
        tuple(refused),
        tuple(messages),
        keys,
        tuple(flushed),
        states,
    )


def _raise_failed_write(writes: deque[Future[None]]) -> None:
    """Raise what a finished write raised (a full disk, a folder that cannot be written), so the
    build stops at the next record instead of making every record and failing every write; the
    writes still queued are not tried. One thread writes, so they finish in order."""
    while writes and writes[0].done():
        failed = writes.popleft().exception()
        if failed is not None:
            for queued in writes:
                queued.cancel()
            raise failed


def _write_all(files: list[tuple[Path, str]]) -> None:
    for path, text in files:
        _write(path, text)


class WriteFailed(OSError):
    """An incident or state file could not be written; the message names it and the fix."""


def _write(path: Path, text: str) -> None:
    """Write the file whole, then put it in place, so that no reader sees half of it; through
    the system's calls, on the path's name: Path objects and a text file object per file were
    half of the CPU time of writing a full build's thousands of files. The bytes are what a text
    file writes: line ends as the system has them."""
    name = os.fspath(path)
    temporary = name + ".tmp"
    try:
        _write_in_place(path, name, temporary, text)
    except OSError as error:
        # A full disk fails in os.write, whose error names no file; a half-written temporary
        # file would be left beside the incident files
        with contextlib.suppress(OSError):
            os.remove(temporary)
        raise WriteFailed(
            f"{name}: cannot be written ({error.strerror or error}); free some disk space or"
            " make the folder writable, then build again"
        ) from error


def _write_in_place(path: Path, name: str, temporary: str, text: str) -> None:
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    except FileNotFoundError:
        # Made only when missing: making the folder before each of a full build's thousands of
        # files was a system call each.
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        data = memoryview(text.replace("\n", os.linesep).encode("utf-8"))
        while data:
            data = data[os.write(handle, data) :]
    finally:
        os.close(handle)
    os.replace(temporary, name)


# Below this many records, starting processes costs more than rendering them here.
MIN_RECORDS_TO_SHARE = 200
# Records are rendered and dropped in batches of this many, so that they are never all in memory;
# small enough that the workers' rendering of one overlaps this process's work on the others,
# and that little is left once the workers are done: this process finishes the last batch alone
# (500 were a sixth of a 5,000-article build's 3,011 records).
RENDER_BATCH = MIN_RECORDS_TO_SHARE


def _render(job: _Job) -> _Rendered:
    """A record's YAML text, its fields' fingerprints and the state of a file holding it alone:
    most of writing a new record. The state is made here, in the renderer's processes, as the
    YAML is: encoding it in the build's process was a third of that process's writing time."""
    text, fields = dump(job.record), edits.fingerprints(job.record)
    text_sha = sha(text)
    state = State(fields, (), job.sources, text_sha, job.hashes, job.secondary).to_json()
    return _Rendered(text, fields, text_sha, state, sha(state))


class Renderer:
    """Renders lists of records, in a pool of `workers` processes once a list is long enough.

    Entering it forks the pool (or `start`, for a build that may render too few records to share
    out: it starts it, if at all, once it knows): a build starts its renderer while it holds no
    article yet. Forked late, each worker shared every article's facts with the build, and each
    page the build then wrote to (a reference count, while it made the records) was copied; at
    50,000 articles that was some 300 MB while writing.
    """

    def __init__(self, workers: int, start: bool = True) -> None:
        self.workers = workers
        self.pool: Any = None
        self._start = start

    def __enter__(self) -> Renderer:
        if self._start:
            self.start()
        return self

    def start(self) -> None:
        if self.workers > 1 and self.pool is None:
            self.pool = multiprocessing.get_context().Pool(self.workers)

    def __exit__(self, *_: object) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool = None

    def submit(self, jobs: list[_Job]) -> Callable[[], list[_Rendered]]:
        """Start rendering the records; the function returned waits for them, in their order."""
        if self.pool is None or len(jobs) < MIN_RECORDS_TO_SHARE:
            return lambda: [_render(job) for job in jobs]
        # The records travel pickled; map gives the results in the order of the records.
        chunk = max(1, len(jobs) // (self.workers * 8))
        pending = self.pool.map_async(_render, jobs, chunksize=chunk)
        return lambda: list(pending.get())


def apply(plan: WritePlan) -> None:
    for path, text in plan.write.items():
        _write(path, text)
    for path in plan.remove:
        path.unlink()
