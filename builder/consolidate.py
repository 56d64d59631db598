"""Stage 3, second half: fuse the facts of a group's sources into one incident record.

Rules for the best estimate, documented for readers in the site's guide:
- date: the day most sources give (an explicit date counts double a relative one); ties go to
  the earlier day. Sources that give no usable date take the incident's date. With no day, a
  month or a year gives way to the day of the earliest report published within it.
- place: the city most sources name; ties go to the city named earliest in its article (the
  headline and lead name the scene, later sentences often other places); the name is the most
  specific place named in that city.
- killed, injured: the figure most sources give; on a tie the higher, since tolls are revised
  upward as reports come in. For killed, a 0 that a source only implies (it reports wounded
  and no death) counts only when no source states a figure: a later report that a victim died
  outweighs an earlier one written while the victim was in hospital. Injured gets no such
  rule, because a victim who dies moves from injured to killed: the later report's implied 0
  injured is then the right one. The range of all figures is kept, and differences are listed
  as disagreements, never hidden.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from datetime import date

from builder.dates import span
from builder.models import (
    ActorClaim,
    ArticleFacts,
    CountClaim,
    Disagreement,
    Incident,
    Location,
    PlaceClaim,
    Range,
)
from builder.text import slugify, times


def best_date(sources: Sequence[ArticleFacts]) -> tuple[date | None, str | None]:
    votes: Counter[date] = Counter()
    for facts in sources:
        claim = facts.event_date
        if claim and claim.value and claim.precision == "day":
            votes[claim.value] += 2 if claim.anchor is None else 1
    if votes:
        top = max(votes.values())
        return min(d for d, v in votes.items() if v == top), "day"
    dated = sorted(f.article.published for f in sources if f.article.published)
    for facts in sources:
        claim = facts.event_date
        if claim and claim.value:
            if claim.precision in ("month", "year"):
                # a lead with no day that names only a month or a year mostly names it for
                # background ("a similar attack earlier this year"); a report published within
                # that month or year dates the event at least as well, and to the day
                first, last = span(claim.value, claim.precision)
                within = [day for day in dated if first <= day <= last]
                if within:
                    return within[0], "published"
            return claim.value, claim.precision
    return (dated[0], "published") if dated else (None, None)


def best_location(sources: Sequence[ArticleFacts]) -> Location:
    places = [f.place for f in sources if f.place]
    if not places:
        return Location(None, None, None, None)
    cities = Counter(p.city for p in places if p.city)
    earliest: dict[str, int] = {}
    for facts in sources:
        place = facts.place
        if place and place.city:
            where = _position(facts, place.sentence)
            earliest[place.city] = min(where, earliest.get(place.city, where))
    city = max(cities, key=lambda c: (cities[c], -earliest[c], c)) if cities else None
    in_city = [p for p in places if p.city == city] or places
    specific = [p for p in in_city if p.name != p.city] or in_city
    names = Counter(p.name for p in specific)
    chosen: PlaceClaim = next(p for p in specific if names[p.name] == max(names.values()))
    return Location(
        chosen.name, chosen.city, chosen.region, chosen.country, chosen.latitude, chosen.longitude
    )


def _position(facts: ArticleFacts, sentence: str) -> int:
    """Where a sentence starts in its article: 0 for the headline, the text's length if it is
    not found."""
    if sentence in facts.article.title:
        return 0
    found = facts.article.text.find(sentence)
    return found if found >= 0 else len(facts.article.text)


def best_count(claims: Sequence[CountClaim], stated_first: bool = False) -> Range:
    """The figure most sources give; with stated_first, inferred figures count only when no
    source states one."""
    if not claims:
        return Range(None, None, None)
    stated = [c for c in claims if not (stated_first and c.inferred)] or list(claims)
    values = Counter(c.value for c in stated)
    top = max(values.values())
    best = max(v for v, n in values.items() if n == top)
    every = [c.value for c in claims]
    return Range(best, min(every), max(every))


def _disagreement(
    name: str, sources: Sequence[ArticleFacts], value: Callable[[ArticleFacts], str | None]
) -> Disagreement | None:
    said: dict[str, list[str]] = defaultdict(list)
    for facts in sources:
        shown = value(facts)
        if shown is not None:
            said[shown].append(facts.id)
    if len(said) < 2:
        return None
    return Disagreement(name, {k: tuple(v) for k, v in sorted(said.items())})


def _weapon_shown(facts: ArticleFacts) -> str | None:
    if facts.weapon is None:
        return None
    return times(facts.weapon.count, facts.weapon.kind)


def disagreements(sources: Sequence[ArticleFacts]) -> tuple[Disagreement, ...]:
    checks: list[tuple[str, Callable[[ArticleFacts], str | None]]] = [
        (
            "date",
            lambda f: (
                f.event_date.value.isoformat()
                if f.event_date and f.event_date.value and f.event_date.precision == "day"
                else None
            ),
        ),
        ("time of day", lambda f: f.time_of_day.value if f.time_of_day else None),
        ("place", lambda f: f.place.city if f.place and f.place.city else None),
        ("weapon", _weapon_shown),
        ("killed", lambda f: str(f.killed.value) if f.killed else None),
        ("injured", lambda f: str(f.injured.value) if f.injured else None),
    ]
    found = (_disagreement(name, sources, value) for name, value in checks)
    return tuple(d for d in found if d is not None)


def merged_attributions(sources: Sequence[ArticleFacts]) -> tuple[ActorClaim, ...]:
    seen: dict[str, ActorClaim] = {}
    for facts in sources:
        for claim in facts.attributed:
            current = seen.get(claim.actor)
            if current is None or (current.by is None and claim.by):
                seen[claim.actor] = claim
    return tuple(seen[k] for k in sorted(seen))


def incident_title(sources: Sequence[ArticleFacts], location: Location) -> str:
    kinds = Counter(f.event_kind for f in sources if f.event_kind)
    kind = max(kinds, key=lambda k: (kinds[k], k)) if kinds else None
    targets = Counter(f.target.kind for f in sources if f.target and f.target.kind)
    target = max(targets, key=lambda k: (targets[k], k)) if targets else None
    where = location.name or location.city or location.country
    if kind and where:
        title = kind[0].upper() + kind[1:]
        if target:
            title += f" on {target}"
        return f"{title} in {where}" if where else title
    earliest = sorted(sources, key=lambda f: (f.article.published or date.max, f.id))
    return earliest[0].article.title


def incident_id(when: date | None, location: Location, title: str) -> str:
    prefix = when.isoformat() if when else "undated"
    where = slugify(location.city or location.name or location.country or "", 3)
    words = [w for w in slugify(title, 10).split("-") if w not in where.split("-")]
    words = [w for w in words if w not in ("in", "on", "the", "a", "of")][:5]
    return "-".join(p for p in [prefix, where, "-".join(words)] if p)


def consolidate(sources: Sequence[ArticleFacts]) -> Incident:
    ordered = tuple(sorted(sources, key=lambda f: f.id))
    when, precision = best_date(ordered)
    dated = [
        f.event_date.value
        for f in ordered
        if f.event_date and f.event_date.value and f.event_date.precision == "day"
    ]
    location = best_location(ordered)
    title = incident_title(ordered, location)
    claimed = next((f.claimed for f in ordered if f.claimed and f.claimed.actor), None)
    claimed = claimed or next((f.claimed for f in ordered if f.claimed), None)
    weapons = [f.weapon for f in ordered if f.weapon]
    targets = [f.target for f in ordered if f.target]
    kinds = Counter(f.event_kind for f in ordered if f.event_kind)
    return Incident(
        id=incident_id(when, location, title),
        title=title,
        date=when,
        date_precision=precision,
        date_earliest=min(dated) if dated else when,
        date_latest=max(dated) if dated else when,
        location=location,
        event_kind=max(kinds, key=lambda k: (kinds[k], k)) if kinds else None,
        target=targets[0] if targets else None,
        weapon=max(weapons, key=lambda w: (w.count or 0, w.kind)) if weapons else None,
        killed=best_count([f.killed for f in ordered if f.killed], stated_first=True),
        injured=best_count([f.injured for f in ordered if f.injured]),
        attributed=merged_attributions(ordered),
        claimed=claimed,
        sources=ordered,
        disagreements=disagreements(ordered),
    )
