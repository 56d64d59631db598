"""Run the stages in order: read -> extract -> group -> relate -> store.

This is the only place that knows the order of the stages; each stage is a module of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from builder import batch, consolidate, group, read, relate, store
from builder.models import BuildResult, Problem


@dataclass(frozen=True)
class BuildOptions:
    articles_dir: Path
    content_dir: Path
    dry_run: bool = False  # plan the writes, change nothing
    cache_dir: Path | None = None  # per-article cache (cache.py); None: extract every article
    workers: int | None = None  # processes for reading and extraction; None: one per core


def build(options: BuildOptions, progress: Callable[[str], None] = lambda _: None) -> BuildResult:
    paths = read.discover(options.articles_dir)
    progress(f"reading {len(paths)} article files from {options.articles_dir}")
    facts, problems = batch.read_and_extract(
        paths, options.articles_dir, options.cache_dir, options.workers, progress=progress
    )
    reporting = [f for f in facts if f.reports_incident]
    problems += [
        Problem(f.id, "reports no incident (no attack, death or other event in its lead); skipped")
        for f in facts
        if not f.reports_incident
    ]
    progress("grouping articles into incidents")
    groups = group.group(reporting)
    incidents = [consolidate.consolidate([reporting[i] for i in g.members]) for g in groups]
    incidents = store.keep_ids(incidents, store.existing_ids_by_article(options.content_dir))
    progress(f"relating {len(incidents)} incidents")
    incidents = relate.relate(incidents)
    plan = store.plan_writes(incidents, options.content_dir)
    if not options.dry_run:
        store.apply(plan)
    return BuildResult(
        articles_read=len(facts),
        incidents_written=len(incidents),
        problems=tuple(problems),
        changed_files=tuple(sorted([*plan.write, *plan.remove])),
    )
