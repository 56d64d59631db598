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

import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, lru_cache
from itertools import islice
from typing import TYPE_CHECKING

import numpy as np

from builder import datafiles
from builder.cache import per_article
from builder.dates import DateMention, find_dates
from builder.downed import Searched, gunfire_aware
from builder.models import ArticleFacts, PlaceClaim
from builder.text import ONE_WORD_NUMBERS, fold, number_value, sentences

if TYPE_CHECKING:
    from builder.places import Place

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
# A follow-up says so in the headline or this many first sentences.
FOLLOW_UP_SENTENCES = 2
# Event dates this close (days) do not conflict; further apart they do, even by two or three
# days: two attacks of one kind in one town a few days apart are common, and a follow-up dated
# later is recognised as such. Only the same day agrees: a day apart is as often one night's
# event dated by one report on the evening and by another after midnight, as the next attack on
# the same base. A sentence naming a day further than MAX_DAYS_APART from the event tells of
# another incident.
AGREE_DAYS = 1
MAX_DAYS_APART = 3
# A follow-up (a funeral, an arrest) of an event in the same city counts as evidence for it up to
# this many days after the event: victims are buried and suspects arrested within days or weeks.
FOLLOW_UP_NEAR_DAYS = 31
# ... if both state the same death toll of at least this many.
SEVERAL_DEAD = 2
FAR_DAYS = 30
# Two articles that place an attack (a shooting, a bombing, a fire...) in cities further apart
# than this (km) report two incidents, unless one names the other's city: a victim was taken to a
# hospital there, or a suspect came from there.
FAR_KM = 100.0
# Two stated death tolls this far apart (at least TOLL_GAP more, and at least TOLL_RATIO times
# as many) tell of two incidents: tolls are revised as victims die, but rarely from 1 to 4.
TOLL_GAP = 2
TOLL_RATIO = 2
# Ages are read from the headline and this many sentences: there a report names its victim ("a
# 6-year-old", "John Doe, 34,"); later sentences name suspects, relatives and earlier victims.
AGE_SENTENCES = 1
# Two stated ages this close (years) can be one person's: a birthday, or a report's error.
AGE_SLACK = 1
# Up to this many pairs are compared one by one; more, as a batch of sparse rows.
FEW_PAIRS = 8
# ... and at most this many at a time.
PAIRS_AT_ONCE = 2_000

NAME = "n:"  # prefixes keep the kinds of terms apart in one sparse vector
WORD = "w:"
PHRASE = "p:"
KINDS = (NAME, PHRASE, WORD)  # in the order of their prefixes
_LOW_BITS = (1 << 62) - 1

_AGE = re.compile(
    rf"\b(\d{{1,3}}|{ONE_WORD_NUMBERS})[- ]years?[- ]old\b|\baged (\d{{1,3}})\b|, (\d{{1,2}}),",
    re.I,
)
# A person named with an age ("Keisha Barnes, 19,", "Ali Kadhim, the 22-year-old"): news gives
# the ages of victims and suspects, not of officials who comment. The last two words of the name
# and the age identify the person.
_PERSON = re.compile(
    r"\b([A-Z][a-z'’-]+(?: [A-Z]\.)?(?: [A-Z][a-z'’-]+)+), (?:the |an? )?(?:aged )?(\d{1,2})"
    r"(?:,|-year-old\b| years? old\b)"
)
# A street named "... Court" ("shot at a home on Nelson Court") is not a court of law.
_STREET_COURT = re.compile(r"\b(?:on|block of)(?: [A-Z][\w'’-]*)+ (?:Court|Ct)\b")
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

    counts: Packed
    aside: Packed
    aside_days: frozenset[date]

    @classmethod
    def of(
        cls, counts: Mapping[str, float], aside: Mapping[str, float], aside_days: Iterable[date]
    ) -> Terms:
        return cls(Packed.of(counts), Packed.of(aside), frozenset(aside_days))


@dataclass(frozen=True)
class Packed:
    """Term counts packed as two byte strings: 64-bit term keys and their counts, in order.

    Every article's terms stay in memory until the corpus is weighed, and a cached article's
    terms are unpickled on every build: as a dict of strings they took 30 KB per article in
    memory (1.5 GB at 50,000 articles) and most of the cache's loading time. A key is the term's
    kind (KINDS) in the top two bits over 62 bits of its BLAKE2b hash; two different terms share
    a key with a probability of about n^2 / 2^63 (1e-7 for ten million distinct terms).
    """

    keys: bytes
    counts: bytes

    @classmethod
    def of(cls, counts: Mapping[str, float]) -> Packed:
        keys = np.fromiter(map(_key, counts), np.uint64, len(counts))
        values = np.fromiter(counts.values(), np.float64, len(counts))
        # A count is a sum of sentence weights, as a rule a small whole number: then it is kept
        # in 16 bits, exactly (some 80 MB less in a 50,000-article build); else in 64.
        small = values.astype(np.float16)
        if np.array_equal(small.astype(np.float64), values):
            return cls(keys.tobytes(), small.tobytes())
        return cls(keys.tobytes(), values.tobytes())

    def __len__(self) -> int:
        return len(self.keys) // 8

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Keys and counts, the counts as float64 however they are kept."""
        keys = np.frombuffer(self.keys, np.uint64)
        if len(self.counts) == 2 * len(keys):
            return keys, np.frombuffer(self.counts, np.float16).astype(np.float64)
        return keys, np.frombuffer(self.counts, np.float64)


# The hash a term's key is made from, copied for each term: copying a made hasher is faster than
# making one (the same digest as hashlib.blake2b(data, digest_size=8))
_HASHER = hashlib.blake2b(digest_size=8)
_KIND_BITS = {kind: index << 62 for index, kind in enumerate(KINDS)}


@lru_cache(maxsize=1 << 16)  # most of an article's terms are common words and phrases
def _key(term: str) -> int:
    hasher = _HASHER.copy()
    hasher.update(term.encode())
    return _KIND_BITS[term[:2]] | (int.from_bytes(hasher.digest(), "little") & _LOW_BITS)


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
    follow_up: bool = False  # the lead tells of an arrest, a charge, a hearing, a funeral
    published: date | None = None
    # The article puts its event late in its day ("late Sunday", "Sunday night", 23:40) or early
    # ("early Monday", "at dawn", 02:15), or both ("overnight"): reports of one event around
    # midnight may give either day (may_cross_midnight). `clock` is its time, "HH:MM", if given.
    late: bool = False
    early: bool = False
    clock: str | None = None


@cache
def _follow_up() -> re.Pattern[str]:
    """The follow-up words (followups.yml), to search in lower-cased text (_is_follow_up)."""
    from builder.extract import for_lower_case  # imported here, as in _distinct_kinds

    return for_lower_case(datafiles.load("followups.yml")["words"])


def _is_follow_up(text: str) -> bool:
    """Whether a text has a follow-up word: searched in lower case, which Python's re does two
    to three times faster than a case-insensitive search."""
    return bool(_follow_up().search(text.lower()))


def date_agreement(a: When, b: When) -> str:
    """How two articles' dates compare: "same" day, "same weekday" (no dates, one weekday),
    "other weekday", "days apart", "months apart", or "unknown" (no dates, event dates within
    AGREE_DAYS of an event around midnight (may_cross_midnight), or a follow-up dated after the
    other's event).

    A pair of which one is a follow-up and one names the other's event day agrees as much as two
    reports of one day: a charge story dated by the charge that names the day of the killing.
    Without a follow-up, a day named near the start can be an earlier attack's, so it only
    cancels the conflict. Named means that very day: a claim of Monday's attack made on Tuesday
    names Tuesday, and Wednesday's attack on the same base is not the one it recalls."""
    if a.event and b.event:
        gap = abs((a.event - b.event).days)
        if gap == 0:
            return "same"
        if gap <= AGREE_DAYS and may_cross_midnight(a, b):
            return "unknown"
        later = a if a.event > b.event else b
        recalled = _recalls(a, b.event) or _recalls(b, a.event)
        if recalled and (a.follow_up or b.follow_up):
            return "same"
        if later.follow_up or recalled:
            # A follow-up (a court hearing) is dated after the incident it follows.
            return "unknown"
        return "months apart" if gap > FAR_DAYS else "days apart"
    if a.weekday is not None and b.weekday is not None:
        return "same weekday" if a.weekday == b.weekday else "other weekday"
    return "unknown"


def may_cross_midnight(a: When, b: When) -> bool:
    """Two reports dated a day apart may tell of one event around midnight: the earlier puts it
    late in its day and the later does not put it late in the next ("late Sunday" and "Monday",
    "Sunday night" and "early Monday"), or the later puts it early and the earlier not early; or
    both give the same clock time (one of them misdated). "Sunday night" and "Monday night" are
    a day apart."""
    if a.event is None or b.event is None:
        return False
    first, then = (a, b) if a.event < b.event else (b, a)
    if first.clock is not None and first.clock == then.clock:
        return True
    return (first.late and not (then.late and not then.early)) or (
        then.early and not (first.early and not first.late)
    )


def _recalls(article: When, day: date) -> bool:
    return day in article.mentioned


@lru_cache(maxsize=1 << 18)
def _normal(token: str) -> str:
    word = fold(token).replace("’", "'")
    return word[:-2] if word.endswith("'s") else word


@dataclass(frozen=True)
class Where:
    """The city an article places its event in. Kept only for an article that reports an event
    of a known kind: the cities that other articles name are often datelines, a team's home or
    where a statement was made, not where anything happened."""

    city: str
    latitude: float
    longitude: float
    keys: tuple[int, ...]  # the city's name as word terms, to find it in another article


@dataclass(frozen=True)
class Evidence:
    """Everything grouping reads from one article; pure and per article, so it can be cached."""

    terms: Terms
    when: When
    where: Where | None = None
    killed: int | None = None  # the death toll the article states (not implied, not "at least")
    ages: frozenset[int] = frozenset()  # ages the headline and first sentence state
    # The kind of event and the region (else the city) it happened in, for an article with an
    # event date: two reports of one event in different words meet through it (group.py).
    scene: str | None = None
    # The kind of event the article reports, if it tells incidents apart (weapons.yml), and
    # every such kind whose words its headline and lead use.
    kind: str | None = None
    kinds: frozenset[str] = frozenset()
    # People named with their ages (_PERSON), as "first last|age".
    people: frozenset[str] = frozenset()
    # The city the article names for what it tells of, whatever it tells of (a funeral, an
    # arrest): a follow-up in other words meets its incident through it (follows_in_place).
    city: str | None = None


def ages_differ(a: Evidence, b: Evidence) -> bool:
    """Both articles' leads state ages, and none is within AGE_SLACK of one in the other: they
    name different victims. Not for a follow-up, whose lead names the suspect charged."""
    if not (a.ages and b.ages) or a.when.follow_up or b.when.follow_up:
        return False
    return all(abs(x - y) > AGE_SLACK for x in a.ages for y in b.ages)


def follows_in_place(a: Evidence, b: Evidence) -> bool:
    """One article is a follow-up (the victims named, a burial, an arrest) dated within
    FOLLOW_UP_NEAR_DAYS after the other's event, the other is not, both name the same city and
    state the same death toll, of at least SEVERAL_DEAD. A follow-up tells the event in other
    words (the victims' names, the suspect's), so its words alone rarely pass the threshold;
    that it came after a report of the same place and toll is evidence of its own. One death
    is the toll of most shootings in a large city: on gvc-train, same-city follow-ups with one
    death stated by both were of another shooting seven times in nine. Dates that agree already
    (it names the event's day) count once."""
    if a.city is None or a.city != b.city or a.when.follow_up == b.when.follow_up:
        return False
    if a.killed is None or a.killed != b.killed or a.killed < SEVERAL_DEAD:
        return False
    later, first = (a, b) if a.when.follow_up else (b, a)
    day = later.when.event or later.when.published
    if day is None or first.when.event is None:
        return False
    return 0 < (day - first.when.event).days <= FOLLOW_UP_NEAR_DAYS and not _recalls(
        later.when, first.when.event
    )


def kinds_differ(a: Evidence, b: Evidence) -> bool:
    """The articles report events of different kinds (a rocket attack, a drone attack), and
    neither's headline and lead use the other's words: two attacks on one base a day apart. A
    report that names both (a barrage of rockets and drones) or only an effect of either (an
    explosion, a fire) does not count."""
    if a.kind is None or b.kind is None or a.kind == b.kind:
        return False
    return a.kind not in b.kinds and b.kind not in a.kinds


@cache
def _distinct_kinds() -> tuple[tuple[str, Searched], ...]:
    """(event kind, the pattern of its words) of each kind (weapons.yml) whose event tells
    incidents apart; the patterns are searched in lower-cased text (extract.for_lower_case)."""
    # Imported here: a build that extracts nothing in its own process does not compile the
    # extraction's patterns (evidence is computed where articles are extracted).
    from builder.extract import for_lower_case

    kinds = datafiles.load("weapons.yml")["kinds"]
    distinct = {k["event"] for k in kinds if k.get("distinct", True)}
    return tuple(
        (k["event"], gunfire_aware(for_lower_case(k["words"])))
        for k in kinds
        if k["event"] in distinct
    )


def _kinds(facts: ArticleFacts, opening: str) -> tuple[str | None, frozenset[str]]:
    """The article's kind of event if it tells incidents apart, and each such kind named in its
    headline and lead, where a report tells what struck (in all of the text, the search took a
    quarter of the time of grouping's evidence)."""
    distinct = _distinct_kinds()
    lowered = opening.lower()
    found = frozenset(event for event, words in distinct if words.search(lowered))
    return (facts.event_kind if any(facts.event_kind == e for e, _ in distinct) else None), found


def _ages(lines: Iterable[str]) -> frozenset[int]:
    found: set[int] = set()
    for line in lines:
        for match in _AGE.finditer(line):
            found.add(number_value(next(g for g in match.groups() if g)))
    return frozenset(found)


def _people(texts: Iterable[str]) -> frozenset[str]:
    found = set()
    for text in texts:
        for match in _PERSON.finditer(text):
            # "In Chicago, 3, ...": a sentence's first word is capitalised anyway
            words = [w for w in fold(match.group(1)).lower().split() if w not in _STOP]
            if len(words) >= 2:
                found.add(f"{' '.join(words[-2:])}|{match.group(2)}")
    return frozenset(found)


def same_person(a: Evidence, b: Evidence) -> bool:
    """Both articles name one person with the same age: the victim or the suspect of both."""
    return not a.people.isdisjoint(b.people)


def tolls_differ(a: Evidence, b: Evidence) -> bool:
    """Two stated death tolls too far apart to be one incident's, even revised. A toll rises as
    the wounded die and the rubble is searched ("death toll rises to 120"): a higher toll in an
    article published days later than the other (up to FOLLOW_UP_NEAR_DAYS), of an event not
    dated after the other's, is a revision, not a conflict."""
    if a.killed is None or b.killed is None or a.killed == b.killed:
        return False
    low, high = sorted((a, b), key=lambda e: e.killed or 0)
    assert low.killed is not None and high.killed is not None
    high_published, low_published = high.when.published, low.when.published
    if (
        high_published
        and low_published
        and 0 < (high_published - low_published).days <= FOLLOW_UP_NEAR_DAYS
        and high.when.event
        and low.when.event
        and high.when.event <= low.when.event
    ):
        return False
    return high.killed - low.killed >= TOLL_GAP and high.killed >= TOLL_RATIO * max(low.killed, 1)


class Places:
    """Where each article places its event, and which of those cities each article names.

    An article's city words are looked for only when a pair asks (far_apart): an incremental
    build scores the pairs of a few articles, and indexing every article's words took a tenth
    of a second of it at 5,000 articles.
    """

    def __init__(self, found: Sequence[Evidence]) -> None:
        self.found = found
        self.where = [e.where for e in found]
        self.wanted = np.array(sorted({k for w in self.where if w for k in w.keys}), np.uint64)
        self.named: dict[int, frozenset[int]] = {}  # row -> the city words it uses

    def far_apart(self, i: int, j: int) -> bool:
        """Articles i and j place their event in cities more than FAR_KM apart, and neither
        names the other's city."""
        a, b = self.where[i], self.where[j]
        if a is None or b is None or a.city == b.city or _kilometres(a, b) <= FAR_KM:
            return False
        return not (self._names(j, a) or self._names(i, b))

    def _names(self, row: int, where: Where) -> bool:
        named = self.named.get(row)
        if named is None:
            # Its words in its own sentences or in an aside; the city words are few (and not
            # none: where has keys), so each word is looked up in them by binary search (_find's
            # hash table, for a big table, took three times as long).
            terms = self.found[row].terms
            keys = np.concatenate([terms.counts.arrays()[0], terms.aside.arrays()[0]])
            named = self.named[row] = frozenset(keys[_sorted_lookup(self.wanted, keys)[1]].tolist())
        return all(key in named for key in where.keys)


@lru_cache(maxsize=1 << 16)
def _kilometres(a: Where, b: Where) -> float:
    """Great-circle distance (pairs of cities recur: cached)."""
    north_a, north_b = math.radians(a.latitude), math.radians(b.latitude)
    east = math.radians(b.longitude - a.longitude)
    cosine = math.sin(north_a) * math.sin(north_b) + math.cos(north_a) * math.cos(
        north_b
    ) * math.cos(east)
    return 6371.0 * math.acos(max(-1.0, min(1.0, cosine)))


def _where(facts: ArticleFacts) -> Where | None:
    place = facts.place
    if not (facts.event_kind and place and place.city):
        return None
    if place.latitude is None or place.longitude is None:
        return None
    words = [_normal(m.group(0)) for m in _TOKEN.finditer(place.city)]
    keys = tuple(_key(WORD + w) for w in words if w not in _STOP and len(w) > 1)
    return Where(place.city, place.latitude, place.longitude, keys) if keys else None


@per_article
def article_evidence(facts: ArticleFacts) -> Evidence:
    """The article's terms (headline and lead counting more) and what it says about when."""
    counts: defaultdict[str, float] = defaultdict(float)
    aside: defaultdict[str, float] = defaultdict(float)
    aside_days: set[date] = set()
    mentioned: set[date] = set()
    claim = facts.event_date
    event = claim.value if claim and claim.value and claim.precision == "day" else None
    published = facts.article.published
    title = facts.article.title
    _count(title, 0, counts)
    mentioned.update(
        d for d in _days(find_dates(title, published)) if published is None or d <= published
    )
    paragraphs = [sentences(paragraph) for paragraph in facts.article.text.split("\n")]
    opening = max(LEAD_SENTENCES, FOLLOW_UP_SENTENCES, AGE_SENTENCES)
    lead = [title, *islice((s for found in paragraphs for s in found), opening)]
    follow_up = bool(
        _is_follow_up(_STREET_COURT.sub("", " ".join(lead[: 1 + FOLLOW_UP_SENTENCES])))
    )
    position = 0
    # An article with no event day of its own ("three attacks this week") that tells of several
    # days is a roundup: the first day it names is taken as its subject's, and each sentence
    # about another day (but a follow-up's: an arrest, a death in hospital) goes aside, for the
    # incident of that day (group.roundups). Its subject's day is then its event day. Not a
    # follow-up story: it names the day of the arrest and the day of the shooting it follows.
    roundup = event is None and not follow_up
    first: date | None = None
    late, early, clock = _time_of_event(facts)
    kind, kinds = _kinds(facts, "\n".join(lead[: 1 + LEAD_SENTENCES]))
    placed = _placed(facts, kind)
    # The kinds the article reports, for telling its roundup's other attacks: those of its
    # headline and first sentence (its lead's third sentence can be the other attack already).
    own_kinds = _kinds(facts, "\n".join(lead[:2]))[1] | ({kind} if kind else set())
    for paragraph in paragraphs:
        elsewhere = False  # the paragraph has turned to another day's event
        away = False  # ... to another place's attack of the event's day
        for sentence in paragraph:
            position += 1
            found = find_dates(sentence, published)
            # A day after publication is a hearing, a funeral or a trial set for later ("a
            # hearing is set for March 20"): part of this incident's story, not another event,
            # so it puts no sentence aside and makes the article no source of that day's news.
            days = [d for d in _days(found) if published is None or d <= published]
            if position <= DATE_SENTENCES:
                mentioned.update(days)
            if roundup:
                first = first or (days[0] if days else None)
                other = {d for d in days if d != first}
                if other and not _is_follow_up(sentence):
                    aside_days.update(other)
                    elsewhere = True
                elif first in days:
                    elsewhere = False
            elif event is not None:
                other = {d for d in days if abs((d - event).days) > MAX_DAYS_APART}
                near = {d for d in days if d != event and d not in other}
                # A sentence that names the event's day too tells of the event ("said on
                # Tuesday that it fired the rockets on Monday").
                if (
                    near
                    and event not in days
                    and not all(_same_night(event, d, late, early) for d in near)
                ):
                    other |= {d for d in near if _another_attack(sentence)}
                if other:
                    aside_days.update(other)
                    elsewhere, away = True, False
                elif (
                    position > 1
                    and placed
                    and _another_attack_elsewhere(sentence, facts, own_kinds)
                ):
                    # A roundup's other attack of the same day ("In a separate attack on
                    # Tuesday, a roadside bomb in Mosul killed two"): aside, for that incident.
                    aside_days.add(event)
                    elsewhere = away = True
                elif away and not _names_place(sentence, facts):
                    pass  # still about the other place's attack, whatever day it names
                elif any(abs((d - event).days) <= AGREE_DAYS for d in days) or away:
                    elsewhere = away = False
                elif _other_month(found, event):
                    elsewhere = True
            if elsewhere:  # another day's event: not weighed as the lead, which tells its own
                _count(sentence, max(position, LEAD_SENTENCES + 1), aside)
            else:
                _count(sentence, position, counts)
    if roundup and aside_days:
        event = first  # a roundup is dated by its subject's day, so it conflicts with the others'
    when = When(
        event,
        claim.weekday if claim and claim.weekday is not None else _weekday(event),
        frozenset(mentioned),
        follow_up,
        published,
        late,
        early,
        clock,
    )
    toll = facts.killed
    killed = toll.value if toll and not (toll.inferred or toll.at_least) else None
    ages = _ages(lead[: 1 + AGE_SENTENCES])
    return Evidence(
        Terms.of(counts, aside, aside_days),
        when,
        _where(facts),
        killed,
        ages,
        scene=_scene(facts, event),
        kind=kind,
        kinds=kinds,
        city=facts.place.city if facts.place else None,
        people=_people([title, facts.article.text]),
    )


# Words and clock hours that put an event late in its day or early ("late Sunday", "Sunday
# night", "early Monday", "overnight", 23:40, 02:15), looked for in the time of day and in the
# date's expression and the few characters around it ("late on Sunday", "Tuesday night").
_LATE_WORDS = re.compile(r"\b(?:late|night|overnight|midnight)\b", re.I)
_EARLY_WORDS = re.compile(r"\b(?:early|dawn|small hours|overnight|midnight)\b", re.I)
_LATE_PARTS = frozenset({"night", "overnight", "midnight"})
_EARLY_PARTS = frozenset({"dawn", "overnight", "midnight"})
_MIDNIGHT_REACH = 15
EVENING_HOUR = 21
MORNING_HOUR = 6


def _time_of_event(facts: ArticleFacts) -> tuple[bool, bool, str | None]:
    """Whether the article puts its event late in its day, early, and its clock time."""
    time = facts.time_of_day
    late = early = False
    clock = None
    if time is not None:
        late, early = time.value in _LATE_PARTS, time.value in _EARLY_PARTS
        if time.value[:2].isdigit():
            clock = time.value
            late, early = int(clock[:2]) >= EVENING_HOUR, int(clock[:2]) < MORNING_HOUR
    claim = facts.event_date
    if claim is not None:
        start = max(claim.sentence.find(claim.expression), 0)
        end = start + len(claim.expression)
        around = claim.sentence[max(0, start - _MIDNIGHT_REACH) : end + _MIDNIGHT_REACH]
        late = late or bool(_LATE_WORDS.search(around))
        early = early or bool(_EARLY_WORDS.search(around))
    return late, early, clock


def _same_night(event: date, day: date, late: bool, early: bool) -> bool:
    """A day named beside the event's may be the same night's: the next day if the event was
    late in its day, the day before if it was early."""
    return ((day - event).days == 1 and late) or ((event - day).days == 1 and early)


def _another_attack(sentence: str) -> bool:
    """A sentence that names another day than the event's, within MAX_DAYS_APART, tells of
    another attack when it names a kind of attack (weapons.yml) and no follow-up (an arrest, a
    burial): "four rockets hit the base on Wednesday", in a report of Monday's rockets. A
    statement made that day ("police said on Tuesday") is still the event's."""
    lowered = sentence.lower()
    return not _follow_up().search(lowered) and any(
        words.search(lowered) for _, words in _distinct_kinds()
    )


def _another_attack_elsewhere(sentence: str, facts: ArticleFacts, kinds: Set[str]) -> bool:
    """The sentence tells of another attack of the same day: it names an event (events.yml),
    names a kind of attack that tells incidents apart (weapons.yml) and none of the article's
    `kinds` (drones at one base, "separately" rockets at another), or names a kind of event
    and states a toll none of whose figures is the article's, and places it in a place more than
    NEAR_KM from the article's that is not a hospital, a jail or a home town ("taken to a
    hospital in Erbil"), without naming the article's own place as a scene (a distance from it,
    "400 km north of Baghdad", is no scene). A single report that names a
    second place (the victims' town, a hospital, where the suspect was caught) states no toll
    of its own there, or the same one; a partial count ("two of the dead were children") is
    told of the article's place. The checks go from the cheapest: reading tolls cost five
    times as much as finding places, and few sentences name an event somewhere else."""
    # Imported here, as in _distinct_kinds: a build that extracts nothing in its own process
    # does not compile the extraction's patterns.
    from builder.casualties import count_casualties
    from builder.extract import tells_of_event, vocabulary
    from builder.places import gazetteer, located_once

    place = facts.place
    assert place is not None  # _placed
    if not tells_of_event(sentence):  # memoised: extraction asked it already
        return False
    if _names_place(sentence, facts, after_of=False):
        return False  # cheaply, before the gazetteer: most such sentences are about the event
    if _is_follow_up(sentence) or _names_its_own_event(sentence, facts):
        return False
    # Where the sentence says something happened; the article's own place named as a distance
    # ("in Mosul, 400 km north of Baghdad") or a hospital's is not. Only a sentence that names
    # it after "of" ("the outskirts of Baghdad") needs all its places read.
    own = _names_place(sentence, facts)
    far = False
    for found in located_once(gazetteer(), sentence, False):
        if found.cue not in _ATTACK_CUES:
            continue
        if own and _here(found.mention.text, found.mention.candidates, place):
            return False
        far = far or _far_from(found.mention.candidates, place, found.country is not None)
        if far and not own:
            break
    if not far:
        return False
    lowered = sentence.lower()
    named = {event for event, words in _distinct_kinds() if words.search(lowered)}
    if kinds and named and named.isdisjoint(kinds):
        return True
    if facts.killed is None and facts.injured is None:
        return False
    # A toll alone, with no weapon or disaster named ("in Antakya, 300 died"), is as often one
    # event's toll told place by place, as of a quake or a storm.
    if not any(words.search(sentence) for _, _, words in vocabulary().weapons):
        return False
    killed, injured = count_casualties([sentence])
    # Only figures both state are compared: a figure the article leaves unsaid, or only implies
    # (no one wounded because it tells of none), is no other toll.
    stated = [
        (theirs.value, mine.value)
        for theirs, mine in ((killed, facts.killed), (injured, facts.injured))
        if theirs is not None and mine is not None and not (theirs.inferred or mine.inferred)
    ]
    return bool(stated) and all(theirs != mine for theirs, mine in stated)


# "the earthquake", "this deadly quake": a definite word and up to two others before the word
_DEFINITE_BEFORE = re.compile(r"\b(?:the|this|that)\s+(?:[\w-]+\s+){0,2}$", re.I)


def _names_its_own_event(sentence: str, facts: ArticleFacts) -> bool:
    """The sentence names the article's own kind of event with a definite article ("In Antakya,
    the earthquake killed 300"): a toll told place by place, as of a quake, a storm or a
    wildfire, is one event's. A roundup's other attack is new to the reader, so it comes with
    "a" ("a roadside bomb killed two policemen in Mosul")."""
    from builder.extract import vocabulary

    for _, event, words in vocabulary().weapons:
        if event == facts.event_kind:
            return any(
                _DEFINITE_BEFORE.search(sentence, 0, found.start())
                for found in words.finditer(sentence)
            )
    return False


def _placed(facts: ArticleFacts, kind: str | None) -> bool:
    """The article places its event in a city with coordinates, and states a toll or reports a
    kind of attack that tells incidents apart: only then can a sentence tell of another attack
    by its place and its toll or kind (_another_attack_elsewhere)."""
    place = facts.place
    if place is None or place.city is None or place.latitude is None:
        return False
    return kind is not None or any(
        c is not None and not c.inferred for c in (facts.killed, facts.injured)
    )


# How a place is named where an attack happened ("in Mosul", "Mosul, Iraq", "a Mosul market",
# "Ain al-Asad air base"), not where someone was taken or lives.
_ATTACK_CUES = frozenset({"preposition", "region", "noun", "facility"})
# Places this close (km) are one: a city and its districts, which reports name either way.
NEAR_KM = 25.0


def _far_from(candidates: Iterable[Place], place: PlaceClaim, abroad: bool = False) -> bool:
    """Every place a name may be in the article's country is another than the article's: not
    its city or region, and more than NEAR_KM from it; a country is not a place of its own. A
    name that is a town only abroad ("the West End neighborhood" of an American city, which
    the gazetteer knows only in Canada and Britain) is more likely a local name the gazetteer
    lacks than an attack abroad; a facility (a base, an embassy) and a name followed by its
    country (`abroad`: "Erbil, Iraq") are taken wherever they are."""
    assert place.latitude is not None and place.longitude is not None
    here = Where(place.city or "", place.latitude, place.longitude, ())
    found = False
    for candidate in candidates:
        if (
            place.country is not None
            and candidate.country != place.country
            and candidate.kind in ("city", "region")
            and not abroad
        ):
            continue
        if candidate.kind == "country" or candidate.name in (place.city, place.region):
            return False
        if candidate.city is not None and candidate.city == place.city:
            return False
        if candidate.latitude is not None and candidate.longitude is not None:
            there = Where(candidate.name, candidate.latitude, candidate.longitude, ())
            if _kilometres(here, there) <= NEAR_KM:
                return False
            found = True
        elif candidate.kind == "region":
            found = True
    return found


def _here(text: str, candidates: Iterable[Place], place: PlaceClaim) -> bool:
    """A place name is the article's own place, or may be its city."""
    own = {fold(n) for n in (place.name, place.city) if n}
    return fold(text) in own or any(
        fold(c.name) in own or (c.city is not None and fold(c.city) in own) for c in candidates
    )


def _names_place(sentence: str, facts: ArticleFacts, after_of: bool = True) -> bool:
    """The sentence names the article's own place (its name or its city); without `after_of`,
    not counting a name after "of" ("north of Baghdad", "the outskirts of Baghdad")."""
    place = facts.place
    if place is None:
        return False
    for name in {n for n in (place.name, place.city) if n}:
        start = sentence.find(name)
        while start >= 0:
            if after_of or sentence[max(0, start - 3) : start] != "of ":
                return True
            start = sentence.find(name, start + 1)
    return False


def _weekday(day: date | None) -> int | None:
    return day.weekday() if day else None


def _scene(facts: ArticleFacts, event: date | None) -> str | None:
    place = facts.place
    area = place and (place.region or place.city)
    return f"{facts.event_kind}|{area}" if event and facts.event_kind and area else None


def _days(found: Iterable[DateMention]) -> list[date]:
    """The days among a sentence's dates (find_dates, resolved against the publication date)."""
    return [m.value for m in found if m.value and m.precision == "day"]


def _other_month(found: Iterable[DateMention], event: date) -> bool:
    """The sentence names a month further than MAX_DAYS_APART from the event: background about
    another incident ("in January 2020 the base was struck by missiles"), which shares the
    place and the kind of attack with the next one there, and must not make them alike."""
    slack = timedelta(days=MAX_DAYS_APART)
    for mention in found:
        start = mention.value
        if start is None or mention.precision != "month":
            continue
        end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        if not start - slack <= event <= end + slack:
            return True
    return False


def _count(sentence: str, position: int, counts: defaultdict[str, float]) -> None:
    weight = LEAD_WEIGHT if position <= LEAD_SENTENCES else 1.0
    names = position > 0  # in a headline every word may be capitalised
    previous, previous_stop, opening = "", False, ""
    for index, token in enumerate(_TOKEN.findall(sentence)):
        word, stop, term, name, figure, phrase_opening = _token_terms(token)
        if previous and not (previous_stop and stop):
            counts[opening + word] += weight  # PHRASE + previous + " " + word
        previous, previous_stop, opening = word, stop, phrase_opening
        if term is None:
            continue
        counts[term] += weight
        # Inside a sentence a capital marks a name; the first word of a sentence is capitalised
        # anyway.
        if name is not None and (figure or (names and index > 0)):
            counts[name] += weight


@lru_cache(maxsize=1 << 18)
def _token_terms(token: str) -> tuple[str, bool, str | None, str | None, bool, str]:
    """What a token adds to an article's counts (_count): its normal form, whether that is a
    stop word, its word term (None for a stop word or a single letter), its name term (None
    unless it starts with a capital or a figure), whether it starts with a figure (a name
    wherever it stands), and the start of a phrase it opens. Worked out once per distinct token:
    most tokens are common words met in every article."""
    word = _normal(token)
    stop = word in _STOP
    opening = PHRASE + word + " "
    if stop or (len(word) < 2 and not word.isdigit()):
        return word, stop, None, None, False, opening
    first = token[0]
    figure = first.isdigit()
    name = NAME + word if figure or first.isupper() else None
    return word, stop, WORD + word, name, figure, opening


@dataclass(frozen=True)
class Rarity:
    """In how many articles each term was, counted over a corpus (the IDF's statistics).

    A full build counts them and keeps them with the grouping snapshot (regroup.py); an
    incremental build weighs with those frozen counts, so that an article whose terms did not
    change keeps exactly the row it had. A term the frozen counts lack counts as in one article.
    """

    articles: int
    keys: np.ndarray  # uint64 term keys, in the column order of the build that counted them
    frequency: np.ndarray  # float64: in how many articles each key was


@dataclass(frozen=True)
class Rows:
    """Sparse rows in compressed form (CSR, as scipy keeps them): row r's columns, ascending, are
    indices[indptr[r]:indptr[r + 1]] and its values data[...]. Built with numpy alone: importing
    scipy.sparse took a third of a second of every build's start-up."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    shape: tuple[int, int]

    @property
    def nnz(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class Weighted:
    """One row per article: TF-IDF weights, scaled so that a row dot product is the similarity.

    Each kind of term is normalised on its own, so the dot product of two rows is
    NAME_SHARE * cosine(names) + PHRASE_SHARE * cosine(phrases) + the rest * cosine(words).
    """

    matrix: Rows
    aside: Rows  # the same for each article's sentences about other days
    vocabulary: np.ndarray  # uint64: the term key of each column
    rarity: Rarity | None = None  # the counts a full weighing made (None when it used frozen ones)
    # count -> each row's top_terms(row, count), -1 after the last, -2 for rows not asked for
    # yet (all_top_terms). Kept with the weighing in the grouping snapshot: a later weighing that
    # takes rows from this one takes their top terms too.
    tops: dict[int, np.ndarray] = field(default_factory=dict, compare=False, repr=False)

    def top_terms(self, row: int, count: int) -> list[int]:
        """Column ids of the row's heaviest terms; ties go to the lower id, for determinism."""
        start, end = self.matrix.indptr[row], self.matrix.indptr[row + 1]
        columns = self.matrix.indices[start:end]
        weights = self.matrix.data[start:end]
        order = np.lexsort((columns, -weights))[:count]
        return [int(c) for c in columns[order]]

    def all_top_terms(self, count: int) -> np.ndarray:
        """top_terms(row, count) of every row, a row to a line, -1 after a row's last term."""
        found = self.tops.setdefault(count, np.full((self.matrix.shape[0], count), -2))
        for row in np.flatnonzero(found[:, 0] == -2).tolist():
            terms = self.top_terms(row, count)
            found[row] = -1
            found[row, : len(terms)] = terms
        return found

    def similarity(
        self, left: Sequence[int], right: Sequence[int], aside: bool = False
    ) -> np.ndarray:
        """Similarity of each pair (left[k], right[k]); with `aside`, of left's aside."""
        if not left:
            return np.zeros(0)
        if len(left) <= FEW_PAIRS:
            return np.array([self._dot(aside, i, j) for i, j in zip(left, right, strict=True)])
        # In slices: two large groups that merge have millions of pairs, and the rows of all of
        # them at once took gigabytes.
        matrix = self.aside if aside else self.matrix
        found = [
            self._products(
                matrix,
                np.asarray(left[start : start + PAIRS_AT_ONCE]),
                np.asarray(right[start : start + PAIRS_AT_ONCE]),
            )
            for start in range(0, len(left), PAIRS_AT_ONCE)
        ]
        return np.concatenate(found)

    def _products(self, matrix: Rows, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """The sums scipy's `matrix[left].multiply(self.matrix[right]).sum(axis=1)` gives (the
        products of shared columns in column order, added by np.add.reduceat), without building
        two sparse matrices per call, whose overhead was most of grouping's time.

        Pairs are taken by their left row: its columns are found once, and each right row's
        columns are looked up in them (a few hundred sorted columns, which stay in the CPU's
        cache), instead of looking every pair's columns up in all the others'.
        """
        sums = np.zeros(len(left))
        order = np.argsort(left, kind="stable")
        starts = np.flatnonzero(np.diff(left[order], prepend=-1))
        for chunk in np.split(order, starts[1:]):
            row = left[chunk[0]]
            begin, end = matrix.indptr[row], matrix.indptr[row + 1]
            if begin == end:
                continue
            columns, values = matrix.indices[begin:end], matrix.data[begin:end]
            pair, right_column, right_value = _entries(self.matrix, right[chunk])
            slot, shared = _sorted_lookup(columns, right_column)
            products = values[slot[shared]] * right_value[shared]
            counts = np.bincount(pair[shared], minlength=len(chunk))
            nonempty = np.flatnonzero(counts)
            if len(nonempty):
                offsets = (np.cumsum(counts) - counts)[nonempty]
                sums[chunk[nonempty]] = np.add.reduceat(products, offsets)
        return sums

    def _dot(self, aside: bool, left: int, right: int) -> float:
        """One pair's similarity, summed in the order of the shorter row's entries.

        Looking the shorter row's columns up in the other row's (sorted) columns needs no copy
        of either row: keeping rows as mappings for this cost a gigabyte at 20,000 articles.
        """
        matrix = self.aside if aside else self.matrix
        a_start, a_end = matrix.indptr[left], matrix.indptr[left + 1]
        b_start, b_end = self.matrix.indptr[right], self.matrix.indptr[right + 1]
        a_columns, a_values = matrix.indices[a_start:a_end], matrix.data[a_start:a_end]
        b_columns, b_values = self.matrix.indices[b_start:b_end], self.matrix.data[b_start:b_end]
        if len(a_columns) > len(b_columns):
            a_columns, a_values, b_columns, b_values = b_columns, b_values, a_columns, a_values
        if not len(b_columns):
            return 0.0
        slot, shared = _sorted_lookup(b_columns, a_columns)
        # Python's sum adds one product after another, as the sum over a mapping did.
        return float(sum((a_values[shared] * b_values[slot[shared]]).tolist()))


def _entries(matrix: Rows, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(position in `rows`, column, value) of every entry of the given rows, in order."""
    starts = matrix.indptr[rows]
    lengths = matrix.indptr[rows + 1] - starts
    offsets = np.cumsum(lengths) - lengths
    total = int(lengths.sum())
    position = np.arange(total) - np.repeat(offsets - starts, lengths)
    pair = np.repeat(np.arange(len(rows), dtype=np.int64), lengths)
    return pair, matrix.indices[position], matrix.data[position]


def weigh(
    all_terms: Sequence[Terms],
    rarity: Rarity | None = None,
    earlier: Weighted | None = None,
    kept: Sequence[int] = (),
) -> Weighted:
    """TF-IDF rows for the corpus; rarity is counted over all its articles, or given (frozen).

    Columns are numbered in order of first use (with frozen counts: in their column order, then
    new terms in order of first use), so the same articles in the same order give the same
    matrix, and ties between equal weights (Weighted.top_terms) fall the same way.

    `earlier` is what weigh gave an earlier corpus with the same frozen `rarity`, and `kept[r]`
    the row of it that has the terms of row r (-1: none). A kept row that holds only frozen
    terms is taken from it, with its columns renumbered, instead of weighed again: its weights
    depend only on its own terms and the frozen counts, and the frozen terms keep their order,
    so it is the same row bit for bit. Weighing every row was a tenth of adding one article to
    a 5,000-article archive.
    """
    total = len(all_terms)
    reuse = None if earlier is None or rarity is None else _reusable(earlier, rarity, kept)
    weighed = np.arange(total) if reuse is None else np.flatnonzero(reuse.rows < 0)
    rows, keys, counts = _coordinates([all_terms[r].counts for r in weighed.tolist()])
    renumber = np.zeros(0, np.int64)
    if rarity is None:
        columns, vocabulary = _by_first_use(keys)
        frozen_frequency = None
    else:
        also = np.zeros(0, np.int64) if reuse is None else reuse.frozen_columns()
        columns, vocabulary, frozen_frequency, renumber = _frozen(keys, rarity, also)
    del keys
    main = (rows, columns, counts)
    # A term only an aside uses is in no article's own terms: it cannot match, so it is left out.
    aside_rows, aside_keys, aside_counts = _coordinates([item.aside for item in all_terms])
    if len(vocabulary):
        sorted_vocabulary = np.sort(vocabulary)
        slot, known = _sorted_lookup(sorted_vocabulary, aside_keys)
        column_of = np.argsort(vocabulary, kind="stable")  # sorted position -> column
        aside = (aside_rows[known], column_of[slot[known]], aside_counts[known])
    else:
        aside = (aside_rows[:0], aside_rows[:0], aside_counts[:0])
    if rarity is None or frozen_frequency is None:
        document_frequency = np.bincount(columns, minlength=len(vocabulary)).astype(float)
        counted: Rarity | None = Rarity(total, vocabulary, document_frequency)
        corpus = total
    else:
        document_frequency, counted, corpus = frozen_frequency, None, rarity.articles
    idf = IDF_FLOOR + np.log((1 + corpus) / (1 + document_frequency))
    shares = {NAME: NAME_SHARE, PHRASE: PHRASE_SHARE, WORD: 1.0 - NAME_SHARE - PHRASE_SHARE}
    kind = (vocabulary >> np.uint64(62)).astype(np.int64)
    scale = np.sqrt(np.array([shares[k] for k in KINDS]))
    shape = (total, len(vocabulary))
    matrix = _matrix(main, (len(weighed), len(vocabulary)), idf, kind, scale)
    tops: dict[int, np.ndarray] = {}
    if reuse is not None and earlier is not None:
        matrix = reuse.merged(matrix, renumber, shape)
        tops = {n: reuse.tops(found, renumber) for n, found in earlier.tops.items()}
    aside_matrix = _matrix(aside, shape, idf, kind, scale)
    return Weighted(matrix, aside_matrix, vocabulary, counted, tops)


def _reusable(earlier: Weighted, rarity: Rarity, kept: Sequence[int]) -> _Reuse:
    """Which rows of `earlier` to take: those kept that hold only frozen terms. A row with a term
    the frozen counts lack is weighed again: the column of such a term is numbered by its first
    use, which the articles added since can change."""
    order = np.argsort(rarity.keys, kind="stable")
    slot, known = _find(rarity.keys[order], earlier.vocabulary)
    frozen_column = np.where(known, order[slot], -1)
    # The rows of the entries in such columns (few: the articles added since the counts froze).
    entries = np.flatnonzero(frozen_column[earlier.matrix.indices] < 0)
    unfrozen = np.zeros(earlier.matrix.shape[0], bool)
    unfrozen[np.searchsorted(earlier.matrix.indptr, entries, side="right") - 1] = True
    rows = np.asarray(kept, np.int64).reshape(-1)
    rows = np.where((rows >= 0) & ~unfrozen[np.maximum(rows, 0)], rows, -1)
    return _Reuse(earlier.matrix, rows, frozen_column)


@dataclass(frozen=True)
class _Reuse:
    """Rows taken from an earlier weighing with the same frozen counts."""

    earlier: Rows
    rows: np.ndarray  # for each row, the row of `earlier` it is (-1: weighed now)
    columns: np.ndarray  # for each of earlier's columns, its frozen column (-1: not frozen)

    def frozen_columns(self) -> np.ndarray:
        """The frozen columns of the terms of the rows taken (they are present terms): those of
        all of earlier's rows but for the columns only the rows not taken have."""
        used = np.bincount(self.earlier.indices, minlength=self.earlier.shape[1])
        dropped = np.ones(self.earlier.shape[0], bool)
        dropped[self.rows[self.rows >= 0]] = False
        positions, _ = _positions(self.earlier.indptr, np.flatnonzero(dropped))
        used -= np.bincount(self.earlier.indices[positions], minlength=self.earlier.shape[1])
        found: np.ndarray = self.columns[used > 0]
        return found

    def tops(self, earlier: np.ndarray, renumber: np.ndarray) -> np.ndarray:
        """Weighted.tops of the rows taken, from those of `earlier`: a taken row has the same
        weights, and its columns keep their order, so the same terms are its heaviest."""
        found = np.full((len(self.rows), earlier.shape[1]), -2)
        taken = np.flatnonzero(self.rows >= 0)
        terms = earlier[self.rows[taken]]
        found[taken] = np.where(terms >= 0, renumber[self.columns[terms]], terms)
        return found

    def merged(self, weighed: Rows, renumber: np.ndarray, shape: tuple[int, int]) -> Rows:
        """Rows in order: the rows taken, their columns renumbered (`renumber`: frozen column ->
        column), and the rows of `weighed` in the places of the others. Rows taken from
        consecutive rows of earlier are copied as one stretch (adding an article splits them in
        two); each weighed row is a stretch of its own."""
        taken = self.rows >= 0
        columns = renumber[self.columns].astype(weighed.indices.dtype)
        lengths = np.empty(shape[0], np.int64)
        lengths[taken] = np.diff(self.earlier.indptr)[self.rows[taken]]
        lengths[~taken] = np.diff(weighed.indptr)
        indptr = np.zeros(shape[0] + 1, np.int64)
        np.cumsum(lengths, out=indptr[1:])
        starts = np.ones(shape[0], bool)
        starts[1:] = ~taken[1:] | ~taken[:-1] | (self.rows[1:] != self.rows[:-1] + 1)
        begins = np.flatnonzero(starts).tolist()
        indices: list[np.ndarray] = []
        data: list[np.ndarray] = []
        fresh = 0
        for begin, end in zip(begins, [*begins[1:], shape[0]], strict=True):
            first = int(self.rows[begin])
            if first < 0:
                part = slice(weighed.indptr[fresh], weighed.indptr[fresh + 1])
                indices.append(weighed.indices[part])
                data.append(weighed.data[part])
                fresh += 1
            else:
                part = slice(self.earlier.indptr[first], self.earlier.indptr[first + end - begin])
                indices.append(columns[self.earlier.indices[part]])
                data.append(self.earlier.data[part])
        empty = (np.zeros(0, weighed.indices.dtype), np.zeros(0))
        return Rows(
            indptr, np.concatenate([empty[0], *indices]), np.concatenate([empty[1], *data]), shape
        )


def _positions(indptr: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The positions of the entries of the given rows, row after row, and each row's length."""
    starts = indptr[rows]
    lengths = indptr[rows + 1] - starts
    offsets = np.cumsum(lengths) - lengths
    return np.arange(int(lengths.sum())) - np.repeat(offsets - starts, lengths), lengths


def _by_first_use(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each key's column, numbering distinct keys in order of first use, and the keys by column.

    What np.unique(keys, return_index=True, return_inverse=True) gives, renumbered, with fewer
    arrays of one entry per key alive at once (np.unique's were the peak memory of weighing).
    """
    order = np.argsort(keys, kind="stable")  # stable: a distinct key's first entry is its first use
    ordered = keys[order]
    new = np.ones(len(keys), bool)
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    vocabulary = ordered[new]
    del ordered
    first = order[new]
    # Sorted keys are numbered in sorted order; renumber them in order of first use.
    by_first_use = np.argsort(first, kind="stable")
    renumber = np.empty(len(vocabulary), np.int64)
    renumber[by_first_use] = np.arange(len(vocabulary))
    sorted_ids = np.cumsum(new)
    del new
    sorted_ids -= 1
    columns = np.empty(len(keys), np.int64)
    columns[order] = renumber[sorted_ids]
    return columns, vocabulary[by_first_use]


def _frozen(
    keys: np.ndarray, rarity: Rarity, also: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Columns, vocabulary and counts with frozen counts: the frozen terms present keep their
    columns' order, new terms follow in order of first use (and count as in one article). Also
    present are the frozen terms at positions `also` of rarity.keys (those of rows taken from an
    earlier weighing); the last array gives each such position its column.

    Only the new terms, a few, are sorted: sorting all of an archive's keys to number them took
    most of the time of weighing it.
    """
    order = np.argsort(rarity.keys, kind="stable")
    slot, known = _find(rarity.keys[order], keys)
    position = order[slot[known]]  # each known key's frozen column
    present = np.zeros(len(rarity.keys), bool)
    present[position] = True
    present[also] = True
    renumber = np.cumsum(present) - 1  # frozen column -> column among the terms present
    new_columns, new_vocabulary = _by_first_use(keys[~known])
    columns = np.empty(len(keys), np.int64)
    columns[known] = renumber[position]
    columns[~known] = int(present.sum()) + new_columns
    vocabulary = np.concatenate([rarity.keys[present], new_vocabulary])
    frequency = np.concatenate([rarity.frequency[present], np.ones(len(new_vocabulary))])
    return columns, vocabulary, frequency, renumber


def _sorted_lookup(table: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each of `keys`: its position in `table` (sorted, not empty) by binary search, and
    whether it is there (the position is meaningless where it is not)."""
    slot = np.minimum(np.searchsorted(table, keys), len(table) - 1)
    return slot, table[slot] == keys


_FIND_AT_ONCE = 1 << 16


def _find(table: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """What _sorted_lookup gives (`table` of distinct keys, possibly empty), faster for a big table.

    A key is looked for first in a hash table of the table's positions by the low bits of the
    keys (which are hash bits), eight times as large as the table, and only a key whose slot
    another key holds is looked up by binary search: np.searchsorted over a million keys took
    three times as long, and more memory.
    """
    if not len(table):
        return np.zeros(len(keys), np.int64), np.zeros(len(keys), bool)
    bits = len(table).bit_length() + 3
    mask = np.uint64((1 << bits) - 1)
    slots = np.full(1 << bits, -1, np.int64)
    slots[(table & mask).view(np.int64)] = np.arange(len(table))
    position = np.empty(len(keys), np.int64)
    found = np.empty(len(keys), bool)
    for start in range(0, len(keys), _FIND_AT_ONCE):  # a slice at a time: less memory at once
        part = keys[start : start + _FIND_AT_ONCE]
        index = (part & mask).view(np.int64)
        position[start : start + len(part)] = slots[index]
        np.maximum(position[start : start + len(part)], 0, out=index)
        # A free slot (-1) looks at table[0], which is not the key.
        found[start : start + len(part)] = table[index] == part
    unsure = np.flatnonzero((position >= 0) & ~found)
    if len(unsure):
        slot, hit = _sorted_lookup(table, keys[unsure])
        position[unsure[hit]] = slot[hit]
        found[unsure[hit]] = True
    return position, found


def _coordinates(all_counts: Sequence[Packed]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows, keys and counts of every article's terms, in the order of the articles."""
    lengths = np.fromiter((len(packed) for packed in all_counts), np.int64, len(all_counts))
    rows = np.repeat(np.arange(len(all_counts), dtype=np.int64), lengths)
    # The bytes joined and read as one array: two small arrays per article (Packed.arrays) took
    # most of the time of weighing an added article's corpus, whose rows are mostly reused.
    keys = np.frombuffer(b"".join(packed.keys for packed in all_counts), np.uint64).copy()
    if all(len(packed.counts) == 2 * len(packed) for packed in all_counts):  # all in 16 bits
        joined = b"".join(packed.counts for packed in all_counts)
        counts = np.frombuffer(joined, np.float16).astype(np.float64)
    else:
        counts = np.concatenate([np.zeros(0), *(packed.arrays()[1] for packed in all_counts)])
    return rows, keys, counts


def _matrix(
    coordinates: tuple[np.ndarray, np.ndarray, np.ndarray],
    shape: tuple[int, int],
    idf: np.ndarray,
    kind: np.ndarray,
    scale: np.ndarray,
) -> Rows:
    """Rows of (1 + log count) * idf, each kind of term normalised to its share of the norm."""
    row_ids, column_ids, counts = coordinates
    values = (1.0 + np.log(counts)) * idf[column_ids]
    part = row_ids * len(scale) + kind[column_ids]
    norms = np.sqrt(np.bincount(part, weights=values * values, minlength=shape[0] * len(scale)))
    values *= scale[kind[column_ids]] / norms[part]
    del part, norms  # one entry per term of every article: not kept while sorting
    # Columns ascending in each row (Weighted._dot looks columns up in a row). The rows come in
    # order (_coordinates), so one integer key per entry sorts the columns within them (np.lexsort
    # on the two arrays took ten times as long), and the row ids stay as they are. Columns are
    # kept as 32-bit integers when they fit, as scipy keeps them: at 50,000 articles each copy of
    # the entries is 100 MB in 64 bits.
    assert not (row_ids[1:] < row_ids[:-1]).any(), "rows out of order"
    key = row_ids * max(shape[1], 1)
    key += column_ids
    order = np.argsort(key)
    del key
    dtype = np.int32 if shape[1] < 2**31 else np.int64
    column_ids, values = column_ids.astype(dtype, copy=False)[order], values[order]
    del order
    # A column twice in a row (two terms whose keys collide) is one entry, their sum, as scipy's
    # csr_matrix makes it.
    first = np.ones(len(values), bool)
    first[1:] = (row_ids[1:] != row_ids[:-1]) | (column_ids[1:] != column_ids[:-1])
    if not first.all():
        starts = np.flatnonzero(first)
        row_ids, column_ids = row_ids[starts], column_ids[starts]
        values = np.add.reduceat(values, starts)
    indptr = np.zeros(shape[0] + 1, np.int64)
    np.cumsum(np.bincount(row_ids, minlength=shape[0]), out=indptr[1:])
    return Rows(indptr, column_ids, values, shape)
