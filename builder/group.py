"""Stage 3: group articles that report the same incident.

Two articles are compared only when they share a distinctive word (blocking through an inverted
index), so the work grows with the number of plausible pairs, not with the square of the number
of articles. A pair's similarity is the cosine of their distinctive words, weighted by how rare
each word is, and is vetoed when the two report different dates, weekdays or cities. Articles are
then merged by average-link clustering on that sparse graph: a group joins another only when its
members are similar on average, so one shared name cannot chain two incidents together.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from builder.models import ArticleFacts

MERGE_THRESHOLD = 0.14
MAX_DAYS_APART = 1
# Words in more than this share of articles are topic words, not evidence of the same incident.
MAX_DOCUMENT_SHARE = 0.05
MIN_DOCUMENT_CAP = 6


@dataclass(frozen=True)
class Group:
    members: tuple[int, ...]  # indexes into the list of facts, ascending


def _weights(facts: Sequence[ArticleFacts]) -> list[dict[str, float]]:
    frequency: dict[str, int] = defaultdict(int)
    for item in facts:
        for word in item.signature:
            frequency[word] += 1
    total = len(facts)
    vectors = []
    for item in facts:
        vector = {w: math.log((1 + total) / (1 + frequency[w])) + 1 for w in item.signature}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors.append({w: v / norm for w, v in vector.items()})
    return vectors


def compatible(a: ArticleFacts, b: ArticleFacts) -> bool:
    """False when the two articles cannot report the same incident."""
    da, db = a.event_date, b.event_date
    if da and db:
        both_days = bool(da.value and db.value and da.precision == db.precision == "day")
        if both_days and da.value and db.value:
            if abs((da.value - db.value).days) > MAX_DAYS_APART:
                return False
        elif da.weekday is not None and db.weekday is not None and da.weekday != db.weekday:
            return False
    pa, pb = a.place, b.place
    if pa and pb and pa.country and pb.country and pa.country != pb.country:
        return False
    return not (
        pa and pb and pa.city and pb.city and pa.city != pb.city and pa.country == pb.country
    )


def candidate_pairs(facts: Sequence[ArticleFacts]) -> dict[tuple[int, int], float]:
    """Similarity of every pair that shares a distinctive word and could be the same incident."""
    vectors = _weights(facts)
    postings: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(facts):
        for word in item.signature:
            postings[word].append(index)
    cap = max(MIN_DOCUMENT_CAP, int(MAX_DOCUMENT_SHARE * len(facts)))
    similarity: dict[tuple[int, int], float] = defaultdict(float)
    for word, members in postings.items():
        if len(members) < 2 or len(members) > cap:
            continue
        for position, i in enumerate(members):
            weight_i = vectors[i][word]
            for j in members[position + 1 :]:
                similarity[(i, j)] += weight_i * vectors[j][word]
    return {
        pair: score
        for pair, score in similarity.items()
        if score >= MERGE_THRESHOLD and compatible(facts[pair[0]], facts[pair[1]])
    }


def group(facts: Sequence[ArticleFacts]) -> list[Group]:
    """Average-link clustering over the sparse similarity graph; deterministic."""
    pairs = candidate_pairs(facts)
    members: dict[int, list[int]] = {i: [i] for i in range(len(facts))}
    # linkage[a][b] = sum of pair similarities between clusters a and b
    linkage: dict[int, dict[int, float]] = defaultdict(dict)
    for (i, j), score in pairs.items():
        linkage[i][j] = score
        linkage[j][i] = score
    heap = [(-score, i, j) for (i, j), score in pairs.items()]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        average = linkage[a].get(b, 0.0) / (len(members[a]) * len(members[b]))
        if abs(average + negative) > 1e-12:
            continue  # stale entry; the current average was pushed separately
        if average < MERGE_THRESHOLD or not _all_compatible(facts, members[a], members[b]):
            continue
        members[a].extend(members.pop(b))
        for other, score in linkage.pop(b).items():
            linkage[other].pop(b, None)
            if other == a:
                continue
            linkage[a][other] = linkage[a].get(other, 0.0) + score
            linkage[other][a] = linkage[a][other]
        for other, score in linkage[a].items():
            updated = score / (len(members[a]) * len(members[other]))
            if updated >= MERGE_THRESHOLD:
                heapq.heappush(heap, (-updated, min(a, other), max(a, other)))
    return sorted((Group(tuple(sorted(m))) for m in members.values()), key=lambda g: g.members[0])


def _all_compatible(facts: Sequence[ArticleFacts], left: list[int], right: list[int]) -> bool:
    return all(compatible(facts[i], facts[j]) for i in left for j in right)
