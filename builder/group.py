"""Stage 3: group articles that report the same incident.

Similarity of two articles is the TF-IDF cosine of their names, numbers and words (see
evidence.py): rare shared terms such as a victim's name or a street weigh much, topic words that
every shooting report has weigh little.

Blocking keeps the work near-linear: each article is indexed under its few most distinctive
terms, and only articles that share one of those are compared. A term too common to distinguish
(in more than MAX_POSTING articles' top terms) indexes nothing. Reports of one kind of event in
one region a day apart at most (a scene) are compared too, unless the scene is busy (SCENE_MAX).

Event dates weigh on the similarity: two articles whose dates (or weekdays) agree are more
likely one incident, two whose dates are days apart less likely, even in the same place. Dates
are evidence, not a veto, because an article's event date can be the date of an arrest or a
funeral that follows the incident.

Articles are merged by average-link clustering on that sparse graph: two groups join only when
their members are similar on average, so one shared name cannot chain two incidents together.
An article that reports no event (a comment, a rumour) then joins the incident of the report it
is most like, if no report joined it: it takes up one aspect of an incident, and is unlike the
incident's reports on average.

The result does not depend on the order of the input: articles are processed in the order of
their ids, and ties are broken by id.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np

from builder import evidence
from builder.models import ArticleFacts, Incident

# Average similarity two groups need to be one incident. Below it, articles share words but not
# enough names, numbers and rare words to be the same event.
MERGE_THRESHOLD = 0.15
# How dates scale a pair's similarity. A weekday is a weak clue (an article may name the day of
# a statement); two event dates days or months apart are strong evidence of two incidents. Two
# undated reports that name the same weekday add nothing: an incident and its like a week or
# years later (a champion's next title fight, the next quake on one island) share it as often.
DATE_FACTORS = {
    "same": 1.3,
    "same weekday": 1.0,
    "unknown": 1.0,
    "other weekday": 0.7,
    "days apart": 0.5,
    "months apart": 0.2,
}
# How a pair's similarity is scaled when the articles place their attacks in cities far apart,
# and when their stated death tolls differ widely. Not vetoes: the extracted city can be a
# neighbouring town or the hospital's, and a toll can be a partial count.
FAR_PLACES = 0.7
OTHER_TOLL = 0.7
# ... and when their leads name victims of different ages.
OTHER_AGE = 0.7
# ... and when they report events of different kinds (a rocket attack, a drone attack) and
# neither uses the other's words: two attacks on one base on consecutive days. Reports of one
# attack name its weapon, or its effect (an explosion), and a barrage is of rockets and drones:
# two weapons named each alone tell of two incidents as surely as dates days apart.
OTHER_KIND = DATE_FACTORS["days apart"]
# ... and when one is a follow-up (a funeral, an arrest) of an event in the same city, dated
# after it (evidence.follows_in_place): as strong as reports that agree on the day.
FOLLOWS = DATE_FACTORS["same"]
# ... and when both name one person with the same age (evidence.same_person): a victim or a
# suspect, whom a funeral notice or a court story names in words of its own.
SAME_PERSON = 1.5
# Two groups of several articles each merge only if they are alike on average at least this
# share of the average similarity inside the looser of them: two tight groups of reports (two
# toddlers shot a day apart in neighbouring towns, each told by two stations) that are only
# loosely alike are two incidents, even when that loose likeness passes MERGE_THRESHOLD.
COHESION = 0.5
# ... where a group's likeness counts for at most this much: about what two reports of one event
# in their own words rarely exceed. Copies of one story (a wire story on several sites) score
# about 1, and 1.3 with their dates: a group of copies would otherwise ask for a likeness of
# 0.5-0.65 from any other report of its event, and two reports of one bombing, each published
# twice, would stay two incidents.
COPIES = 0.8
# Blocking: each article is indexed under this many of its most distinctive terms...
BLOCKING_TERMS = 15
# ... and a term indexing more articles than this is too common to propose pairs.
MAX_POSTING = 300
# A term indexing more articles than this proposes only pairs dated within evidence.AGREE_DAYS
# of each other. Such a term pairs an article with every article of the month that has it, so
# the pairs grew with the archive's density: on a generated 20,000-article archive, terms in 100
# to 300 articles' top terms proposed three quarters of the pairs, and the pairs that merge were
# those of the same day or proposed by rarer terms.
COMMON_POSTING = 100
# Articles further apart in time than this are not compared, unless the later one is a follow-up
# (an arrest, a trial), which is compared with articles up to FOLLOW_UP_DAYS before it.
WINDOW_DAYS = 31
FOLLOW_UP_DAYS = 3 * 365
# Under one term, an article is compared with at most this many articles just before it in time.
NEAREST = 30
# Two reports of one event in their own words can share none of their heaviest terms (a mother's
# plea after a party shooting and the arrests, each naming other people). Articles that report
# an event of one kind in one region (else city) with event dates within evidence.AGREE_DAYS
# are compared too, unless more than this many articles share that scene and those days: in a
# busy place that says little, and the pairs would grow with the square of its articles.
SCENE_MAX = 10


@dataclass(frozen=True)
class Group:
    members: tuple[int, ...]  # indexes into the list of facts, ascending
    # Roundups: articles whose main subject is another group but that report this one too.
    secondary: tuple[int, ...] = ()


def date_factor(a: evidence.When, b: evidence.When, similarity: float = 0.0) -> float:
    """How the dates scale a pair of that similarity. Two articles at least COPIES alike are one
    text: copies of one story carry its date, so if their dates conflict the text is an outlet's
    template filled in for two events ("Three rockets targeted Ain al-Asad air base on
    Wednesday, a security source said. There were no casualties."), and they are not one."""
    factor = DATE_FACTORS[evidence.date_agreement(a, b)]
    return 0.0 if similarity >= COPIES and factor < DATE_FACTORS["unknown"] else factor


def blocking(weighted: evidence.Weighted) -> dict[int, list[int]]:
    """Term (column) -> the articles (rows) that have it among their most distinctive terms, in
    ascending order, the terms in ascending order."""
    top = weighted.all_top_terms(BLOCKING_TERMS)
    terms = top.ravel()
    present = terms >= 0  # -1 after a row's last term
    # A stable sort by term keeps each term's rows in the order of the rows: what appending row
    # by row gave, at a fraction of the time (an add-one build makes all the postings).
    order = np.argsort(terms[present], kind="stable")
    rows = np.repeat(np.arange(top.shape[0]), top.shape[1])[present][order].tolist()
    terms = terms[present][order]
    starts = np.flatnonzero(np.diff(terms, prepend=-1)).tolist()
    return {
        term: rows[start:end]
        for term, start, end in zip(
            terms[starts].tolist(), starts, [*starts[1:], len(rows)], strict=True
        )
    }


def candidate_pairs(
    weighted: evidence.Weighted,
    when: Sequence[evidence.When],
    rows: Set[int] | None = None,
    postings: Mapping[int, list[int]] | None = None,
    scenes: Sequence[str | None] = (),
) -> list[tuple[int, int]]:
    """Pairs of articles that share one of their most distinctive terms and are close in time.

    Time is the event date, else the publication date. Articles within WINDOW_DAYS of each other
    are compared (within evidence.AGREE_DAYS under a term of more than COMMON_POSTING articles);
    a follow-up story (a trial) is also compared with articles up to FOLLOW_UP_DAYS before it;
    an article with no date at all is compared with every article that shares the term. With
    `rows`, only the pairs with an article among them (the same pairs as without, but only the
    postings that hold one of those articles are gone through). `postings` are those of
    blocking(weighted), when known already. Articles of one of `scenes` (evidence.Evidence.scene,
    by article) are compared as SCENE_MAX says.
    """
    if postings is None:
        postings = blocking(weighted)
    day = [w.event or w.published for w in when]
    pairs: set[tuple[int, int]] = set()
    # With `rows`, the postings that hold one of them are those of their top terms.
    found = (
        postings.values()
        if rows is None
        else [postings[term] for term in _top_terms_of(weighted, rows) if term in postings]
    )
    for members in found:
        if len(members) > MAX_POSTING:
            continue
        undated = [i for i in members if day[i] is None]
        dated = sorted((i for i in members if day[i] is not None), key=lambda i: (day[i], i))
        for i in undated:
            pairs.update((min(i, j), max(i, j)) for j in members if j != i)
        common = len(members) > COMMON_POSTING
        for position, i in enumerate(dated):
            reach = FOLLOW_UP_DAYS if when[i].follow_up else WINDOW_DAYS
            if common:
                reach = evidence.AGREE_DAYS
            # The nearest earlier articles only, so that a dense month costs no more per article.
            for j in reversed(dated[max(0, position - NEAREST) : position]):
                if (day[i] - day[j]).days > reach:  # type: ignore[operator]
                    break
                pairs.add((min(i, j), max(i, j)))
    pairs.update(_scene_pairs(scenes, when, rows))
    if rows is not None:
        pairs = {(i, j) for i, j in pairs if i in rows or j in rows}
    return sorted(pairs)


def _top_terms_of(weighted: evidence.Weighted, rows: Set[int]) -> list[int]:
    """The distinct terms (columns) among the given rows' most distinctive terms, ascending."""
    top = weighted.all_top_terms(BLOCKING_TERMS)[sorted(rows)]
    found: list[int] = np.unique(top[top >= 0]).tolist()
    return found


def _scene_pairs(
    scenes: Sequence[str | None], when: Sequence[evidence.When], rows: Set[int] | None
) -> set[tuple[int, int]]:
    """Pairs of articles of one scene whose event dates are within evidence.AGREE_DAYS, where
    at most SCENE_MAX articles of the scene are within those days of either (with `rows`, of
    the scenes of those articles only)."""
    if not scenes:
        return set()
    wanted = None if rows is None else {scenes[i] for i in rows}
    by_scene: dict[str, list[tuple[int, int]]] = defaultdict(list)  # scene -> (day, article)
    for i, (scene, found) in enumerate(zip(scenes, when, strict=True)):
        if scene is not None and found.event is not None and (wanted is None or scene in wanted):
            by_scene[scene].append((found.event.toordinal(), i))
    reach = evidence.AGREE_DAYS
    pairs: set[tuple[int, int]] = set()
    for days in by_scene.values():
        days.sort()
        starts = [bisect_left(days, (day - reach, -1)) for day, _ in days]
        quiet = [
            bisect_right(days, (day + reach, len(scenes))) - start <= SCENE_MAX
            for (day, _), start in zip(days, starts, strict=True)
        ]
        for position, (_, i) in enumerate(days):
            if quiet[position]:
                pairs.update(
                    (min(i, j), max(i, j))
                    for other, (_, j) in enumerate(
                        days[starts[position] : position], starts[position]
                    )
                    if quiet[other]
                )
    return pairs


# Given the articles in id order, a function that gives the candidate pairs (indexes into that
# order) with an article among the given ones, their weights and a function that scores pairs:
# clusters (lists of indexes) to keep as they are.
Settled = Callable[
    [
        Sequence[ArticleFacts],
        Callable[[Set[int]], list[tuple[int, int]]],
        evidence.Weighted,
        Callable[[list[int], list[int]], list[float]],
    ],
    list[list[int]],
]
# Given the articles in id order and the clusters (lists of indexes into that order): the
# articles whose roundups are known already, each with the numbers of the clusters it reports.
Recalled = Callable[[Sequence[ArticleFacts], list[list[int]]], dict[int, list[int]]]
# Given the articles in id order: an earlier weighing with the same frozen counts and, for each
# article, the row of it that has the article's terms (-1: none), as evidence.weigh takes them.
Earlier = Callable[[Sequence[ArticleFacts]], tuple[evidence.Weighted | None, list[int]]]


def group(
    facts: Sequence[ArticleFacts],
    rarity: evidence.Rarity | None = None,
    settled: Settled | None = None,
    recalled: Recalled | None = None,
    earlier: Earlier | None = None,
) -> list[Group]:
    """Average-link clustering over the blocked candidate pairs; deterministic.

    With `rarity`, terms are weighed with those frozen counts instead of the corpus's own.
    `settled` may name clusters that are known already (regroup.py); only the other articles
    are clustered, with the candidate pairs among them. Roundups are looked for in all clusters,
    but for the articles `recalled` knows them for. `earlier` gives the rows weighed already.
    """
    order = sorted(range(len(facts)), key=lambda i: facts[i].id)
    ordered = [facts[i] for i in order]
    found = [evidence.article_evidence(f) for f in ordered]
    earlier_weighing, earlier_rows = earlier(ordered) if earlier else (None, [])
    weighted = evidence.weigh([e.terms for e in found], rarity, earlier_weighing, earlier_rows)
    when = [e.when for e in found]
    scenes = [e.scene for e in found]
    clustering = _Clustering(ordered, weighted, found)

    # Blocking's postings, made on the first request for pairs with given articles and kept for
    # the next (an incremental grouping asks three times), then dropped before clustering.
    known: list[dict[int, list[int]]] = []

    def touching(rows: Set[int]) -> list[tuple[int, int]]:
        if not known:
            known.append(blocking(weighted))
        return candidate_pairs(weighted, when, rows, known[0], scenes)

    kept = settled(ordered, touching, weighted, clustering.score) if settled else []
    done = {i for members in kept for i in members}
    # clustering.attach needs the candidate pairs of the articles that report no event: taken
    # now, while the pairs or the postings are at hand.
    quiet = {i for i, f in enumerate(ordered) if not f.reports_incident}
    if done:
        region = set(range(len(ordered))) - done
        pairs = [(i, j) for i, j in touching(region) if i in region and j in region]
        quiet_pairs = touching(quiet) if quiet else []
    else:
        pairs = candidate_pairs(weighted, when, scenes=scenes)
        quiet_pairs = [(i, j) for i, j in pairs if i in quiet or j in quiet]
    known.clear()
    clustering.start(pairs, [i for i in range(len(ordered)) if i not in done])
    del pairs
    clusters = clustering.attach(clustering.run() + kept, quiet_pairs)
    secondary = clustering.roundups(clusters, recalled(ordered, clusters) if recalled else {})
    groups = (
        Group(
            tuple(sorted(order[i] for i in members)),
            tuple(sorted(order[i] for i in secondary.get(number, ()))),
        )
        for number, members in enumerate(clusters)
    )
    return sorted(groups, key=lambda g: g.members[0])


class _Clustering:
    """Average-link clustering where only blocked pairs make two groups neighbours.

    The linkage of two neighbouring groups is the exact sum over all their member pairs (so a
    pair that blocking did not propose still counts); it is kept per neighbouring pair of groups
    and added up when groups merge.
    """

    def __init__(
        self,
        facts: Sequence[ArticleFacts],
        vectors: evidence.Weighted,
        found: Sequence[evidence.Evidence],
    ):
        self.facts = facts
        self.aside_days = [e.terms.aside_days for e in found]
        self.vectors = vectors
        self.when = [e.when for e in found]
        self.places = evidence.Places(found)
        self.found = found
        self.members: dict[int, list[int]] = {}
        self.linkage: dict[int, dict[int, float]] = defaultdict(dict)

    def start(self, pairs: list[tuple[int, int]], members: Iterable[int]) -> None:
        """Each of `members` is a group of its own; `pairs` (among them) make groups neighbours."""
        self.members = {i: [i] for i in members}
        scores = self._pairs([i for i, _ in pairs], [j for _, j in pairs])
        for (i, j), score in zip(pairs, scores, strict=True):
            self.linkage[i][j] = self.linkage[j][i] = score

    def score(self, left: list[int], right: list[int]) -> list[float]:
        """Similarity of each pair (left[k], right[k]), with the evidence of dates, places,
        tolls, ages and kinds of event."""
        return self._pairs(left, right)

    def _pairs(self, left: list[int], right: list[int]) -> list[float]:
        similarity = self.vectors.similarity(left, right)
        when, far_apart, found = self.when, self.places.far_apart, self.found
        return [
            float(s)
            * date_factor(when[i], when[j], float(s))
            * (FAR_PLACES if s and far_apart(i, j) else 1.0)
            * (OTHER_TOLL if s and evidence.tolls_differ(found[i], found[j]) else 1.0)
            * (OTHER_AGE if s and evidence.ages_differ(found[i], found[j]) else 1.0)
            * (OTHER_KIND if s and evidence.kinds_differ(found[i], found[j]) else 1.0)
            * (FOLLOWS if s and evidence.follows_in_place(found[i], found[j]) else 1.0)
            * (SAME_PERSON if s and evidence.same_person(found[i], found[j]) else 1.0)
            for s, i, j in zip(similarity, left, right, strict=True)
        ]

    def _sums(self, a: int, others: list[int]) -> list[float]:
        """Linkage of group a with each of the others, computing the pairs not yet known."""
        missing = [o for o in others if o not in self.linkage[a]]
        left = [i for o in missing for i in self.members[a] for _ in self.members[o]]
        right = [j for o in missing for _ in self.members[a] for j in self.members[o]]
        scores = iter(self._pairs(left, right))
        computed = {
            o: sum(next(scores) for _ in range(len(self.members[a]) * len(self.members[o])))
            for o in missing
        }
        return [self.linkage[a].get(o, computed.get(o, 0.0)) for o in others]

    def _average(self, a: int, b: int) -> float:
        return self.linkage[a][b] / (len(self.members[a]) * len(self.members[b]))

    def _cohesion(self, a: int, within: dict[int, float]) -> float:
        """Average similarity of group a's member pairs, at most COPIES; 0 for one article."""
        size = len(self.members[a])
        return min(COPIES, within[a] / (size * (size - 1) / 2)) if size > 1 else 0.0

    def run(self) -> list[list[int]]:
        heap = [
            (-score, a, b, 0, 0)
            for a in sorted(self.linkage)
            for b in sorted(self.linkage[a])
            if a < b and (score := self._average(a, b)) >= MERGE_THRESHOLD
        ]
        heapq.heapify(heap)
        # Each entry holds the versions of its two groups when it was pushed; a group's version
        # grows with it, so an entry pushed before one of them grew is stale and skipped.
        version = dict.fromkeys(self.members, 0)
        # Sum of the similarities of each group's own member pairs.
        within = dict.fromkeys(self.members, 0.0)
        while heap:
            negative, a, b, version_a, version_b = heapq.heappop(heap)
            if a not in self.members or b not in self.members:
                continue
            if (version_a, version_b) != (version[a], version[b]):
                continue  # one of the groups grew since this entry was pushed
            if -negative < COHESION * min(self._cohesion(a, within), self._cohesion(b, within)):
                continue  # two tight groups that are only loosely alike: two incidents
            within[a] += within.pop(b) + self.linkage[a][b]
            others = sorted((set(self.linkage[a]) | set(self.linkage[b])) - {a, b})
            sums = {
                other: x + y
                for other, x, y in zip(
                    others, self._sums(a, others), self._sums(b, others), strict=True
                )
            }
            for other in self.linkage.pop(b):
                self.linkage[other].pop(b, None)
            self.members[a].extend(self.members.pop(b))
            version[a] += 1
            for other, total in sums.items():
                self.linkage[a][other] = self.linkage[other][a] = total
                score = self._average(a, other)
                if score >= MERGE_THRESHOLD:
                    low, high = min(a, other), max(a, other)
                    heapq.heappush(heap, (-score, low, high, version[low], version[high]))
        return list(self.members.values())

    def attach(
        self, clusters: list[list[int]], quiet_pairs: list[tuple[int, int]]
    ) -> list[list[int]]:
        """Join each cluster in which no article reports an event to the cluster of the report
        most like one of its articles, if that pair is as alike as MERGE_THRESHOLD. `quiet_pairs`
        are the candidate pairs of the articles that report no event.

        Such articles (a comment, a rumour, a profile, a call for reform after an escape) are
        about an incident that others report, and alone they are not published. Each is like
        the few reports of the aspect it takes up, not like the incident's reports on average:
        when average-link merges the most alike first, such an article comes last, to a group
        grown through reports in other words, and stays out. So it is placed by its nearest
        report, as a reader would place it. A report of an event is not: alone, it is more
        likely a look-alike incident than part of one it is unlike on average.
        """
        home = {i: number for number, members in enumerate(clusters) for i in members}
        strays = {
            number
            for number, members in enumerate(clusters)
            if not any(self.facts[i].reports_incident for i in members)
        }
        if not strays:
            return clusters
        rows = {i for number in strays for i in clusters[number]}
        pairs = [
            (i, j) if i in rows else (j, i)
            for i, j in quiet_pairs
            if (home[i] in strays) != (home[j] in strays)
        ]
        scores = self._pairs([i for i, _ in pairs], [j for _, j in pairs])
        best: dict[int, tuple[float, int]] = {}  # stray cluster -> (similarity, report)
        for (i, j), score in zip(pairs, scores, strict=True):
            number = home[i]
            found = best.get(number)
            # The most alike report; of equal ones, the first in id order.
            if score >= MERGE_THRESHOLD and (found is None or (score, -j) > (found[0], -found[1])):
                best[number] = (score, j)
        merged = [list(members) for members in clusters]
        for number, (_, j) in best.items():
            merged[home[j]].extend(clusters[number])
            merged[number] = []
        return [sorted(members) for members in merged if members]

    def roundups(
        self, clusters: list[list[int]], known: Mapping[int, list[int]]
    ) -> dict[int, list[int]]:
        """Which articles also report another group than their own (cluster number -> articles).

        An article reports another incident too when its sentences about another day (see
        evidence.terms) are as similar to that incident's articles as a source must be to join,
        and that incident happened on that day. Its own group stays its main subject. `known`
        gives the clusters some articles report (article -> cluster numbers), found already.
        """
        home = {i: number for number, members in enumerate(clusters) for i in members}
        by_day: dict[date, set[int]] = defaultdict(set)
        for number, members in enumerate(clusters):
            for i in members:
                day = self.when[i].event
                if day:
                    by_day[day].add(number)
        found: dict[int, list[int]] = defaultdict(list)
        for i, days in enumerate(self.aside_days):
            if i in known:
                for number in known[i]:
                    found[number].append(i)
                continue
            near = {
                number
                for day in days
                for shift in range(-evidence.AGREE_DAYS, evidence.AGREE_DAYS + 1)
                for number in by_day.get(day + timedelta(days=shift), ())
            }
            numbers = sorted(near - {home[i]})
            # All the nearby groups' articles in one comparison: one call per group cost most
            # of the time in a dense archive, where a day has dozens of groups.
            others = [j for number in numbers for j in clusters[number]]
            scores = self.vectors.similarity([i] * len(others), others, aside=True)
            start = 0
            for number in numbers:
                size = len(clusters[number])
                if float(scores[start : start + size].sum()) / size >= MERGE_THRESHOLD:
                    found[number].append(i)
                start += size
        return found


def with_roundups(
    incidents: Sequence[Incident], groups: Sequence[Group], facts: Sequence[ArticleFacts]
) -> list[Incident]:
    """Add each roundup article to the other incidents it reports, as a secondary source.

    A secondary source is listed (the reader sees every article that reported the incident) but
    does not feed the incident's best estimates: its figures are about its main subject.
    """
    home = {f.id: incident.id for incident in incidents for f in incident.sources}
    extra: dict[str, list[ArticleFacts]] = defaultdict(list)
    for found in groups:
        target = home.get(facts[found.members[0]].id)
        for i in found.secondary:
            if target is not None and home.get(facts[i].id) != target:
                extra[target].append(facts[i])
    result = []
    for incident in incidents:
        added = extra.get(incident.id, [])
        if added:
            sources = tuple(sorted([*incident.sources, *added], key=lambda f: f.id))
            secondary = incident.secondary_sources | {f.id for f in added}
            incident = replace(incident, sources=sources, secondary_sources=secondary)
        result.append(incident)
    return result
