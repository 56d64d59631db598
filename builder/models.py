"""The typed records that flow between the pipeline stages.

read.py  -> Article
extract.py -> ArticleFacts (one per article)
group.py -> Incident (facts of several sources fused into one record)
relate.py -> Incident.related
store.py -> YAML files; render.py -> pages

Every fact an article yields keeps the sentence it was read from, so a reader can check it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

# Which metadata fields of an article can come from front matter or be inferred from the text.
METADATA_FIELDS = ("title", "url", "outlet", "published", "author", "language")


@dataclass(frozen=True)
class Article:
    """An article file after reading and cleaning."""

    id: str  # path relative to the articles folder, with forward slashes
    text: str  # cleaned body: one paragraph per line, boilerplate removed
    title: str
    url: str | None = None
    outlet: str | None = None
    published: datetime.date | None = None
    author: str | None = None
    language: str | None = None
    # metadata field name -> how it was obtained: "front matter" or a short note on the evidence
    provenance: dict[str, str] = field(default_factory=dict)
    content_hash: str = ""
    # Results of the later stages' per-article functions (cache.per_article), computed once,
    # in the worker that read the article, and kept with it in the per-article cache. Not an
    # __init__ argument, so dataclasses.replace() starts an empty one for the changed copy.
    derived: dict[str, object] = field(default_factory=dict, init=False, compare=False, repr=False)


@dataclass(frozen=True)
class Problem:
    """Something wrong with an input file; the build goes on without that file."""

    file: str
    message: str
    field: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class DateClaim:
    """When an article says the event happened."""

    value: datetime.date | None  # None when the expression cannot be resolved (no anchor)
    precision: str  # "day", "week", "month", "year", or "weekday" when only a weekday is known
    expression: str  # the words in the text, e.g. "on Tuesday"
    sentence: str
    anchor: datetime.date | None = None  # the date the expression was resolved against
    weekday: int | None = None  # 0 = Monday; kept so an unanchored weekday can still be checked


@dataclass(frozen=True)
class TimeClaim:
    value: str  # "HH:MM" local time, or a part of the day such as "night"
    expression: str
    sentence: str


@dataclass(frozen=True)
class PlaceClaim:
    name: str  # the most specific place named: a facility, a neighbourhood or a city
    city: str | None
    region: str | None
    country: str | None
    sentence: str
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class TargetClaim:
    name: str
    kind: str | None  # e.g. "diplomatic facility", "military base"
    sentence: str


@dataclass(frozen=True)
class WeaponClaim:
    kind: str  # e.g. "rocket", "drone", "gun", "explosion of unknown nature"
    count: int | None
    sentence: str


@dataclass(frozen=True)
class CountClaim:
    value: int
    sentence: str
    at_least: bool = False  # "at least three", or a partial count
    # True when the article does not state the figure but implies it: it reports deaths and no
    # one wounded (injured 0), or wounded and no death (killed 0).
    inferred: bool = False


@dataclass(frozen=True)
class ActorClaim:
    actor: str
    by: str | None  # who made the attribution; None when the article itself says so
    sentence: str


@dataclass(frozen=True)
class ResponsibilityClaim:
    actor: str | None  # None: the article says nobody has claimed it
    sentence: str


@dataclass(frozen=True)
class ArticleFacts:
    """Everything one article says about the event it reports."""

    article: Article
    event_kind: str | None = None
    event_date: DateClaim | None = None
    time_of_day: TimeClaim | None = None
    place: PlaceClaim | None = None
    target: TargetClaim | None = None
    weapon: WeaponClaim | None = None
    killed: CountClaim | None = None
    injured: CountClaim | None = None
    attributed: tuple[ActorClaim, ...] = ()
    claimed: ResponsibilityClaim | None = None
    summary: tuple[str, ...] = ()
    reports_incident: bool = True
    derived: dict[str, object] = field(  # as Article.derived
        default_factory=dict, init=False, compare=False, repr=False
    )

    @property
    def id(self) -> str:
        return self.article.id


@dataclass(frozen=True)
class Location:
    name: str | None
    city: str | None
    region: str | None
    country: str | None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Range:
    best: int | None
    low: int | None
    high: int | None


@dataclass(frozen=True)
class Disagreement:
    field: str
    # value as shown to readers -> ids of the articles that say it
    values: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Relation:
    id: str
    reason: str


@dataclass
class Incident:
    """One real-world event with every source that reported it."""

    id: str
    title: str
    date: datetime.date | None
    date_precision: str | None
    date_earliest: datetime.date | None
    date_latest: datetime.date | None
    location: Location
    event_kind: str | None
    target: TargetClaim | None
    weapon: WeaponClaim | None
    killed: Range
    injured: Range
    attributed: tuple[ActorClaim, ...]
    claimed: ResponsibilityClaim | None
    sources: tuple[ArticleFacts, ...]
    # ids of sources that report this incident only in passing (roundups)
    secondary_sources: frozenset[str] = frozenset()
    disagreements: tuple[Disagreement, ...] = ()
    related: tuple[Relation, ...] = ()


@dataclass(frozen=True)
class BuildResult:
    articles_read: int
    incidents_written: int
    problems: tuple[Problem, ...]
    changed_files: tuple[Path, ...] = ()
    refused: tuple[Path, ...] = ()  # incident files with errors, left as they are
