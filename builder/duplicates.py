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
import itertools
import re
import zlib
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np

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


@lru_cache(maxsize=1)  # fingerprint and sample read the same article, one after the other
def _words(text: str) -> tuple[bytes, list[int]]:
    """The text's words, folded and joined by spaces, in UTF-8; and where each word ends in
    those bytes, plus one (where the next begins)."""
    words = _WORD.findall(fold(text))
    joined = " ".join(words).encode()
    sizes = map(len, words) if joined.isascii() else (len(w.encode()) for w in words)
    return joined, list(itertools.accumulate(size + 1 for size in sizes))


@per_article
def fingerprint(article: Article) -> str:
    """A hash of the article's words: two files with the same words are the same article."""
    return hashlib.sha256(_words(article.text)[0]).hexdigest()


@per_article
def sample(article: Article) -> frozenset[int]:
    """Hashes of the sampled shingles: runs of SHINGLE_WORDS words, joined by spaces (all the
    words when there are fewer)."""
    joined, ends = _words(article.text)
    if len(ends) < SHINGLE_WORDS:
        return frozenset(h for h in [zlib.crc32(joined)] if h % SAMPLE_BUCKETS == 0)
    # Hashed where they lie in the joined words, without joining each again.
    view, starts = memoryview(joined), [0, *ends]
    hashes = (
        zlib.crc32(view[starts[i] : ends[i + SHINGLE_WORDS - 1] - 1])
        for i in range(len(ends) - SHINGLE_WORDS + 1)
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
    shared = _shared(samples, exact)
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


def _shared(
    samples: Sequence[frozenset[int]], skipped: Collection[int]
) -> dict[tuple[int, int], int]:
    """(i, j) -> how many sampled shingles articles i < j share, for the pairs that share at
    least MIN_SHARED, counting only shingles found in at most MAX_POSTINGS articles; articles in
    `skipped` are left out.

    Done with numpy: the shingles are sorted to find those in two articles or more, and each
    such shingle's pairs are counted as integer keys. Counting pairs in a dict was most of the
    time copy detection took: stock phrases shared by dozens of articles make many pairs.
    """
    kept = [i for i in range(len(samples)) if i not in skipped]
    lengths = np.fromiter((len(samples[i]) for i in kept), np.int64, len(kept))
    shingles = np.fromiter(
        itertools.chain.from_iterable(samples[i] for i in kept), np.int64, int(lengths.sum())
    )
    owners = np.repeat(np.array(kept, np.int64), lengths)
    order = np.lexsort((owners, shingles))  # by shingle, then by article
    shingles, owners = shingles[order], owners[order]
    starts = np.flatnonzero(np.diff(shingles, prepend=-1))  # shingles are CRC-32s, never -1
    sizes = np.diff(np.append(starts, len(shingles)))
    wanted = (sizes >= 2) & (sizes <= MAX_POSTINGS)
    count = len(samples)
    keys = [np.zeros(0, np.int64)]
    for size in np.unique(sizes[wanted]).tolist():
        first = starts[wanted & (sizes == size)][:, None]
        left, right = np.triu_indices(size, 1)
        keys.append((owners[first + left] * count + owners[first + right]).ravel())
    pairs, shared = np.unique(np.concatenate(keys), return_counts=True)
    often = shared >= MIN_SHARED
    return {
        (key // count, key % count): number
        for key, number in zip(pairs[often].tolist(), shared[often].tolist(), strict=True)
    }


def same_article(copy: Article, original: Article) -> bool:
    """The same text from the same place: a file added twice, not a story two sites ran."""
    return copy.outlet == original.outlet and (
        copy.url == original.url or None in (copy.url, original.url)
    )
