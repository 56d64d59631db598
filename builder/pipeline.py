"""Run the stages in order: read -> extract -> group -> relate -> store.

This is the only place that knows the order of the stages; each stage is a module of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from builder import add, batch, cache, curation, duplicates, group, read, regroup, relate, store
from builder.models import ArticleFacts, BuildResult, Incident, Problem

# The cache's memo of consolidated incidents (curation.assemble).
CONSOLIDATED = "consolidated"
# What relating found, kept in the cache for the next build (relate.relate_again).
RELATED = "related"


@dataclass(frozen=True)
class BuildOptions:
    articles_dir: Path
    content_dir: Path
    dry_run: bool = False  # plan the writes, change nothing
    cache_dir: Path | None = None  # per-article cache (cache.py); None: extract every article
    workers: int | None = None  # processes for reading and extraction; None: one per core
    full: bool = False  # group every article with fresh term counts (regroup.py)


def build(options: BuildOptions, progress: Callable[[str], None] = lambda _: None) -> BuildResult:
    # The writing stage's workers are forked while this process holds no article
    # (store.Renderer): first, or, after an earlier build, once the articles to extract are
    # known, if they are enough to make as many records to render (an added article makes a few,
    # and its build need not fork and stop them). So is a process that gets ready to extract the
    # few articles a build after an earlier one has to (batch.Extractor).
    workers = options.workers or cache.cpu_count()
    earlier = options.cache_dir is not None and cache.ArticleCache.exists(options.cache_dir)
    with (
        store.Renderer(workers, start=not earlier) as renderer,
        batch.Extractor(earlier and workers > 1) as extractor,
    ):
        return _build(options, progress, renderer, extractor)


def _build(
    options: BuildOptions,
    progress: Callable[[str], None],
    renderer: store.Renderer,
    extractor: batch.Extractor,
) -> BuildResult:
    decisions = curation.load(options.content_dir)  # CurationError: build nothing
    others: list[str] = []
    paths = read.discover(options.articles_dir, others)
    progress(f"reading {len(paths)} article files from {options.articles_dir}")
    earlier: list[_Earlier] = []

    def read_earlier() -> None:
        earlier.append(_Earlier.read(options))

    # What the last build left is read while new articles are extracted in other processes (for
    # an added article, a forked process loads the gazetteer meanwhile, the longer of the two).
    facts, problems = batch.read_and_extract(
        paths,
        options.articles_dir,
        options.cache_dir,
        options.workers,
        progress=progress,
        read_only=options.dry_run,
        meanwhile=read_earlier,
        extractor=extractor,
        to_extract=lambda jobs: renderer.start() if jobs >= store.MIN_RECORDS_TO_SHARE else None,
    )
    problems += map(read.not_an_article, others)
    previous = earlier[0].published
    placed = previous.article_incidents()  # made once: it goes over every published article
    copies, copy_problems = _copies(facts, placed)
    problems += copy_problems
    facts = [f for f in facts if f.id not in decisions.excluded]
    redirects = curation.load_redirects(options.content_dir).targets
    errors, warnings = curation.unknown_references(
        curation.curation_path(options.content_dir),
        decisions,
        {f.id for f in facts} | decisions.excluded,
        set(previous.members) | set(redirects),
    )
    if errors:
        raise curation.CurationError(errors)
    problems += [Problem(str(w.file), f"line {w.line}: {w.message}", w.field) for w in warnings]
    progress("grouping articles into incidents")
    # An article whose lead reports no event (a profile, a follow-up) still joins the incident it
    # is about; a group in which no article reports an event is not an incident. An editor's pin
    # outranks the extractor's guess that an article reports no incident.
    grouped = regroup.regroup(facts, earlier[0].snapshot, options.full)
    earlier[0].snapshot = None  # it holds every article's weighted terms: not kept while writing
    if not grouped.full:
        progress(
            f"regrouped {grouped.regrouped} of {len(facts)} articles, with the term counts of the"
            " last full grouping (`build --full` groups all with fresh counts)"
        )
    if not options.dry_run:
        regroup.save(options.cache_dir, grouped.snapshot)
    groups = [
        g
        for g in grouped.groups
        if any(facts[i].reports_incident or facts[i].id in decisions.pins for i in g.members)
    ]
    del grouped  # its snapshot holds every article's weighted terms: not kept while writing
    reporting = [facts[i] for g in groups for i in g.members]
    kept = {f.id for f in reporting}
    problems += [
        Problem(f.id, "reports no incident (no attack, death or other event in its lead); skipped")
        for f in facts
        if f.id not in kept
    ]
    placement = curation.place(
        [f.id for f in reporting],
        [[facts[i].id for i in g.members] for g in groups],
        _with_renames(previous, facts, placed),
        decisions,
        redirects,
        copies,
    )
    notes = {f.id: curation.note_for(f.id, f.article.outlet, decisions, copies) for f in reporting}
    consolidated = earlier[0].consolidated
    incidents = curation.assemble(
        placement, {f.id: f for f in reporting}, notes, previous.members, consolidated
    )
    if not options.dry_run:
        cache.save_memo(options.cache_dir, CONSOLIDATED, consolidated)
    incidents = group.with_roundups(incidents, groups, facts)
    progress(f"relating {len(incidents)} incidents")
    incidents, relations = relate.relate_again(incidents, earlier[0].related)
    if not options.dry_run and relations != earlier[0].related:
        cache.save_pickle(options.cache_dir, RELATED, relations)
    problems += [  # said on every build: the fix is the contributor's, in the article file
        Problem(f.id, f"{why}; add `published: YYYY-MM-DD` to its front matter", "published")
        for i in incidents
        if i.date is None
        for f in i.sources
        if (why := add.missing_date(f))
    ]
    progress(f"writing {len(incidents)} incidents")
    plan = store.plan_writes(
        incidents,
        options.content_dir,
        previous,
        notes,
        placement.redirects,
        earlier[0].written,
        renderer,
        write_as_planned=not options.dry_run,
    )
    problems += plan.problems
    for message in plan.notes:
        progress(message)
    if not options.dry_run:
        store.apply(plan)
        store.remember(options.content_dir, options.cache_dir, plan)
        with cache.ArticleCache(options.cache_dir) as memo:
            memo.remember_written(plan.keys)
    return BuildResult(
        articles_read=len(facts),
        incidents_written=len(incidents),
        problems=tuple(problems),
        changed_files=tuple(sorted([*plan.write, *plan.written, *plan.remove])),
        refused=plan.refused,
    )


@dataclass
class _Earlier:
    """What the last build left that this one starts from, besides the cached facts."""

    published: store.Published  # the incident files
    snapshot: regroup.Snapshot | None  # the grouping
    consolidated: cache.Memo[Incident]  # consolidated incidents (curation.assemble)
    related: dict[str, relate.Known]  # relate.relate_again
    written: dict[str, str]  # the keys of the records written (store.plan_writes)

    @classmethod
    def read(cls, options: BuildOptions) -> _Earlier:
        folder = options.cache_dir
        related = cache.load_pickle(folder, RELATED)
        with cache.ArticleCache(folder, read_only=True) as memo:
            written = memo.written()
        return cls(
            store.published(options.content_dir, folder, read_only=options.dry_run),
            regroup.load(folder),
            cache.load_memo(folder, CONSOLIDATED),
            related if isinstance(related, dict) else {},
            written,
        )


def _with_renames(
    previous: store.Published, facts: list[ArticleFacts], placed: dict[str, str]
) -> dict[str, str]:
    """Where each article was published (`placed`: previous.article_incidents()); a moved or
    renamed file keeps its incident."""
    moved = previous.renamed({f.id: f.article.content_hash for f in facts}, placed)
    return {**placed, **{new: placed[old] for new, old in moved.items() if old in placed}}


def _copies(
    facts: list[ArticleFacts], archived: Collection[str]
) -> tuple[dict[str, str], list[Problem]]:
    """Copies (copy -> original) and a note on each: a copy stays listed, it is not counted."""
    by_id = {f.id: f for f in facts}
    copies: dict[str, str] = {}
    notes: list[Problem] = []
    for found in duplicates.find([f.article for f in facts], archived):
        copy, original = by_id[found.article].article, by_id[found.original].article
        copies[found.article] = found.original
        if found.exact and duplicates.same_article(copy, original):
            message = (
                f"is the same article as {found.original}; listed once more as a copy, not"
                " counted as a second source; delete one of the two files"
            )
        else:
            message = (
                f"copies {found.original} (the same wire story); listed as a copy, not counted"
                " as an independent source"
            )
        notes.append(Problem(found.article, message))
    return copies, notes
