"""Per-article grouping evidence: the words that tell one incident from another of its kind.

Three kinds of terms are counted, each weighted by how rare it is in the whole corpus (TF-IDF):
- names and numbers: capitalised words inside a sentence, figures, ages, clock times. They name
  the victims, suspects, streets and counts, which differ between two shootings in one city;
- phrases (pairs of adjacent words): a quoted statement or a multi-word name that two reports of
  one event share word for word;
- all content words, which say what happened and carry names that a sentence starts with.

Terms in the headline and the first three sentences count three times, because news says what,
who, when and where first; later paragraphs drift into background shared with other incidents.

`terms` is pure and per article (it can be cached with the article); `weigh` needs the corpus,
because rarity is relative to it.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np
from scipy import sparse

from builder.cache import per_article
from builder.dates import find_dates
from builder.models import ArticleFacts
from builder.text import fold, iter_sentences, sentences

LEAD_SENTENCES = 3
LEAD_WEIGHT = 3.0
# Share of the similarity that comes from names and numbers, and from phrases; the rest comes from
# single words. Names and phrases tell apart incidents of one kind better than topic words do.
NAME_SHARE = 0.4
PHRASE_SHARE = 0.2
# Added to every term's inverse document frequency, so that in a small archive (a handful of
# articles, where every shared word looks common) shared words still count.
IDF_FLOOR = 1.0
# Dates are read from the headline and this many sentences.
DATE_SENTENCES = 10
# Event dates this close (days) agree; further apart than MAX_DAYS_APART they conflict.
AGREE_DAYS = 1
MAX_DAYS_APART = 3

NAME = "n:"  # prefixes keep the kinds of terms apart in one sparse vector
WORD = "w:"
PHRASE = "p:"

# Only a sentence with a digit, a weekday or a relative day word can name a day.
_MAY_NAME_DATE = re.compile(
    r"\d|day\b|tonight|night\b|morning|ago\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    re.I,
)
_TOKEN = re.compile(r"\d{1,2}:\d\d|[A-Za-z0-9][A-Za-z0-9'’-]*[A-Za-z0-9]|[A-Za-z0-9]")
# Function words and calendar words: every article has them, so they say nothing about which
# incident it reports.
_STOP = frozenset(
    """
    a about after again against all also am an and any are as at be because been before being but
    by can could did do does down during each few for from further had has have having he her here
    hers him his how i if in into is it its just me more most my no nor not now of off on once only
    or other our out over own same she should so some such than that the their them then there
    these they this those through to too under until up us very was we were what when where which
    while who whom why will with would you your yet said says say told according also
    monday tuesday wednesday thursday friday saturday sunday today yesterday tonight
    january february march april may june july august september october november december
    mr mrs ms dr
    """.split()
)


@dataclass(frozen=True)
class Terms:
    """Weighted counts of one article's terms, before corpus weighting.

    `counts` come from the sentences about the article's own event; `aside` from sentences that
    name another day (a roundup's other attacks, an earlier attack on the same place), which
    are evidence for that other incident, not for this one. `aside_days` are those days.
    """

    counts: Mapping[str, float]
    aside: Mapping[str, float]
    aside_days: frozenset[date]


@dataclass(frozen=True)
class When:
    """What one article says about when its event happened.

    `event` is the extractor's event date (day precision) and `weekday` its weekday; `mentioned`
    holds every day named near the start of the article, so that a follow-up story (a court
    hearing) that recalls the day of the shooting still matches it.
    """

    event: date | None
    weekday: int | None
    mentioned: frozenset[date]


@per_article
def when(facts: ArticleFacts) -> When:
    claim = facts.event_date
    event = claim.value if claim and claim.value and claim.precision == "day" else None
    weekday = claim.weekday if claim else None
    published = facts.article.published
    mentioned: set[date] = set()
    sentences = [facts.article.title, *iter_sentences(facts.article.text)]
    for sentence in sentences[: DATE_SENTENCES + 1]:
        for mention in find_dates(sentence, published):
            recent = mention.value and (published is None or mention.value <= published)
            if recent and mention.value and mention.precision == "day":
                mentioned.add(mention.value)
    return When(event, weekday, frozenset(mentioned))


def date_agreement(a: When, b: When) -> int:
    """1 when two articles' dates agree, -1 when they conflict, 0 when they cannot tell."""
    if a.event and b.event:
        if abs((a.event - b.event).days) <= AGREE_DAYS:
            return 1
        if _recalls(a, b.event) or _recalls(b, a.event):
            return 0  # a follow-up (a court hearing) that recalls the day: no conflict
        return -1 if abs((a.event - b.event).days) > MAX_DAYS_APART else 0
    if a.weekday is not None and b.weekday is not None:
        return 1 if a.weekday == b.weekday else -1
    return 0


def _recalls(article: When, day: date) -> bool:
    return any(abs((day - other).days) <= AGREE_DAYS for other in article.mentioned)


@lru_cache(maxsize=1 << 18)
def _normal(token: str) -> str:
    word = fold(token).replace("’", "'")
    return word[:-2] if word.endswith("'s") else word


@per_article
def terms(facts: ArticleFacts) -> Terms:
    """The names, numbers and words of one article, with the headline and lead counting more."""
    counts: defaultdict[str, float] = defaultdict(float)
    aside: defaultdict[str, float] = defaultdict(float)
    aside_days: set[date] = set()
    claim = facts.event_date
    event = claim.value if claim and claim.value and claim.precision == "day" else None
    published = facts.article.published
    position = 0
    _count(facts.article.title, 0, counts)
    for paragraph in facts.article.text.split("\n"):
        elsewhere = False  # the paragraph has turned to another day's event
        for sentence in sentences(paragraph):
            position += 1
            other = _other_days(sentence, event, published)
            if other:
                aside_days.update(other)
                elsewhere = True
            elif elsewhere and event and _names_day(sentence, event, published):
                elsewhere = False
            _count(sentence, position, aside if elsewhere else counts)
    return Terms(dict(counts), dict(aside), frozenset(aside_days))


def _other_days(sentence: str, event: date | None, published: date | None) -> set[date]:
    if event is None or not _MAY_NAME_DATE.search(sentence):
        return set()
    return {
        m.value
        for m in find_dates(sentence, published)
        if m.value and m.precision == "day" and abs((m.value - event).days) > MAX_DAYS_APART
    }


def _names_day(sentence: str, event: date, published: date | None) -> bool:
    if not _MAY_NAME_DATE.search(sentence):
        return False
    return any(
        m.value and abs((m.value - event).days) <= AGREE_DAYS
        for m in find_dates(sentence, published)
    )


def _count(sentence: str, position: int, counts: defaultdict[str, float]) -> None:
    weight = LEAD_WEIGHT if position <= LEAD_SENTENCES else 1.0
    previous = ""
    for index, match in enumerate(_TOKEN.finditer(sentence)):
        token = match.group(0)
        word = _normal(token)
        if previous and not (previous in _STOP and word in _STOP):
            counts[PHRASE + previous + " " + word] += weight
        previous = word
        if word in _STOP or (len(word) < 2 and not word.isdigit()):
            continue
        counts[WORD + word] += weight
        # In a headline every word may be capitalised; inside a sentence a capital marks a
        # name. The first word of a sentence is capitalised anyway.
        if (position > 0 and index > 0 and token[0].isupper()) or token[0].isdigit():
            counts[NAME + word] += weight


@dataclass(frozen=True)
class Weighted:
    """One row per article: TF-IDF weights, scaled so that a row dot product is the similarity.

    Each kind of term is normalised on its own, so the dot product of two rows is
    NAME_SHARE * cosine(names) + PHRASE_SHARE * cosine(phrases) + the rest * cosine(words).
    """

    matrix: sparse.csr_matrix
    aside: sparse.csr_matrix  # the same for each article's sentences about other days

    def top_terms(self, row: int, count: int) -> list[int]:
        """Column ids of the row's heaviest terms; ties go to the lower id, for determinism."""
        start, end = self.matrix.indptr[row], self.matrix.indptr[row + 1]
        columns = self.matrix.indices[start:end]
        weights = self.matrix.data[start:end]
        order = np.lexsort((columns, -weights))[:count]
        return [int(c) for c in columns[order]]

    def similarity(
        self, left: Sequence[int], right: Sequence[int], aside: bool = False
    ) -> np.ndarray:
        """Similarity of each pair (left[k], right[k]); with `aside`, of left's aside."""
        if not left:
            return np.zeros(0)
        rows = (self.aside if aside else self.matrix)[np.asarray(left)]
        products = rows.multiply(self.matrix[np.asarray(right)])
        return np.asarray(products.sum(axis=1)).ravel()


def weigh(all_terms: Sequence[Terms]) -> Weighted:
    """TF-IDF rows for the corpus; rarity is counted over all its articles."""
    frequency: Counter[str] = Counter()
    for item in all_terms:
        frequency.update(item.counts.keys())
    column = {term: index for index, term in enumerate(sorted(frequency))}
    total = len(all_terms)
    idf = {t: IDF_FLOOR + math.log((1 + total) / (1 + n)) for t, n in frequency.items()}
    main = _matrix([item.counts for item in all_terms], column, idf)
    aside = _matrix([item.aside for item in all_terms], column, idf)
    return Weighted(main, aside)


def _matrix(
    all_counts: Sequence[Mapping[str, float]], column: Mapping[str, int], idf: Mapping[str, float]
) -> sparse.csr_matrix:
    shares = {NAME: NAME_SHARE, PHRASE: PHRASE_SHARE, WORD: 1.0 - NAME_SHARE - PHRASE_SHARE}
    rows: list[int] = []
    columns: list[int] = []
    values: list[float] = []
    for row, counts in enumerate(all_counts):
        parts: dict[str, dict[str, float]] = defaultdict(dict)
        for term, count in counts.items():
            if term in column:  # a word only a roundup's aside uses cannot match anything
                parts[term[:2]][term] = (1.0 + math.log(count)) * idf[term]
        for prefix, part in sorted(parts.items()):
            norm = math.sqrt(sum(v * v for v in part.values()))
            scale = math.sqrt(shares[prefix]) / norm
            for term, value in part.items():
                rows.append(row)
                columns.append(column[term])
                values.append(value * scale)
    coordinates = (np.asarray(rows, dtype=np.int64), np.asarray(columns, dtype=np.int64))
    return sparse.csr_matrix(
        (np.asarray(values), coordinates), shape=(len(all_counts), len(column))
    )
