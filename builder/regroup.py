"""Incremental grouping: group again only the articles around what changed.

Grouping weighs terms by their rarity in the whole archive (IDF), so one new article changes
every weight, and grouping exactly as a full build would means grouping everything again. So a
full grouping freezes the term counts it used and keeps them, with the clusters it made, in a
snapshot beside the per-article cache (`grouping.pickle`). A later build weighs with the frozen
counts (a term they lack counts as in one article): an article whose bytes did not change then
keeps exactly its weights, and every pair of such articles exactly its similarity.

A build then clusters again only the region of the change: the added and edited articles, the
clusters they or removed articles were in, and the clusters of every article that is a candidate
pair of an added or edited article with a similarity that could merge them (group.MERGE_THRESHOLD
or more). The region is clustered from scratch, with the candidate pairs inside it; every other
cluster stays as stored. Roundups are looked for again over all clusters. An incremental build
of unchanged articles therefore changes nothing; what it may miss is a knock-on effect beyond the
region (a cluster outside it that would now merge differently), which the next full grouping
settles. An article's roundups (the other clusters it reports) are looked for again only when
they can have changed: the article changed, or its cluster, or a cluster it reported, or a
cluster of the days it tells of is new.

Everything is grouped again with fresh counts (`build --full`) on request, when the snapshot is
missing or damaged, when the builder changed (its version, as the cache's), and when more
articles than REFREEZE of those counted were added, edited or removed since the counts were
frozen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from builder import cache, evidence, group
from builder.models import ArticleFacts

SNAPSHOT = "grouping"  # .cache/grouping.pickle
# Share of the articles counted at the last full grouping that may be added, edited or removed
# before the term counts are counted again: up to it, a term's weight drifts by a few percent.
REFREEZE = 0.1


@dataclass(frozen=True)
class Snapshot:
    """What a grouping needs from the last one: the frozen term counts and the clusters."""

    rarity: evidence.Rarity  # the frozen term counts
    drift: int  # articles added, edited or removed since the counts were frozen
    hashes: dict[str, str]  # article id -> content hash of the bytes grouped
    clusters: list[tuple[str, ...]]  # every cluster, as article ids
    reports: dict[str, tuple[tuple[str, ...], ...]]  # article id -> the clusters it is a roundup of
    # The rows weighed with the frozen counts, in the order of the article ids: an unchanged
    # article's row is taken from it, not weighed again (evidence.weigh).
    weighted: evidence.Weighted


@dataclass(frozen=True)
class Regrouped:
    groups: list[group.Group]
    snapshot: Snapshot
    full: bool  # everything was grouped with fresh counts
    regrouped: int  # articles clustered again (all of them in a full grouping)


def load(folder: Path | None) -> Snapshot | None:
    """The stored snapshot, or None when there is none usable (then the grouping is full)."""
    found = cache.load_pickle(folder, SNAPSHOT)
    return found if isinstance(found, Snapshot) else None


def save(folder: Path | None, snapshot: Snapshot) -> None:
    cache.save_pickle(folder, SNAPSHOT, snapshot)


def changes(facts: Sequence[ArticleFacts], snapshot: Snapshot, changed: Set[str]) -> int:
    """Articles added, edited or removed since the snapshot; `changed` are those added or edited
    (_changed)."""
    # Those of the snapshot not present now: the present ones it holds are all it holds but for
    # the removed ones, and each present article is in it unless added.
    kept = len(facts) - sum(1 for ident in changed if ident not in snapshot.hashes)
    return len(changed) + len(snapshot.hashes) - kept


def _changed(facts: Sequence[ArticleFacts], snapshot: Snapshot) -> set[str]:
    """Ids of the articles added or edited since the snapshot."""
    hashes = snapshot.hashes
    return {f.id for f in facts if hashes.get(f.id) != f.article.content_hash}


def regroup(
    facts: Sequence[ArticleFacts], previous: Snapshot | None, full: bool = False
) -> Regrouped:
    """Group the articles, reusing what `previous` holds unless a full grouping is due."""
    changed = _changed(facts, previous) if previous is not None else set()
    drift = changes(facts, previous, changed) if previous is not None else 0
    if previous is not None and not full:
        full = previous.drift + drift > REFREEZE * previous.rarity.articles
    base = None if full or previous is None else previous
    rarity = None if base is None else base.rarity
    counted: list[evidence.Rarity] = []
    weighed: list[evidence.Weighted] = []
    region_size = [len(facts)]

    def earlier(ordered: Sequence[ArticleFacts]) -> tuple[evidence.Weighted | None, list[int]]:
        if base is None:
            return None, []
        row = {ident: number for number, ident in enumerate(sorted(base.hashes))}
        ids = [f.id for f in ordered]
        return base.weighted, [-1 if ident in changed else row[ident] for ident in ids]

    def settled(
        ordered: Sequence[ArticleFacts],
        pairs: Callable[[Set[int]], list[tuple[int, int]]],
        weighted: evidence.Weighted,
        score: Callable[[list[int], list[int]], list[float]],
    ) -> list[list[int]]:
        weighed.append(weighted)
        if base is None:
            assert weighted.rarity is not None  # weighed without frozen counts: it counted
            counted.append(weighted.rarity)
            return []
        kept = _outside(ordered, pairs, score, base, changed)
        region_size[0] = len(ordered) - sum(len(c) for c in kept)
        return kept

    def recalled(
        ordered: Sequence[ArticleFacts], clusters: list[list[int]]
    ) -> dict[int, list[int]]:
        return {} if base is None else _recalled(ordered, clusters, base, changed)

    groups = group.group(facts, rarity, settled, recalled, earlier)
    clusters = [tuple(sorted(facts[i].id for i in g.members)) for g in groups]
    reports: dict[str, list[tuple[str, ...]]] = {}
    for found, members in zip(groups, clusters, strict=True):
        for i in found.secondary:
            reports.setdefault(facts[i].id, []).append(members)
    snapshot = Snapshot(
        rarity if rarity is not None else counted[0],
        0 if base is None else base.drift + drift,
        {f.id: f.article.content_hash for f in facts},
        clusters,
        {ident: tuple(sorted(found)) for ident, found in reports.items()},
        weighed[0],
    )
    return Regrouped(groups, snapshot, base is None, region_size[0])


def _outside(
    ordered: Sequence[ArticleFacts],
    pairs: Callable[[Set[int]], list[tuple[int, int]]],
    score: Callable[[list[int], list[int]], list[float]],
    base: Snapshot,
    changed_ids: Set[str],
) -> list[list[int]]:
    """The stored clusters outside the region of the change, as indexes into `ordered`;
    `changed_ids` are the articles added or edited since the snapshot."""
    row = {f.id: index for index, f in enumerate(ordered)}
    changed = {row[ident] for ident in changed_ids}
    touching = pairs(changed)
    scores = score([i for i, _ in touching], [j for _, j in touching])
    region = set(changed)
    for (i, j), similarity in zip(touching, scores, strict=True):
        if similarity >= group.MERGE_THRESHOLD:
            region.update((i, j))
    kept: list[list[int]] = []
    for cluster in base.clusters:
        rows = [row[ident] for ident in cluster if ident in row]
        if len(rows) == len(cluster) and not region.intersection(rows):
            kept.append(rows)
    return kept


def _recalled(
    ordered: Sequence[ArticleFacts],
    clusters: list[list[int]],
    base: Snapshot,
    changed_ids: Set[str],
) -> dict[int, list[int]]:
    """The articles whose roundups are as the snapshot has them, with the numbers of the
    clusters they report: the article and its cluster are unchanged, and so is every cluster it
    reported, and no cluster of the days it tells of (evidence.AGREE_DAYS either side) is new.
    A cluster is unchanged when it has the same articles as one in the snapshot, with the same
    bytes. Unchanged articles keep their weights, so the likeness of unchanged clusters to them
    is as before. `changed_ids` are the articles added or edited since the snapshot."""
    changed = {i for i, f in enumerate(ordered) if f.id in changed_ids}
    known = set(base.clusters)
    number: dict[tuple[str, ...], int] = {}
    home: dict[int, int] = {}
    new_days: set[date] = set()
    for n, members in enumerate(clusters):
        # `ordered` is in the order of the ids: the rows sorted are the ids sorted.
        ids = tuple(ordered[i].id for i in sorted(members))
        if ids in known and changed.isdisjoint(members):
            number[ids] = n
        else:
            events = (evidence.article_evidence(ordered[i]).when.event for i in members)
            new_days.update(day for day in events if day)
        home.update(dict.fromkeys(members, n))
    unchanged_homes = set(number.values())
    # The days an aside may tell of to be near a new cluster's day (one set for all articles).
    shifts = range(-evidence.AGREE_DAYS, evidence.AGREE_DAYS + 1)
    near_new = {day + timedelta(days=shift) for day in new_days for shift in shifts}
    found: dict[int, list[int]] = {}
    for i, f in enumerate(ordered):
        if i in changed or home[i] not in unchanged_homes:
            continue
        if not near_new.isdisjoint(evidence.article_evidence(f).terms.aside_days):
            continue
        reported = base.reports.get(f.id)
        if not reported:  # most articles report no other cluster
            found[i] = []
        elif all(ids in number for ids in reported):
            found[i] = sorted(number[ids] for ids in reported)
    return found
