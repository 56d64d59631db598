"""Stage 2: extract the facts one article reports about its incident.

Each fact keeps the sentence it was read from. Facts are read from the event sentences first (the
ones with a word such as 'attacked', 'shot' or 'exploded'), and from the start of the article,
where news puts what happened, when and where.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache, lru_cache

from builder import datafiles
from builder.casualties import count_casualties
from builder.dates import (
    MONTHS,
    DateMention,
    dateline_date,
    dateline_month_day,
    days_until,
    find_dates,
    find_vague_dates,
    latest_weekday,
    span,
    years_later,
)
from builder.downed import Searched, gunfire_aware
from builder.models import (
    ActorClaim,
    Article,
    ArticleFacts,
    DateClaim,
    PlaceClaim,
    ResponsibilityClaim,
    TargetClaim,
    TimeClaim,
    WeaponClaim,
)
from builder.places import (
    DIRECTIONS,
    Gazetteer,
    Located,
    Place,
    gazetteer,
    located_once,
    mentions_of_town,
    named_in_address,
    outlet_home,
    skeleton,
    transliterations,
    unlisted_dateline,
    unlisted_town,
)
from builder.summary import summarise
from builder.text import ONE_WORD_NUMBERS, fold, iter_sentences, number_value

LEAD_SENTENCES = 12  # news puts what, when and where in the first few sentences


@dataclass(frozen=True)
class Sentence:
    index: int
    text: str
    is_event: bool


@dataclass(frozen=True)
class _Vocabulary:
    trigger: re.Pattern[str]  # searched in lower-cased text
    reporting_after: re.Pattern[str]
    event: re.Pattern[str]
    later_event: re.Pattern[str]
    procedure: re.Pattern[str]
    weapons: tuple[tuple[str, str, Searched], ...]
    targets: tuple[tuple[str, re.Pattern[str]], ...]
    any_target: re.Pattern[str]  # every kind's words, searched in lower-cased text
    actors: tuple[tuple[str, re.Pattern[str]], ...]


def _alternation(words: list[str]) -> str:
    return r"\b(?:" + "|".join(f"(?:{w})" for w in words) + r")\b"


def for_lower_case(words: list[str]) -> re.Pattern[str]:
    """The alternation, to search in lower-cased text: matching case-insensitively makes Python's
    re try both cases at every character, more than twice as slow. Words written with a
    capital letter (outside an escape such as \\S) keep the flag."""
    capitals = any(re.search(r"(?<!\\)[A-Z]", w) for w in words)
    return re.compile(_alternation(words), re.I if capitals else 0)


@cache
def vocabulary() -> _Vocabulary:
    events = datafiles.load("events.yml")
    weapons = tuple(
        (k["kind"], k["event"], gunfire_aware(re.compile(_alternation(k["words"]), re.I)))
        for k in datafiles.load("weapons.yml")["kinds"]
    )
    targets = tuple(
        (k["kind"], re.compile(_alternation(k["words"]), re.I))
        for k in datafiles.load("targets.yml")["kinds"]
    )
    actors = []
    for actor in datafiles.load("actors.yml")["actors"]:
        names = sorted([actor["name"], *actor.get("aliases", [])], key=len, reverse=True)
        # A short all-capitals alias ("IS") must match exactly, not as the word "is".
        flags = 0 if all(n.isupper() for n in names if len(n) <= 4) else re.I
        pattern = "|".join(re.escape(n) if len(n) > 4 else f"(?-i:{re.escape(n)})" for n in names)
        actors.append((actor["name"], re.compile(rf"\b(?:{pattern})\b", flags | re.I)))
    return _Vocabulary(
        trigger=for_lower_case(events["triggers"]),
        event=re.compile(_alternation(events["event_words"]), re.I),
        later_event=re.compile(_alternation(events["later_event_words"]), re.I),
        procedure=re.compile(_alternation(events["procedure_words"]), re.I),
        reporting_after=re.compile(
            r"^\W*(?:\w+\W+){0,1}?" + _alternation(events["reporting_verbs"]), re.I
        ),
        weapons=weapons,
        targets=targets,
        any_target=for_lower_case(
            [w for k in datafiles.load("targets.yml")["kinds"] for w in k["words"]]
        ),
        actors=tuple(actors),
    )


def split_sentences(article: Article) -> list[Sentence]:
    return [
        Sentence(i, text, tells_of_event(text))
        for i, text in enumerate(iter_sentences(article.text))
    ]


@lru_cache(maxsize=1024)
def tells_of_event(sentence: str) -> bool:
    """Whether a sentence has an event word (events.yml triggers). Memoised: grouping's terms
    (evidence._another_attack_elsewhere) ask it again of the sentences extraction read."""
    return bool(vocabulary().trigger.search(sentence.lower()))


def extract(article: Article, places: Gazetteer | None = None) -> ArticleFacts:
    """All facts of one article. Pure: the same article always gives the same facts."""
    sentences = split_sentences(article)
    lead = [s for s in sentences[:LEAD_SENTENCES]]
    weapon = find_weapon([Sentence(-1, article.title, True), *lead])
    killed, injured = count_casualties([s.text for s in sentences], article.title)
    return ArticleFacts(
        article=article,
        event_kind=_event_kind(weapon),
        event_date=find_event_date(sentences, article.published, article.title),
        time_of_day=find_time(lead),
        place=find_place(article, sentences, places or gazetteer()),
        target=find_target([Sentence(-1, article.title, True), *lead]),
        weapon=weapon,
        killed=killed,
        injured=injured,
        attributed=find_attributions(sentences),
        claimed=find_responsibility(sentences),
        summary=summarise(sentences_of(sentences), article.title),
        reports_incident=any(s.is_event for s in lead),
    )


def sentences_of(sentences: list[Sentence]) -> list[str]:
    return [s.text for s in sentences]


# --- when ---------------------------------------------------------------------------------


def _nearest(pattern: re.Pattern[str], text: str, start: int, end: int) -> int | None:
    """Characters between a mention and the nearest match of a pattern, if any."""
    distances = [
        max(match.start() - end, start - match.end(), 0) for match in pattern.finditer(text)
    ]
    return min(distances) if distances else None


_STOP = frozenset(
    """
    the a an and or but of in on at to for from by with as is was were are be been it its this
    that these those he she they his her their them we our you i said says police officials
    people new after before when while who which what where there here than then also not no
    about into over more most one two three four five six seven eight nine ten has have had will
    would could should may might can monday tuesday wednesday thursday friday saturday sunday
    january february march april june july august september october november december mr mrs ms dr
    """.split()
)


def _content_words(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z]{3,}", text.lower())} - _STOP


def _score_mention(
    mention: DateMention, sentence: Sentence, position: int, headline: frozenset[str]
) -> tuple[float, bool]:
    """How likely a date expression dates the event rather than what came after it, and whether
    it stands next to a word for the event itself ('was shot Saturday').

    A date next to an event word ('shot Saturday') beats one next to a statement, an arrest or
    a court date ('said Friday', 'arrested Monday'); a date next to 'died' counts less, since a
    victim may die days after the attack. The headline, the first sentences and sentences that
    share the headline's words (the main event, on a page that carries other stories) weigh more.
    The source a sentence ends by naming ('..., a spokesman said.') is not what a date before it
    dates.
    """
    vocab = vocabulary()
    text = sentence.text
    score = 1.0 if position < 3 else 0.0
    if sentence.index >= 0:  # the headline itself is not compared with itself
        score += 0.5 * min(len(_content_words(text) & headline), 3)
    if mention.explicit:
        score += 0.5
    event = _nearest(vocab.event, text, mention.start, mention.end)
    later = _nearest(vocab.later_event, text, mention.start, mention.end)
    source = _SOURCE_AT_END.search(text, mention.end)
    procedure = _nearest(
        vocab.procedure, text[: source.start()] if source else text, mention.start, mention.end
    )
    closest_event = min(d for d in (event, later, 10**6) if d is not None)
    by_event = False
    if procedure is not None and procedure < 40 and procedure < closest_event:
        score -= 2.0
    elif event is not None and event < 60 and (later is None or event <= later + 20):
        score += 2.0
        by_event = later is None or event <= later  # not "shot last week, died Sunday"
    elif later is not None and later < 60:
        score += 1.0
    if vocab.reporting_after.match(text[mention.end :]):
        score -= 1.0  # "on Friday said": the date of the statement
        by_event = False
    if _EARLIER_BEFORE.search(text, max(0, mention.start - 50), mention.start):
        score -= 1.5  # "Monday's quake ... Earlier on Sunday a quake jolted": another, earlier one
    return score - position * 0.05, by_event


# "..., a spokesman said.", ", police said in a statement.": who told it, at the sentence's end
_SOURCE_AT_END = re.compile(
    r",\s*(?:[\w.'’-]+\s+){1,5}?(?:said|says|told \w+|reported|confirmed|added)"
    r"(?:\s+(?:in|on|to)\s+(?:an?|the)\s+\w+)?\W*$"
)


# ... or "after a similar one on December 3", "a previous attack in March": another event's date
_EARLIER_BEFORE = re.compile(
    r"(?i)(?:\b(?:earlier|previously)(?: that| in the day)?,?\s+(?:on\s+)?|"
    r"\b(?:a|an) (?:similar|previous|prior|separate|earlier)(?: [\w'’-]+){0,5}\s+)$"
)


# How long after a day written with its year the story was written: "nearly six years after the
# attacks of November 13, 2015", "the second anniversary of the attack on September 8, 2019"
# (before the date), "December 3, 2023, a year ago" (after it)
_YEARS = rf"(?P<n>\d{{1,2}}|{ONE_WORD_NUMBERS})\s+(?P<unit>years?|decades?)"
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "fifteenth": 15,
    "twentieth": 20, "twenty-fifth": 25, "thirtieth": 30, "fiftieth": 50,
}  # fmt: skip
_SINCE_BEFORE = re.compile(
    rf"(?i)(?:\b{_YEARS}\s+(?:after|since|on from|following)|\b(?P<nth>\d{{1,2}}(?:st|nd|rd|th)|"
    rf"{'|'.join(_ORDINALS)})\s+anniversary\s+of)\b[^.;]{{0,80}}$"
)
_AGO_AFTER = re.compile(rf"(?i)[^.;]{{0,40}}?\b{_YEARS}\s+ago\b")


def _filed_near(sentences: list[Sentence], month_day: tuple[int, int] | None) -> date | None:
    """The day near which a story was filed, when its dateline (`month_day`) has no year and it
    has no publication date: as many years after a day the text writes with its year as the
    text says ("six years after the attacks of November 13, 2015"), else a full date in the two
    weeks before the dateline's day (the story's news). Any other full date gives none: it says
    the story was filed after it, not in which year (the attacks a trial is about, a release
    from prison years before are as common as last week's news). Read only then."""
    news = None
    for sentence in sentences:
        for mention in find_dates(sentence.text, None):
            if not (mention.explicit and mention.value and mention.precision == "day"):
                continue
            said = _SINCE_BEFORE.search(sentence.text, 0, mention.start) or _AGO_AFTER.match(
                sentence.text, mention.end
            )
            if said is None:
                if news is None and month_day and days_until(mention.value, month_day) <= 14:
                    news = mention.value
                continue
            if said.group("n") is None:
                nth = said.group("nth").lower()
                years = _ORDINALS[nth] if nth in _ORDINALS else int(nth[:-2])
            else:
                years = number_value(said.group("n"))
                years *= 10 if said.group("unit").lower().startswith("decade") else 1
            return years_later(mention.value, years)
    return news


def find_event_date(
    sentences: list[Sentence], published: date | None, title: str = ""
) -> DateClaim | None:
    """The date of the main event: the best-placed date expression of the headline and lead.

    Expressions are resolved against the publication date, as HeidelTime's news mode does. A
    weekday in the sentence of an explicit date or the next one ('On September 13 ... The attack
    on Tuesday') is resolved against that date when the article has no publication date or the
    date is in its last two weeks.
    """
    best: tuple[tuple[bool, float], DateClaim] | None = None
    candidates: list[tuple[DateClaim, float, bool]] = []
    narrative_anchor: date | None = None
    anchored_at = -2  # position of the sentence that gave the narrative anchor
    headline = frozenset(_content_words(title))
    lead = [Sentence(-1, title, True), *sentences[:LEAD_SENTENCES]] if title else sentences
    # A wire dateline's day ("BAGHDAD, March 3 (Reuters) -") is the story's own date, as
    # HeidelTime's news mode takes it: "on Tuesday", "yesterday" are resolved against it, not
    # against a later publication (a reprint, a page saved days after)
    anchor = published
    # No publication date, and a dateline with no year: its month and day, the only day of the
    # story the text gives for sure (_filed_near, _background_day)
    unknown_year = (
        dateline_month_day(sentences[0].text) if sentences and published is None else None
    )
    filed = (
        dateline_date(sentences[0].text, published, lambda: _filed_near(sentences, unknown_year))
        if sentences
        else None
    )
    if filed and (published is None or published - timedelta(days=14) <= filed <= published):
        anchor = filed
    for position, sentence in enumerate(lead[: LEAD_SENTENCES + 1]):
        if _STAMP_LINE.match(sentence.text):
            continue  # "Posted 3:57 AM, May 26, 2015, by ...": when it was published
        if _LIST_ENTRY.match(sentence.text):
            continue  # "Sept. 22: a man shot on Broadway ...": a list of other events
        mentions = find_dates(sentence.text, anchor)
        vague = tuple(
            v
            for v in find_vague_dates(sentence.text, anchor)
            if not any(m.start < v.end and v.start < m.end for m in mentions)
        )
        for mention in (*mentions, *_offsets(sentence.text, mentions), *vague):
            if _background_day(mention, anchor, unknown_year):
                continue
            if (
                mention.explicit
                and mention.value
                and mention.precision == "day"
                and (
                    published is None
                    or published - timedelta(days=14) <= mention.value <= published
                )
            ):
                narrative_anchor, anchored_at = mention.value, position
            if mention.value and anchor and mention.value > anchor:
                continue
            if mention.value is None and mention.weekday is None:
                continue  # "October 7" with no year to put it in says nothing usable
            if (
                mention.explicit
                and mention.precision in ("month", "year")
                and mention.value
                and anchor
                and (
                    mention.value.replace(month=12, day=31)
                    if mention.precision == "year"
                    else mention.value
                )
                < anchor - timedelta(days=366)
            ):
                continue  # "the quake that struck in December 2003": background, years before
            before = sentence.text[max(0, mention.start - 80) : mention.start]
            if _STAMP_BEFORE.search(before):
                # "Posted: May 4, 2015", "— A. Reporter (@reporter) April 11, 2016", "posted in
                # Crime News on Friday"
                continue
            if _AHEAD.search(before) or _AHEAD_AFTER.match(sentence.text, mention.end):
                continue  # "the hearing will not resume until Sept. 9": a date still to come
            if mention.explicit and _AGENCY_AFTER.match(sentence.text[mention.end :]):
                continue  # "NEW HAVEN, Conn., Oct. 27 (UPI) --": the day the story was filed
            if (
                mention.weekday is not None
                and not mention.explicit
                and narrative_anchor
                and position - anchored_at <= 1
            ):
                mention = replace(
                    mention,
                    value=latest_weekday(mention.weekday, narrative_anchor),
                    precision="day",
                    anchor=narrative_anchor,
                )
            claim = DateClaim(
                value=mention.value,
                precision=mention.precision,
                expression=mention.expression,
                sentence=sentence.text,
                anchor=mention.anchor,
                weekday=mention.weekday
                if mention.weekday is not None
                else (
                    mention.value.weekday()
                    if mention.value and mention.precision == "day"
                    else None
                ),
            )
            score, by_event = _score_mention(mention, sentence, position, headline)
            # a date that names only a month or a year never beats a day
            rank = (mention not in vague, score)
            candidates.append((claim, score, by_event))
            if best is None or rank > best[0]:
                best = (rank, claim)
    return _refined(best[1], candidates) if best else None


def _background_day(
    mention: DateMention, filed: date | None, unknown_year: tuple[int, int] | None
) -> bool:
    """With no publication date and a dateline with no year, a day written with its year more
    than two weeks before the story's day (`filed`, when the text says how long after a date it
    was written), or not in the two weeks before the dateline's month and day: an earlier event
    the story recalls ("the attacks of November 13, 2015" in a story filed on June 29), not its
    news. With no year to put the story in, a weekday or "yesterday" has no day, and such a date
    would win as the only one: the incident is left undated (a build warns, `add` asks for
    --published) instead."""
    if unknown_year is None or not (
        mention.explicit and mention.precision == "day" and mention.value is not None
    ):
        return False
    if filed is not None:
        return mention.value < filed - timedelta(days=14)
    return days_until(mention.value, unknown_year) > 14


def _refined(best: DateClaim, candidates: list[tuple[DateClaim, float, bool]]) -> DateClaim:
    """The best day within the week, month or year that the best expression names, said next to
    a word for the event ('this week' ... 'rockets landed on Thursday'); not a day a victim died
    or a statement was made."""
    if best.precision not in ("week", "month", "year") or best.value is None:
        return best
    first, last = span(best.value, best.precision)
    days = [
        (score, claim)
        for claim, score, by_event in candidates
        if claim.precision == "day" and claim.value and first <= claim.value <= last and by_event
    ]
    return max(days, key=lambda day: day[0])[1] if days else best


# "arrested Monday, three days after the shots were fired", "a shooting the night before": a day
# counted back from the date the sentence gives, as HeidelTime resolves such anaphoric
# expressions against the date in focus
_OFFSET = re.compile(
    r"\b(?:(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|a) (?P<unit>days?|"
    r"nights?|weeks?) after|(?:less than |more than |about |nearly )?(?P<hours>24|48|72) hours "
    r"after|(?:the|a) (?:night|day|evening) (?:before|earlier)|"
    r"the previous (?:night|day|evening))\b",
    re.I,
)


def _offsets(text: str, mentions: tuple[DateMention, ...]) -> list[DateMention]:
    """Dates a sentence gives by counting back from one of its dates ('two days after')."""
    dated = [m for m in mentions if m.value and m.precision == "day"]
    if not dated or not (
        "after" in text or "before" in text or "earlier" in text or "previous" in text
    ):
        return []
    found = []
    for match in _OFFSET.finditer(text):
        if match.group("n"):
            days = number_value(match.group("n"))
            days *= 7 if match.group("unit").lower().startswith("week") else 1
        else:
            days = int(match.group("hours")) // 24 if match.group("hours") else 1
        base = min(dated, key=lambda m: abs(m.start - match.start()))
        assert base.value is not None
        precision = "week" if days >= 7 else "day"
        value = base.value - timedelta(days=days)
        found.append(
            DateMention(match.group(0), match.start(), match.end(), value, precision, base.value)
        )
    return found


# A date still to come: "the hearing will not resume until Sept. 9", "elections are due in May",
# "the vote will be held in March", "the summit is scheduled for April", "is to be tried on
# Monday". A month written alone would otherwise be read as the last one, a weekday as the last.
_AHEAD = re.compile(
    r"\b(?:until|till|next|scheduled (?:for )?|set for|slated for|due (?:on )?|resumes? (?:on )?)"
    r"\s*$|"
    r"\b(?:will|shall|won[’']t|(?:is|are) to|scheduled|slated|planned|set to|"
    r"expected to|plans? to|intends? to|aims? to|"
    # "due to begin", "due in court"; not the cause in "died due to injuries sustained on Saturday"
    r"due(?!\s+to\b)|due\s+to\s+(?:be|begin|start|open|reopen|resume|appear|take|hold|meet|face|"
    r"stand|return|arrive|vote|hear|rule|decide|end|close|sign|visit|attend|testify|leave|speak|"
    r"announce|expire|come|go|release|report))\b"
    # the words between open no clause of their own, whose tense is its own: "will never forget
    # what happened on Tuesday", "plan to honor those killed on Tuesday"
    r"(?:\s+(?!(?:what|who|whom|which|that|those|where|when|since|after|because)\b)[\w’'-]+){0,4}?"
    r"(?:\s+(?:in|on|for|by|at|"
    r"before|around))?\s+(?:(?:early|late|mid)[- ]|the (?:end|start|middle) of )?$",
    re.I,
)
# "in May next year", "on March 3 next year": after the date
_AHEAD_AFTER = re.compile(r"\s*,?\s*(?:next|later this) (?:year|month)\b", re.I)
_STAMP_BEFORE = re.compile(
    r"(?:posted|updated|published)\s*:?\s*(?:\w+,?\s*)?$|\(@\w+\)\s*$|"
    r"\b(?:posted|updated|published) (?:in|to|under) [^.]{1,50}? on\s+$",
    re.I,
)
# An entry of a list of events scraped with the story (a sidebar of the year's homicides): it
# opens with a date and a colon
_LIST_ENTRY = re.compile(r"^\W*(?:" + "|".join(MONTHS) + r")\.? \d{1,2}(?:, \d{4})?: ", re.I)
_AGENCY_AFTER = re.compile(r"\s*\([A-Za-z]{2,8}\)\s*(?:--|[-—–:])")
_STAMP_LINE = re.compile(r"^\W*(?:posted|updated|published|last updated|created)\b", re.I)


_CLOCK = re.compile(
    r"\b(?:at\s+)?(?:approximately|about|around|roughly|just after|just before|shortly "
    r"(?:after|before))?\s*(?P<h>[01]?\d)(?:[:.](?P<m>[0-5]\d))?\s*(?P<ap>a\.?m\.?|p\.?m\.?)"
    r"(?=\W|$)",
    re.I,
)
_DIGIT = re.compile(r"\d")
_PART_OF_DAY = re.compile(
    r"\b(?P<part>morning|afternoon|evening|night|overnight|midnight|noon|dawn)\b", re.I
)


def find_time(sentences: list[Sentence]) -> TimeClaim | None:
    for sentence in sentences:
        if not sentence.is_event or not _DIGIT.search(sentence.text):
            continue  # a clock time has a digit: most sentences are not searched
        clock = _CLOCK.search(sentence.text)
        if clock:
            hour = int(clock.group("h")) % 12
            if clock.group("ap").lower().startswith("p"):
                hour += 12
            value = f"{hour:02d}:{int(clock.group('m') or 0):02d}"
            return TimeClaim(value, clock.group(0).strip(), sentence.text)
    for sentence in sentences:
        part = _PART_OF_DAY.search(sentence.text) if sentence.is_event else None
        if part:
            return TimeClaim(part.group("part").lower(), part.group(0), sentence.text)
    return None


# --- where ---------------------------------------------------------------------------------


def _place_claim(place: Place, sentence: str) -> PlaceClaim:
    return PlaceClaim(
        name=place.name,
        city=place.city,
        region=place.region,
        country=place.country,
        sentence=sentence,
        latitude=place.latitude,
        longitude=place.longitude,
    )


# How much each kind of evidence says that a name is where the event happened.
_CUE_WEIGHT = {
    "region": 1.3,
    "preposition": 1.0,
    "facility": 1.0,
    "noun": 0.8,
    "dateline": 0.7,
    "residence": 0.5,
    "elsewhere": 0.15,
}


def _headline(title: str) -> str:
    """A title without the site's name after it ('... shot - Live5News.com | Charleston, SC')."""
    return re.split(r"\s+[|]\s+|\s+[-–—]\s+(?=.*(?:News|TV|\.com|Weather|Channel))", title)[0]


def find_place(article: Article, sentences: list[Sentence], places: Gazetteer) -> PlaceClaim | None:
    """The most specific place where the event happened.

    Only names that the words around them show to be locations count ('in Elgin', 'Adrian,
    Mich.', 'Memphis police', a dateline). Places named in the headline and in event sentences
    weigh most. A dateline names where the story was filed, which is often but not always where
    the event was, so it weighs less than a place named in the story. An ambiguous name goes to
    the place in the region or country the article names most (a state named right after the
    city decides), then to the most populous.
    """
    headline = _headline(article.title)
    parts = [(headline, 3.0, False)]
    if len(headline) < len(article.title):
        # "... - WMC Action News 5 - Memphis, Tennessee": the outlet's home, for when the story
        # itself names no place
        parts.append((article.title[len(headline) :], 0.1, False))
    for i, sentence in enumerate(sentences[: LEAD_SENTENCES * 2]):
        if _LIST_ENTRY.match(sentence.text):
            continue  # "Sept. 22: a man shot on Broadway ...": a list of other events
        weight = 2.0 if i < 3 else 1.0 if i < LEAD_SENTENCES else 0.3
        parts.append((sentence.text, weight * (1.5 if sentence.is_event else 1.0), i == 0))
    found: list[tuple[Located, float, str]] = []
    regions: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    read = [(m, w, text) for text, w, first in parts for m in located_once(places, text, first)]
    names = {m.mention.text.strip() for m, _w, _t in read if not m.region}
    surnames, words = _not_place_names(article, places, names) if names else (set(), set())
    for mention, weight, text in read:
        name = mention.mention.text.strip()
        if not mention.region and (
            name in surnames or (name in words and not text[: mention.mention.start].strip(_QUOTES))
        ):
            continue
        found.append((mention, weight * _CUE_WEIGHT[mention.cue], text))
        if mention.region:
            regions[mention.region] += 2
        if mention.country:
            countries[mention.country] += 2
        candidates = mention.mention.candidates
        # a name with one meaning, or a region's own name, tells where the story is
        if len({p.region for p in candidates}) == 1 and candidates[0].region:
            regions[candidates[0].region] += 1
        elif any(p.kind == "region" and p.region for p in candidates):
            regions[next(p.region for p in candidates if p.kind == "region" and p.region)] += 1
        if len({p.country for p in candidates}) == 1 and candidates[0].country:
            countries[candidates[0].country] += 1
        elif any(p.kind == "country" and p.country for p in candidates):
            # "Lebanon", a country's own name, though towns in other countries share it
            countries[next(p.country for p in candidates if p.kind == "country" and p.country)] += 1
    dateline_town = unlisted_dateline(places, sentences[0].text) if sentences else None
    if dateline_town is not None:
        # "Killingly (AP) —": a dateline town too small for the gazetteer, in the region the
        # article names most
        region = regions.most_common(1)[0][0] if regions else None
        unlisted = unlisted_town(places, dateline_town, region)
        for text, weight, first in parts:
            for mention in mentions_of_town(dateline_town, text, first):
                mention = replace(mention, mention=replace(mention.mention, candidates=(unlisted,)))
                found.append((mention, weight * _CUE_WEIGHT[mention.cue], text))
    found = _with_unlisted_towns(found)
    home_region, home_country = outlet_home(article.outlet)
    # where the outlet reports from: one vote, less than a name the story gives ("a blast in
    # Hyderabad" in a Pakistani paper; "in Palmer" in a paper whose masthead alone says Alaska)
    if home_region:
        regions[home_region] += 1
    if home_country:
        countries[home_country] += 1
    for region in list(regions):
        for place in places.lookup(region):
            if place.kind == "region" and place.country:
                countries[place.country] += regions[region]
    scores, where = _score_places(found, regions, countries)
    # Second pass: the places the first one settled on tell where the story is, which decides
    # names it left open ('Denmark' in a story about Charleston, S.C.).
    for place, score in scores.items():
        if place.kind == "city" and score >= 1.0:
            if place.region:
                regions[place.region] += 1
            if place.country:
                countries[place.country] += 1
    scores, where = _score_places(found, regions, countries)
    if not scores:
        # The text names no place; a local site may file the story under its town.
        for folder in named_in_address(places, article.url):
            place = _disambiguate(folder.candidates, countries, regions)
            return _place_claim(place, f"address: {article.url}")
        return None
    # on a tie, the larger place, then the one named first (facilities all weigh 10**9)
    order = {place: i for i, place in enumerate(where)}
    best = max(scores, key=lambda p: (scores[p], p.population, -order[p]))
    best = _scene_region(best, found, scores)
    jurisdiction = _police_city(best, found, scores)
    if jurisdiction is not None:
        # "shot in Madisonville, Cincinnati police said": the only Madisonvilles listed are
        # hundreds of kilometres away, so it is a part of Cincinnati the gazetteer lacks
        best = jurisdiction
    claim = _place_claim(best, where[best])
    written = {m.mention.text.strip() for m, _w, _t in found if best in m.mention.candidates}
    if not best.name.isascii() or fold(best.name) not in {fold(w) for w in written}:
        # "Kandahar" where GeoNames writes "Kandahār", "Hilla" where it writes "Al Hillah",
        # "Baiji" where it writes "Bayjī": the name as the sources write it (the city field keeps
        # GeoNames' spelling)
        plain = _without_accents(best.name)
        variants = transliterations(fold(best.name))
        if plain.isascii() and any(fold(w) == plain.lower() for w in written):
            claim = replace(claim, name=plain)
        elif as_written := sorted(
            w for w in written if fold(w) in variants or skeleton(w) == skeleton(best.name)
        ):
            claim = replace(claim, name=as_written[0])
    town = _containing_city(best, scores)
    if town is not None:
        # "Portage Park", a district that GeoNames lists as a town, in the city the story names
        claim = replace(claim, city=town.city, region=town.region, country=town.country)
    return claim


_QUOTES = "\"'“‘ "


def _not_place_names(
    article: Article, places: Gazetteer, names: set[str]
) -> tuple[set[str], set[str]]:
    """Town names that the rest of the article shows to be a person's name or a common word.

    A surname: the article writes the name after a first name or a title ("Gov. Sarah Palin",
    "George W. Bush", "President Obama"), before "administration" ("the Bush
    administration") or as a speaker opening a clause ("Johnson said", not "police in Johnson
    said"), so "Palin's church" and "Obama officials" are the person's wherever they
    stand, as "Sheriff Marty Fisher" is in `places.located`. A common word: the
    article also writes it in lower case ("many", "one"), so at the start of a sentence ("Many
    residents fled", "One man died") it is the word; elsewhere it may still be the town ("the
    mobile phone" and "in Mobile").
    """
    text = article.text
    if sum(word[:1].islower() for word in article.title.split()) >= 3:
        text = f"{article.title}\n{text}"  # a headline in Title Case capitalises any word
    # (plain string searches: a pattern compiled for each name would cost more than the rest)
    surnames = set()
    words = {name for name in names if " " not in name and _written(text, name.lower())}
    for name in names:
        if any(p.kind in ("region", "country") for p in places.lookup(name)):
            continue  # "Palmer Alaska": a region's or a country's name is no surname
        for start in _occurrences(text, name):
            if (
                _PERSON_AFTER.match(text, start + len(name))
                or (
                    _SPEAKS_AFTER.match(text, start + len(name))
                    and _SPEAKER_BEFORE.search(text, max(0, start - 8), start)
                    and not _LISTED_BEFORE.search(text, max(0, start - 40), start)
                )
            ) and not any(p.population >= _BIG_CITY for p in places.lookup(name)):
                # "the Obama administration", "Obama said"; not "the Kirkuk administration" nor
                # "Kabul said" (a big city, meant for its government), nor "police in Elgin said"
                surnames.add(name)
                break
            if _CAPITALISED_AFTER.match(text, start + len(name)):
                continue  # "Sarah Palin Center": part of a longer name
            match = _FIRST_NAME_BEFORE.search(text, max(0, start - 60), start)
            if match is None:
                continue
            previous, before = match.group(1) or "", match.group(2)
            if match.group(1) is None and _headline_case(text, match.start()):
                continue  # "Waitrose Wellington fire: Man denies arson", a heading in the text
            if re.fullmatch(r"[A-Z][a-z]*\.[A-Z][a-z]+", before):
                previous, before = before.split(".")  # "Gov.Sarah Palin", scraped run together
                previous += "."
            if (_TITLE.fullmatch(before) and not places.lookup(f"{before} {name}")) or (
                # a first name: a word on its own, not part of a longer name ("UF Health
                # Jacksonville", "ProMedica Toledo") nor a word the article writes in lower case
                re.fullmatch(r"[A-Z][a-z]+", before)
                and (not previous[:1].isupper() or _TITLE.fullmatch(previous))
                and before.lower() not in _STOP
                and not _written(text, before.lower())
                and not DIRECTIONS.fullmatch(before)
                and not places.lookup(f"{before} {name}")
            ):
                surnames.add(name)
                break
    return surnames, words


def _headline_case(text: str, start: int) -> bool:
    """Whether the line at start capitalises half of its words or more, as headings do."""
    end = text.find("\n", start)
    words = text[start : end if end >= 0 else len(text)].split()
    return 2 * sum(word[:1].isupper() for word in words) >= len(words)


def _occurrences(text: str, word: str) -> Iterator[int]:
    """Where a word stands in a text on its own (not inside a longer word)."""
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        # "Palin's" is the name; "Palin-Smith" and "Wellingtons" are other words
        if (start == 0 or not _word_char(text[start - 1])) and (
            end == len(text) or not (text[end].isalnum() or text[end] in "-_")
        ):
            yield start
        start = text.find(word, end)


def _word_char(char: str) -> bool:
    return char.isalnum() or char in "'’-_"


def _written(text: str, word: str) -> bool:
    """Whether a text has the word in lower case, outside addresses ('tallahassee.com')."""
    for start in _occurrences(text, word):
        end = start + len(word)
        outside = text[start - 1 : start] not in ("/", ".", "@")
        if outside and not re.match(r"\.\w|/|@", text[end : end + 2]):
            return True
    return False


_CAPITALISED_AFTER = re.compile(r"[ \t]+[A-Z]")
_FIRST_NAME_BEFORE = re.compile(r"(?:^|(\S*)[ \t]+)([A-Z][\w'’.-]*)[ \t]+$", re.M)


# A title or an initial before a surname ("Gov. Sarah Palin", "George W. Bush")
_TITLE = re.compile(
    r"[A-Z]\.|(?:Gov|Sen|Rep|Mr|Mrs|Ms|Dr|Lt|Sgt|Capt|Gen|Col|Maj|Cmdr|Det|Rev|Prof|Pres)\.|"
    # titles written in full: "President Obama", "Prime Minister Sudani", "Sheikh Qais"
    r"President|Vice-President|Senator|Governor|Secretary|Minister|Premier|Chancellor|Ambassador|"
    r"Envoy|General|Colonel|Commander|Sheikh|Sheik|Shaikh|Emir|Ayatollah|Imam|Cleric|King|Queen|"
    r"Pope|Mayor|Sheriff|Judge|Congressman|Congresswoman|Spokesman|Spokeswoman"
)
# After a name, words that make it a person's: "the Obama administration", "Bush-era"
_PERSON_AFTER = re.compile(r"(?:['’]s)?\s+(?:administration|presidency|cabinet)\b|-era\b")
# ... and a person's who speaks, when the name opens a clause: "Obama said", ", Erdogan told"
_SPEAKS_AFTER = re.compile(
    r"\s+(?:said|says|told|tells|added|announced|warned|insisted|tweeted|wrote|stated|declared|"
    r"vowed|urged|pledged|promised|acknowledged|conceded|argued)\b"
)
_SPEAKER_BEFORE = re.compile(r"(?:^|[.!?:;,\"“”]|\b(?:that|and|but|as|when|while))\s*$")
# ... but not the last of a list of names, which speak through their officials as one ("Mayors of
# Accumoli and Amatrice said", "police in Ramadi, Fallujah and Haditha said")
# ("However, Johnson said" is still the speaker's)
_LISTED_BEFORE = re.compile(r"\b[A-Z][\w'’-]*,?\s+and\s+$")


def _without_accents(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


# "Cincinnati police said", "Cincinnati Police Lt. Steve Saunders": the police the story quotes
_POLICE_AFTER = re.compile(
    r"\s+(?:police|police department|PD)\s+(?:(?:said|say|says|spokes\w+|Chief|Officer|"
    r"Detective|Lieutenant|Sergeant)\b|Lt\.|Sgt\.|Capt\.|Det\.)",
    re.I,
)


def _police_city(
    best: Place, found: list[tuple[Located, float, str]], scores: dict[Place, float]
) -> Place | None:
    """The city whose police the story quotes, when the best place is a town of the same name
    far from it (more than about 150 km) that no region written after it puts there."""
    if best.kind != "city" or best.latitude is None or best.longitude is None:
        return None
    police: set[str] = set()
    for mention, _weight, text in found:
        end = mention.mention.start + len(mention.mention.text)
        if fold(mention.mention.text) == fold(best.name) and mention.region:
            return None  # "Madisonville, Ky.": the story says which one
        if _POLICE_AFTER.match(text[end : end + 30]):
            police.add(fold(mention.mention.text))
    for place in sorted(scores, key=lambda p: -scores[p]):
        if (
            place.kind == "city"
            and fold(place.name) in police
            and place.latitude is not None
            and place.longitude is not None
            and place != best
            and abs(place.latitude - best.latitude) + abs(place.longitude - best.longitude) > 1.5
        ):
            return place
    return None


def _with_unlisted_towns(
    found: list[tuple[Located, float, str]],
) -> list[tuple[Located, float, str]]:
    """'SHELBY, N.Y. ... a boy from the Town of Shelby': where a name is written once with its
    region as a town the gazetteer does not list, its other mentions may mean that town too."""
    unlisted = {
        fold(m.mention.text): m.mention.candidates[0]
        for m, _weight, _text in found
        if m.region and m.mention.candidates[0].population == 0
    }
    if not unlisted:
        return found
    out = []
    for mention, weight, text in found:
        town = unlisted.get(fold(mention.mention.text))
        if town is not None and town not in mention.mention.candidates:
            candidates = (*mention.mention.candidates, town)
            mention = replace(mention, mention=replace(mention.mention, candidates=candidates))
        out.append((mention, weight, text))
    return out


def _score_places(
    found: list[tuple[Located, float, str]], regions: Counter[str], countries: Counter[str]
) -> tuple[dict[Place, float], dict[Place, str]]:
    scores: dict[Place, float] = defaultdict(float)
    where: dict[Place, str] = {}
    for mention, weight, text in found:
        candidates = mention.mention.candidates
        if mention.region:
            candidates = tuple(p for p in candidates if p.region == mention.region) or candidates
        elif mention.country:
            candidates = tuple(p for p in candidates if p.country == mention.country) or candidates
        place = _disambiguate(candidates, countries, regions)
        if place.kind in ("country", "region"):
            weight *= 0.2
        elif place.kind != "city":
            weight *= 1.5  # a facility or district is more specific than its city
        scores[place] += weight
        where.setdefault(place, text)
    return scores, where


def _scene_region(
    best: Place, found: list[tuple[Located, float, str]], scores: dict[Place, float]
) -> Place:
    """A region the story names as the scene, over a city that only its dateline names and that
    the region is not known to hold: "BEIJING (Reuters) - An explosion ... in the eastern Chinese
    province of Shandong" happened in Shandong, not where the story was filed."""
    if best.kind != "city" or any(
        m.cue != "dateline" for m, _w, _t in found if best in m.mention.candidates
    ):
        return best
    regions = [
        p
        for m, _w, _t in found
        if m.cue == "region" and m.region
        for p in m.mention.candidates
        if p.kind == "region" and p.country == best.country and p.region != best.region
    ]
    return max(regions, key=lambda p: scores.get(p, 0.0)) if regions else best


def _containing_city(place: Place, scores: dict[Place, float]) -> Place | None:
    """A much larger city the article also names, within a few kilometres of a place."""
    if place.kind != "city" or place.latitude is None or place.longitude is None:
        return None
    for other, score in sorted(scores.items(), key=lambda item: -item[1]):
        if (
            other.kind == "city"
            and other.latitude is not None
            and other.longitude is not None
            and other.population >= 5 * max(place.population, 1)
            and abs(other.latitude - place.latitude) < 0.2
            and abs(other.longitude - place.longitude) < 0.25
            and score > 0
        ):
            return other
    return None


_BIG_CITY = 100_000  # a city this large is meant by its name as often as a region of that name


def _disambiguate(
    candidates: tuple[Place, ...], countries: Counter[str], regions: Counter[str]
) -> Place:
    """The candidate in the region or country the article names most, then the largest.

    A name that is a region's or a country's own name means that region ('an Iowa girl'), not a
    town called after it elsewhere.
    """

    if any(p.kind == "region" for p in candidates):
        # "in Florida" is the state, not Florida, N.Y., whatever else the story names; a large
        # city keeps its name ("in Washington"). A country's name is weighed by the counts
        # ("Denmark" in a story about South Carolina is the town)
        candidates = (
            tuple(p for p in candidates if p.kind != "city" or p.population >= _BIG_CITY)
            or candidates
        )

    def fit(place: Place) -> tuple[int, int, bool, int]:
        return (
            regions[place.region] if place.region else 0,
            countries[place.country] if place.country else 0,
            place.kind in ("region", "country"),
            place.population,
        )

    return max(candidates, key=fit)


# --- what and who ---------------------------------------------------------------------------


_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "several": None, "multiple": None, "dozens": None,
}  # fmt: skip


def find_weapon(sentences: list[Sentence]) -> WeaponClaim | None:
    vocab = vocabulary()
    for sentence in sentences:
        if not sentence.is_event:
            continue
        for kind, _event, pattern in vocab.weapons:
            match = pattern.search(sentence.text)
            if match:
                return WeaponClaim(kind, _count_before(sentence.text, match.start()), sentence.text)
    return None


def _count_before(text: str, position: int) -> int | None:
    before = re.findall(r"[\w-]+", text[:position])[-3:]
    for word in reversed(before):
        lowered = word.lower()
        if lowered.isdigit():
            return int(lowered)
        if lowered in _NUMBER_WORDS:
            return _NUMBER_WORDS[lowered]
    return None


def _event_kind(weapon: WeaponClaim | None) -> str | None:
    if weapon is None:
        return None
    for kind, event, _pattern in vocabulary().weapons:
        if kind == weapon.kind:
            return event
    return None


_TARGET_PHRASE = re.compile(
    r"\b(?:attack(?:ed|s|ing)?|struck|hit|targeted|targeting|fired (?:at|on)|against|on)\s+"
    r"(?:on\s+|at\s+)?(?P<object>(?:the|a|an|its|their)?\s*[\w.’'-]+(?:\s+[\w.’'-]+){0,6})",
    re.I,
)


def find_target(sentences: list[Sentence]) -> TargetClaim | None:
    vocab = vocabulary()
    for sentence in sentences:
        if not sentence.is_event or not vocab.any_target.search(sentence.text.lower()):
            continue  # no kind's word: neither search below can find one
        for phrase in _TARGET_PHRASE.finditer(sentence.text):
            obj = phrase.group("object")
            for kind, pattern in vocab.targets:
                match = pattern.search(obj)
                if match:
                    start = phrase.start("object")
                    name = _noun_phrase(sentence.text, start, start + match.end())
                    return TargetClaim(name, kind, sentence.text)
        for kind, pattern in vocab.targets:
            match = pattern.search(sentence.text)
            if match:
                name = _noun_phrase(sentence.text, match.start(), match.end())
                return TargetClaim(name, kind, sentence.text)
    return None


def _noun_phrase(text: str, start: int, head_end: int) -> str:
    """The words from the start of a phrase up to its head noun, without a leading article."""
    phrase = text[start:head_end] if head_end > start else text[start:]
    words = phrase.split()
    # Keep the capitalised words just before the head ("the U.S. embassy in Baghdad").
    prefix = text[:start].split()[-4:]
    lead: list[str] = []
    for word in reversed(prefix):
        if word[:1].isupper() or word.lower() in ("u.s.", "us"):
            lead.insert(0, word)
        else:
            break
    words = lead + words
    while words and words[0].lower() in ("the", "a", "an", "its", "their", "on", "at"):
        words = words[1:]
    return " ".join(words).strip(" ,.;:“”\"'")


# Words that put the blame on whoever is named after them ("blamed X", "carried out by X") or,
# for the last group, before them ("X was behind the attack").
_ATTRIBUTION = re.compile(
    r"\b(?:(?P<after>blamed|blaming|accused|accusing|attributed (?:it |the attack )?to|"
    r"carried out by|initiated by|launched by|perpetrated by|indications are)|"
    r"(?P<before>(?:was|were|is|are) (?:likely |probably )?(?:behind|responsible)))\b",
    re.I,
)
# The same words in lower-cased text: a quick test that passes over most sentences (searching
# lower-cased text is faster than searching case-insensitively)
_ATTRIBUTION_LOWER = re.compile(_ATTRIBUTION.pattern)
_ATTRIBUTION_REACH = 80  # characters between the blaming words and the actor's name
_ATTRIBUTOR = re.compile(
    r"\b(?P<who>(?:the\s+)?(?:U\.?S\.?|US|American|Iraqi|Israeli|British|[A-Z][a-z]+)?\s*"
    r"(?:[Ee]mbassy|[Gg]overnment|[Mm]inistry|[Pp]olice|[Aa]rmy|[Mm]ilitary|[Pp]entagon|"
    r"[Ss]pokesperson|[Ss]pokesman|[Oo]fficials?|[Ss]ecurity (?:source|official)s?)"
    r"(?:\s+spokesperson|\s+spokesman)?)",
)
_CLAIM_DENIED = re.compile(
    r"\bno (?:specific |single )?(?:group|one|organi[sz]ation|party|faction)\b[^.]{0,40}?"
    r"\bclaimed\b|\b(?:has|have|had) not (?:yet )?(?:been )?claimed\b|\bunclaimed\b|"
    r"\bno claim of responsibility\b",
    re.I,
)
_CLAIMED = re.compile(
    r"\bclaimed (?:responsibility|credit)\b|\bclaim(?:ed|s) (?:the|that) attack", re.I
)


def find_attributions(sentences: list[Sentence]) -> tuple[ActorClaim, ...]:
    vocab = vocabulary()
    found: dict[str, ActorClaim] = {}
    for sentence in sentences[: LEAD_SENTENCES * 2]:
        text = sentence.text
        lowered = text.lower()
        if not _ATTRIBUTION_LOWER.search(lowered):
            continue
        cues = list(_ATTRIBUTION.finditer(text))
        claimed = "claim" in lowered and _CLAIMED.search(text) and not _CLAIM_DENIED.search(text)
        if not cues or claimed:
            continue
        for name, pattern in vocab.actors:
            if name in found and found[name].by is not None:
                continue
            for match in pattern.finditer(text):
                if any(_blames(cue, match) for cue in cues):
                    who = _ATTRIBUTOR.search(text)
                    if name not in found or who is not None:
                        by = who.group("who").strip() if who else None
                        found[name] = ActorClaim(name, by, text)
                    break
    return tuple(found.values())


def _blames(cue: re.Match[str], actor: re.Match[str]) -> bool:
    """Whether the blaming words point at this name, not at the speaker who used them."""
    if cue.group("after"):
        return 0 <= actor.start() - cue.end() <= _ATTRIBUTION_REACH
    return 0 <= cue.start() - actor.end() <= _ATTRIBUTION_REACH


def find_responsibility(sentences: list[Sentence]) -> ResponsibilityClaim | None:
    vocab = vocabulary()
    for sentence in sentences[: LEAD_SENTENCES * 2]:
        if "claim" not in sentence.text.lower():
            continue  # both patterns need the word
        if _CLAIM_DENIED.search(sentence.text):
            return ResponsibilityClaim(None, sentence.text)
        if _CLAIMED.search(sentence.text):
            for name, pattern in vocab.actors:
                if pattern.search(sentence.text):
                    return ResponsibilityClaim(name, sentence.text)
    return None
