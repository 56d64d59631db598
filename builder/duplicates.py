"""Find articles that copy one another: the same file twice, or one wire story on two sites.

A copy is not an independent source. Counting it twice would make one agency's report look like
two confirmations, so copies are flagged (`duplicate_of`) and left out of the best estimates.

Near-duplicates are found with word shingles: every run of five words in the text. Only a fixed
sample of shingles is kept (those whose hash falls in one bucket of eight), which keeps the index
small while two copies of one story still share most of their sample. Candidate pairs come from
an inverted index over that sample, so the work grows with the number of real overlaps, not with
the square of the number of articles. A pair is a copy when most of the shorter text's sample
appears in the longer one (containment), which also catches a story one site trimmed.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from builder.cache import per_article
from builder.models import Article
from builder.text import fold

SHINGLE_WORDS = 5
SAMPLE_BUCKETS = 8  # keep one shingle in eight
MIN_SHARED = 4  # sampled shingles two copies must share, so short texts cannot match by chance
CONTAINMENT = 0.7
# Shingles found in more articles than this are stock phrases, not evidence of copying.
MAX_POSTINGS = 50

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Duplicate:
    article: str  # id of the copy
    # id of the article it copies: one already in the archive, else the earliest published, else
    # the first by id; so adding a copy never displaces the article readers already know
    original: str
    exact: bool  # the same words, not just mostly the same


def _words(article: Article) -> list[str]:
    return _WORD.findall(fold(article.text))


@per_article
def fingerprint(article: Article) -> str:
    """A hash of the article's words: two files with the same words are the same article."""
    return hashlib.sha256(" ".join(_words(article)).encode()).hexdigest()


@per_article
def sample(article: Article) -> frozenset[int]:
    words = _words(article)
    hashes = (
        zlib.crc32(" ".join(words[i : i + SHINGLE_WORDS]).encode())
        for i in range(max(1, len(words) - SHINGLE_WORDS + 1))
    )
    return frozenset(h for h in hashes if h % SAMPLE_BUCKETS == 0)


def find(articles: Sequence[Article], archived: Collection[str] = ()) -> list[Duplicate]:
    """Every article that copies another, with the article it copies; deterministic.

    `archived` holds the ids of articles already published in the archive.
    """

    def order(article: Article) -> tuple[bool, date, str]:
        return (article.id not in archived, article.published or date.max, article.id)

    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    exact_keys: dict[str, int] = {}
    exact: set[int] = set()
    for index, article in enumerate(articles):
        key = fingerprint(article)
        if key in exact_keys:
            join(exact_keys[key], index)
            exact.add(index)
        else:
            exact_keys[key] = index

    samples = [sample(a) for a in articles]
    postings: dict[int, list[int]] = defaultdict(list)
    for index, shingles in enumerate(samples):
        if index not in exact:
            for shingle in shingles:
                postings[shingle].append(index)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for members in postings.values():
        if len(members) > MAX_POSTINGS:
            continue
        for position, i in enumerate(members):
            for j in members[position + 1 :]:
                shared[(i, j)] += 1
    for (i, j), count in sorted(shared.items()):
        smaller = min(len(samples[i]), len(samples[j]))
        if count >= MIN_SHARED and count / smaller >= CONTAINMENT:
            join(i, j)

    clusters: dict[int, list[int]] = defaultdict(list)
    for index in range(len(articles)):
        clusters[root(index)].append(index)
    found: list[Duplicate] = []
    for members in clusters.values():
        if len(members) < 2:
            continue
        original = min(members, key=lambda i: order(articles[i]))
        original_words = fingerprint(articles[original])
        for index in members:
            if index != original:
                same = fingerprint(articles[index]) == original_words
                found.append(Duplicate(articles[index].id, articles[original].id, same))
    return sorted(found, key=lambda d: d.article)


def same_article(copy: Article, original: Article) -> bool:
    """The same text from the same place: a file added twice, not a story two sites ran."""
    return copy.outlet == original.outlet and (
        copy.url == original.url or None in (copy.url, original.url)
    )
