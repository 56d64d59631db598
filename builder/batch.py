"""Stages 1 and 2 over a whole archive: read, clean and extract every article, in parallel.

Articles are independent of each other until grouping, so this is the work that scales out: a
pool of worker processes runs `read.read_article` and `extract.extract` (pure functions) on the
articles the per-article cache (cache.py) does not already hold. The results come back in the
order of the files, so the output is the same with one worker or many.
"""

from __future__ import annotations

import multiprocessing
import pickle
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from itertools import chain
from pathlib import Path
from typing import Any

from builder import cache, duplicates, evidence, read
from builder.cache import ArticleCache, Entry, FileState, content_hash, cpu_count, long_lived
from builder.models import ArticleFacts, Problem

# The stages whose per-article functions (cache.per_article) run here, in the workers.
LATER_STAGES = (duplicates, evidence)
# Below this many articles per worker, starting processes costs more than it saves.
MIN_ARTICLES_PER_WORKER = 16
STORE_BATCH = 500
# With this many unchanged articles to load from the cache, even one article to extract is
# extracted in a forked process, beside the loading.
BESIDE_CACHED = 1000


@dataclass(frozen=True)
class _Job:
    id: str
    path: Path
    articles_dir: Path
    today: date


@dataclass(frozen=True)
class _Done:
    id: str
    # The facts travel pickled once, as the cache stores them; the main process unpickles them.
    result: Entry | Problem  # problems are not cached: they are rare, and depend on the date


def _run(job: _Job) -> _Done:
    """Read and extract one article; runs in a worker, so it takes and returns plain data."""
    # Imported here: a build that extracts nothing, or a few articles in a forked process,
    # does not compile the extraction's patterns in its own process.
    from builder import extract

    try:
        state = FileState.of(job.path)
    except OSError:
        state = FileState(-1, -1)
    article = read.read_article(job.path, job.articles_dir, job.today)
    if isinstance(article, Problem):
        return _Done(job.id, article)
    facts = extract.extract(article)
    cache.derive(facts)
    blob = pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL)
    return _Done(job.id, Entry(job.id, article.content_hash, state, blob))


# An article with a place, a date, a toll and an attack, for _warm_up.
_WARM_UP = (
    b"Gunman kills two at market\n\nMOSUL, Iraq - Two people were killed and five wounded"
    b" when a gunman opened fire at a market on Tuesday, 3 March 2020, police said.\n"
)


def _warm_up() -> None:
    """Load what extracting an article needs: the gazetteer, and the patterns and word lists
    that the extraction modules compile or load when they are first used (an article extracted
    in a fresh process took a tenth of a second more than the next)."""
    from builder import extract, places

    try:
        places.gazetteer()
        article = read.parse_article("warm-up.txt", _WARM_UP, date(2020, 3, 3))
        cache.derive(extract.extract(article))
    except Exception:
        # Only a head start: what fails here fails again on the first article, in _run, which
        # reports it. Raised here, it would make the pool start the process again and again.
        return


class Extractor:
    """A process forked when a build starts that gets ready to extract articles (_warm_up), for
    the few new or edited articles of a build after an earlier one: loading the gazetteer and
    the patterns then overlaps the build's start-up and the loading of the cached articles,
    instead of starting once the files were compared with the cache.
    """

    def __init__(self, warm: bool) -> None:
        self.pool: Any = multiprocessing.get_context().Pool(1, _warm_up) if warm else None

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool = None


@contextmanager
def _extracting(
    jobs: list[_Job], workers: int, beside: bool, extractor: Extractor | None
) -> Iterator[Iterator[_Done]]:
    """The jobs' results, in their order. With `beside`, jobs too few to share out run in one
    forked process (the extractor's, when it has one), so that they overlap what this process
    does meanwhile."""
    shared = min(workers, len(jobs) // MIN_ARTICLES_PER_WORKER)
    here = shared <= 1 and not (beside and jobs and workers > 1)
    if not here and shared <= 1 and extractor is not None and extractor.pool is not None:
        yield extractor.pool.imap(_run, jobs)
        return
    if extractor is not None:
        # Not needed (nothing to extract, or too few cached articles to extract beside): its
        # warm-up would take the other core, and its gazetteer memory, until the build ends.
        extractor.close()
    if here:
        yield map(_run, jobs)
        return
    if shared > 1:
        from builder import places

        # Load the whole gazetteer once here: forked workers share it instead of each loading
        # the parts they look into.
        places.gazetteer().load_whole()
    processes = max(shared, 1)
    # Small chunks: at the end one worker finishes its last chunk while the other has none left
    # (64 articles were some 0.4 s of one core).
    chunk = max(1, min(16, len(jobs) // (processes * 8)))
    with multiprocessing.get_context().Pool(processes) as pool:
        yield pool.imap(_run, jobs, chunksize=chunk)


def read_and_extract(
    paths: Sequence[Path],
    articles_dir: Path,
    cache_dir: Path | None = None,
    workers: int | None = None,
    today: date | None = None,
    progress: Callable[[str], None] = lambda _: None,
    read_only: bool = False,
    meanwhile: Callable[[], None] = lambda: None,
    extractor: Extractor | None = None,
    to_extract: Callable[[int], None] = lambda _: None,
) -> tuple[list[ArticleFacts], list[Problem]]:
    """Facts of every readable article, in the order of `paths`, and the problems of the rest.

    `read_only`: use the cache, change nothing in it (ArticleCache). `meanwhile` runs while
    articles are extracted in other processes, once the cached ones are loaded. `extractor`:
    a process ready to extract a few articles. `to_extract` is told how many articles are to be
    extracted, before any is loaded or extracted."""
    today = today or date.today()
    ids = [read.article_id(path, articles_dir) for path in paths]
    with ArticleCache(cache_dir, read_only=read_only) as store:
        known = store.hashes()
        wanted: dict[str, str] = {}
        touched: dict[str, FileState] = {}
        for ident, path in zip(ids, paths, strict=True):
            if ident not in known:
                continue
            stored_hash, stored_state = known[ident]
            try:
                state = FileState.of(path)
                if state != stored_state:
                    # Touched, checked out or edited: only the bytes can tell.
                    if content_hash(path.read_bytes()) != stored_hash:
                        continue
                    touched[ident] = state
            except OSError:
                continue  # the worker reports the problem
            wanted[ident] = stored_hash
        jobs = [
            _Job(ident, path, articles_dir, today)
            for ident, path in zip(ids, paths, strict=True)
            if ident not in wanted
        ]
        to_extract(len(jobs))
        count = workers or cpu_count()
        progress(
            f"{len(wanted)} articles unchanged since the last build; extracting {len(jobs)}"
            f" with {min(count, max(1, len(jobs)))} worker(s)"
        )
        results: dict[str, ArticleFacts | Problem] = {}
        entries: list[Entry] = []
        # The new and edited articles are extracted while the unchanged ones are loaded (in a
        # forked process even when they are few): loading the gazetteer to extract one article
        # took as long as loading 5,000 articles' facts, and on two cores the two overlap.
        with _extracting(jobs, count, len(wanted) >= BESIDE_CACHED, extractor) as extracted:
            found = store.load(wanted)
            store.touch({i: s for i, s in touched.items() if i in found})
            results.update(found)
            meanwhile()
            gone = [  # entries another build removed since they were listed: extract them too
                _Job(ident, path, articles_dir, today)
                for ident, path in zip(ids, paths, strict=True)
                if ident in wanted and ident not in found
            ]
            for done in chain(extracted, map(_run, gone)):
                if isinstance(done.result, Problem):
                    results[done.id] = done.result
                    continue
                with long_lived():  # as the cached facts: they live until the build ends
                    results[done.id] = pickle.loads(done.result.facts)
                entries.append(done.result)
                if len(entries) >= STORE_BATCH:  # the pickled facts are big; do not hoard them
                    store.store(entries)
                    entries.clear()
        store.store(entries)
        store.keep_only(ids)
        facts = [r for i in ids if isinstance(r := results[i], ArticleFacts)]
        store.bundle(facts)
    problems = [r for i in ids if isinstance(r := results[i], Problem)]
    return facts, problems
