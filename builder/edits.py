"""Keep what people changed in an incident file when the builder writes it again.

Every field of an incident file is either the builder's or a person's. The builder records what
it last wrote (a short fingerprint of each field's value) in `content/.builder/<id>.json`. On the
next build it compares the file with that record:

- a field still holding what the builder wrote is the builder's: it is updated;
- a field holding anything else was changed by a person: it is kept as they left it and its path
  is added to the file's `locked:` list, so the ownership is visible and reviewable;
- a field listed under `locked:` is never touched; removing it from `locked:` hands it back;
- a field the builder never wrote (a note, a comment, a new key) is a person's and is kept.

Comments, key order and quoting survive because edited files are rewritten through ruamel.yaml's
round-trip mode; files nobody edited are written with the plain fast dumper. Paths look like
`killed`, `location.city`, `sources[003_a.txt].summary`: items of the lists in `KEYED_LISTS` are
named by their key field, so an edit stays attached to its source when others are added.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import LiteralScalarString, SingleQuotedScalarString

LOCKED = "locked"
_KEYS = re.compile(r"\[[^\]]*\]")
# Top-level lists whose items are matched by a key field rather than by position.
KEYED_LISTS = {"sources": "file", "related": "id", "attributed": "actor", "disagreements": "field"}
# Fingerprints go this many steps deep (`sources[x].claims` is one value); an edit deeper down
# locks the deepest fingerprinted field that holds it.
MAX_DEPTH = 3


@dataclass(frozen=True)
class State:
    """What the builder last wrote to one incident file."""

    fields: dict[str, str]  # path -> fingerprint of the value the builder wrote
    locked: tuple[str, ...] = ()  # the `locked:` list as the builder last wrote it
    sources: tuple[str, ...] = ()  # article ids, to recover membership when the file is broken
    file_sha: str | None = None  # the file's hash when it held only the builder's output
    # article id -> hash of its bytes, so an article file that is moved or renamed keeps its place
    hashes: dict[str, str] = field(default_factory=dict)
    # sources listed as secondary (a roundup whose main subject is another incident)
    secondary: tuple[str, ...] = ()

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "file_sha": self.file_sha,
            "locked": list(self.locked),
            "sources": list(self.sources),
            "hashes": dict(sorted(self.hashes.items())),
            "fields": dict(sorted(self.fields.items())),
        }
        if self.secondary:  # only then, so that files without any keep their bytes
            data["secondary"] = list(self.secondary)
        return _indented(data) + "\n"

    @classmethod
    def from_json(cls, text: str) -> State:
        """The state in `text`; ValueError for any text that is not one (damaged, or edited
        into another shape), which its readers take as no state."""
        data = json.loads(text)
        try:
            return cls(
                fields={str(k): str(v) for k, v in data.get("fields", {}).items()},
                locked=tuple(data.get("locked", ())),
                sources=tuple(data.get("sources", ())),
                file_sha=data.get("file_sha"),
                hashes={str(k): str(v) for k, v in data.get("hashes", {}).items()},
                secondary=tuple(data.get("secondary", ())),
            )
        except (AttributeError, TypeError) as error:  # a list, or a number for a list
            raise ValueError(f"not a builder state: {error}") from error


def _indented(data: Mapping[str, str | list[str] | dict[str, str] | None]) -> str:
    """json.dumps(data, indent=1, ensure_ascii=False) for a state's two levels, faster: with an
    indent, json encodes in Python; this joins what its C string encoder gives."""
    encode = _ENCODER.encode

    def value(item: str | list[str] | dict[str, str] | None) -> str:
        if isinstance(item, dict):
            inner = [f"  {encode(k)}: {encode(v)}" for k, v in item.items()]
        elif isinstance(item, list):
            inner = [f"  {encode(v)}" for v in item]
        else:
            return encode(item)
        if not inner:
            return "{}" if isinstance(item, dict) else "[]"
        opening, closing = ("{", "}") if isinstance(item, dict) else ("[", "]")
        return opening + "\n" + ",\n".join(inner) + "\n " + closing

    return "{\n" + ",\n".join(f" {encode(k)}: {value(v)}" for k, v in data.items()) + "\n}"


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    """ruamel's and PyYAML's values as plain JSON values, so the two fingerprint alike."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)  # strings, and dates a person left unquoted


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def fingerprint(value: Any) -> str:
    return _digest(_canonical(value))


def _digest(canonical: str) -> str:
    return hashlib.blake2b(canonical.encode("utf-8"), digest_size=6).hexdigest()


def _canonical(value: Any) -> str:
    """json.dumps(_plain(value), sort_keys=True, ensure_ascii=False), joined from its parts'
    texts, so that fingerprints() encodes each value once, not once per enclosing field."""
    if isinstance(value, Mapping):
        return _join_map({str(k): _canonical(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_canonical(v) for v in value) + "]"
    return _ENCODER.encode(_plain(value))


def _join_map(parts: dict[str, str]) -> str:
    return "{" + ", ".join(f"{_key(k)}: {parts[k]}" for k in sorted(parts)) + "}"


# A key's JSON text (what _ENCODER.encode gives for a string): the same few field names come
# again in every record, so they are encoded once.
_key = functools.lru_cache(maxsize=1024)(encode_basestring)


def _child(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)


def _depth(path: str) -> int:
    bare = _KEYS.sub("[]", path)  # keys are file names and ids; their dots are not steps
    return bare.count(".") + bare.count("[") + 1


def _items(path: str, value: Any) -> dict[str, Any] | None:
    """A keyed list's items by their path, or None when the value is not one."""
    key_field = KEYED_LISTS.get(path)
    if key_field is None or not isinstance(value, list):
        return None
    items = [v for v in value if isinstance(v, Mapping) and key_field in v]
    if len(items) != len(value) or len({str(v[key_field]) for v in items}) != len(items):
        return None
    return {f"{path}[{v[key_field]}]": v for v in items}


def fingerprints(record: Mapping[str, Any]) -> dict[str, str]:
    """Fingerprints of a builder record's fields (store.incident_record: string keys)."""
    found: dict[str, str] = {}

    def walk(path: str, value: Any, depth: int | None) -> str:
        """Record the fingerprints of the value and its fields; return its canonical text.
        `depth` is _depth(path), or None when the path's keys make it count it (_step)."""
        if (_depth(path) if depth is None else depth) >= MAX_DEPTH:
            try:
                # With string keys, json's C encoder writes what _canonical joins, faster; it
                # refuses what _plain would turn into a string (a date), which then goes there.
                text = _ENCODER.encode(value)
            except TypeError:
                text = _canonical(value)
        elif type(value) is dict or isinstance(value, Mapping):
            text = _join_map(
                {
                    (key := str(k)): walk(_child(path, k), v, _step(depth, key))
                    for k, v in value.items()
                }
            )
        elif (items := _items(path, value)) is not None:
            text = (
                "["
                + ", ".join(
                    walk(p, item, _step(depth, p[len(path) + 1 : -1], item=True))
                    for p, item in items.items()
                )
                + "]"
            )
        elif type(value) in _JSON_SCALARS:
            text = _ENCODER.encode(value)  # what _canonical gives for these, without its checks
        else:
            text = _canonical(value)
        found[path] = _digest(text)
        return text

    for key, value in record.items():
        if key != LOCKED:
            walk(str(key), value, _step(0, str(key)))
    return found


# Values that _plain keeps as they are (not subclasses: ruamel's strings go through _plain).
_JSON_SCALARS = frozenset({str, int, float, bool, type(None)})


def _step(depth: int | None, key: str, item: bool = False) -> int | None:
    """_depth of a field (or `item`, a keyed list's item) named `key` of a value at `depth`,
    without reading the whole path (that regex was a tenth of fingerprints' time): one more,
    when the key holds no character that _depth would read in it; else None (count it then)."""
    if depth is None or "[" in key or "]" in key or ("." in key and not item):
        return None
    return depth + 1


def is_locked(path: str, locked: set[str]) -> bool:
    """A path is locked when it or any field that holds it is."""
    return any(path == lock or path.startswith((lock + ".", lock + "[")) for lock in locked)


_RESOLVER = yaml.resolver.Resolver()


def _yaml11_tag(value: str) -> str:
    implicit = (True, False)
    resolved: str = _RESOLVER.resolve(yaml.ScalarNode, value, implicit)  # type: ignore[no-untyped-call]
    return resolved


def to_yaml_value(value: Any) -> Any:
    """A builder value as ruamel nodes that PyYAML readers (YAML 1.1) read back unchanged."""
    if isinstance(value, Mapping):
        out = CommentedMap()
        for key, child in value.items():
            out[key] = to_yaml_value(child)
        return out
    if isinstance(value, list | tuple):
        return CommentedSeq(to_yaml_value(v) for v in value)
    if isinstance(value, str):
        if "\n" in value:
            return LiteralScalarString(value)
        # ruamel speaks YAML 1.2, where `yes` or `4:15` are strings; PyYAML would not read them so.
        if _yaml11_tag(value) != "tag:yaml.org,2002:str":
            return SingleQuotedScalarString(value)
    return value


@dataclass
class _Merge:
    base: (
        dict[str, str] | None
    )  # None: no record of the last write; the file counts as the builder's
    locked: set[str]
    released: set[str]
    changed: bool = False
    newly_locked: list[str] = field(default_factory=list)
    dropped_edits: list[str] = field(default_factory=list)

    def builders(self, path: str, current: Any) -> bool:
        """True when the value at path is what the builder wrote last time."""
        if self.base is None or path in self.released:
            return True
        return self.base.get(path) == fingerprint(current)

    def lock(self, path: str) -> None:
        if not is_locked(path, self.locked):
            self.locked.add(path)
            self.newly_locked.append(path)


def _merge_map(current: CommentedMap, new: Mapping[str, Any], path: str, m: _Merge) -> None:
    previous_key: Any = None
    for key, value in new.items():
        here = _child(path, key)
        if is_locked(here, m.locked):
            previous_key = key if key in current else previous_key
            continue
        if key not in current:
            if m.base is not None and here in m.base and here not in m.released:
                m.lock(here)  # the builder wrote it and a person deleted it: keep it deleted
                continue
            keys = list(current)
            position = keys.index(previous_key) + 1 if previous_key in keys else 0
            current.insert(position, key, to_yaml_value(value))
            m.changed = True
        else:
            _merge_value(current, key, value, here, m)
        previous_key = key
    for key in [k for k in current if k not in new and not (path == "" and k == LOCKED)]:
        here = _child(path, key)
        if m.base is not None and here not in m.base:
            continue  # a person's own field
        if not is_locked(here, m.locked) and m.builders(here, current[key]):
            del current[key]
            m.changed = True


def _merge_value(container: Any, key: Any, value: Any, path: str, m: _Merge) -> None:
    current = container[key]
    if _depth(path) < MAX_DEPTH:
        if isinstance(current, CommentedMap) and isinstance(value, Mapping):
            _merge_map(current, value, path, m)
            return
        new_items = _items(path, value)
        current_items = _items(path, current)
        if new_items is not None and current_items is not None:
            container[key] = _merge_list(current, current_items, new_items, path, m)
            return
    if fingerprint(current) == fingerprint(value):
        # Nothing to write (a person's quoting and layout stay). A person's edit that the builder
        # now happens to agree with is still theirs: unlocked, a later build would overwrite it.
        if not m.builders(path, current):
            m.lock(path)
        return
    if m.builders(path, current):
        container[key] = to_yaml_value(value)
        m.changed = True
    else:
        m.lock(path)


def _merge_list(
    current: Any, current_items: dict[str, Any], new_items: dict[str, Any], path: str, m: _Merge
) -> Any:
    merged: dict[str, Any] = {}
    for item_path, value in new_items.items():
        if item_path in current_items:
            item = current_items[item_path]
            if is_locked(item_path, m.locked):
                merged[item_path] = item
            elif isinstance(item, CommentedMap):
                _merge_map(item, value, item_path, m)
                merged[item_path] = item
            else:
                merged[item_path] = to_yaml_value(value)
                m.changed = True
        elif (
            path != "sources"  # membership is decided in curation.yml, never by deleting an entry
            and m.base is not None
            and item_path in m.base
            and item_path not in m.released
        ):
            m.lock(item_path)  # a person deleted it: keep it deleted
        else:
            merged[item_path] = to_yaml_value(value)
            m.changed = True
    for item_path, item in current_items.items():
        if item_path in merged:
            continue
        builders = m.base is None or item_path in m.base
        if is_locked(item_path, m.locked) or not builders:
            merged[item_path] = item  # a person's own entry, or one they locked
        else:
            if not m.builders(item_path, item):
                m.dropped_edits.append(item_path)
            m.changed = True
    order = list(current_items)
    person_order = [p for p in order if p in merged]
    builder_order = [p for p in new_items if p in current_items and p in merged]
    if [p for p in person_order if p in new_items] == builder_order:
        # Not reordered by hand: the builder's order, with people's own entries kept after the
        # entry they followed.
        result = [p for p in new_items if p in merged]
        for p in person_order:
            if p not in new_items:
                before = order[: order.index(p)]
                anchor = next((b for b in reversed(before) if b in result), None)
                result.insert(result.index(anchor) + 1 if anchor else 0, p)
    else:
        result = person_order + [p for p in new_items if p in merged and p not in person_order]
    if result != order:
        m.changed = True
    if not m.changed and result == order:
        return current
    seq = current if isinstance(current, CommentedSeq) else CommentedSeq()
    items = [merged[p] for p in result]
    seq.clear()
    seq.extend(items)
    return seq


@dataclass(frozen=True)
class Merged:
    text: str | None  # None: the file needs no change
    newly_locked: tuple[str, ...]
    dropped_edits: tuple[str, ...]  # entries the builder removed that held a person's edits


class _NoDay(str):
    """A value written like a date that does not exist ('notes: 2024-02-30'): kept as the text
    it is, and written back as it was, where ruamel would raise a ValueError (see
    check.YamlLoader, which reads such values as text too)."""


class _Constructor(RoundTripConstructor):
    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return _NoDay(self.construct_scalar(node))


class _Representer(RoundTripRepresenter):
    pass


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)
# With the timestamp tag it reads as implicit, so it is written plain, as the person wrote it.
_Representer.add_representer(
    _NoDay, lambda r, v: r.represent_scalar("tag:yaml.org,2002:timestamp", str(v))
)


def _yaml() -> YAML:
    rt = YAML(typ="rt")
    rt.Constructor, rt.Representer = _Constructor, _Representer
    rt.width = 100
    rt.preserve_quotes = True
    rt.indent(mapping=2, sequence=2, offset=0)
    # `null` rather than ruamel's empty value: the same as the fast dumper writes for new files.
    rt.representer.add_representer(type(None), _null)
    return rt


def _null(representer: Any, _: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def current_locked(document: Any) -> set[str]:
    locked = document.get(LOCKED) if isinstance(document, Mapping) else None
    return {str(p) for p in locked} if isinstance(locked, list) else set()


def merge(current_text: str, new: Mapping[str, Any], state: State | None) -> Merged:
    """The file's text with the builder's new values merged in and every person's edit kept."""
    rt = _yaml()
    document = rt.load(current_text)
    locked = current_locked(document)
    released = set(state.locked) - locked if state else set()
    m = _Merge(state.fields if state else None, locked, released)
    _merge_map(document, new, "", m)
    if m.newly_locked:
        document[LOCKED] = CommentedSeq(sorted(m.locked))
        m.changed = True
    if not m.changed:
        return Merged(None, (), tuple(m.dropped_edits))
    out = io.StringIO()
    rt.dump(document, out)
    return Merged(out.getvalue(), tuple(m.newly_locked), tuple(m.dropped_edits))
