"""Stage 4: link related incidents, with the reason shown to readers.

Two incidents are related when they share at least two of: the named site (a base, an embassy,
a gas field: the place when it is not a city), the city, the kind of target, the kind of attack,
and the attributed actor (compared by family, so 'Iran-backed militias' and 'Kataib Hezbollah'
count as the same side). A series of rocket attacks on one base is so linked even when the base
lies in no city. Candidates come from an index by site, city and actor family; within one of
those, only the NEAREST incidents in time on either side are considered (a reader wants the
attacks around this one, not every attack in a capital over ten years), so the work stays linear
in the number of incidents. Incidents that share neither a site nor an actor are related only
within SERIES_DAYS of each other. The reason shown says what they share and how far apart they
were.

A build after an earlier one relates again only the incidents whose relations can have changed
(`relate_again`): an incident's relations depend on its own aspects, date and id, and on those of
the incidents in the index entries it is in, and an index entry changes only when an incident in
it is added, removed or changes its aspects or date. So an incident none of whose index entries
holds such an incident, in this build or the last, keeps the relations it had.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from builder import datafiles
from builder.models import Incident, Relation
from builder.text import fold

MAX_RELATED = 5
MIN_SHARED = 2
NEAREST = 25
# Aspects that name who or exactly where: two incidents sharing one are related however far apart
# in time. The others (the city, the kinds of target and attack) are shared by every shooting at
# a home in a large city: incidents that share only those are related within SERIES_DAYS (a
# spree, a feud, a week of attacks), not years apart.
SPECIFIC = frozenset({"site", "actor"})
SERIES_DAYS = 31
# The gap in days given to a pair of which one is undated: after every dated pair in the order,
# and no gap said in the reason.
UNDATED = 10**6
# The aspects incidents are indexed by to find candidates.
INDEXED = ("site", "city", "actor")


@dataclass(frozen=True)
class Known:
    """What an incident's relations were found from, and the relations, for the next build."""

    date: date | None
    aspects: frozenset[tuple[str, str]]  # (aspect, value) pairs
    related: tuple[Relation, ...]


@cache
def actor_families() -> dict[str, str]:
    return {a["name"]: a.get("family") or a["name"] for a in datafiles.load("actors.yml")["actors"]}


def _aspects(incident: Incident) -> dict[str, frozenset[str]]:
    """Each aspect's values: the sites any primary source names (one report may place the
    attack by its base, another by the nearest city), the city, the kind of target and of
    attack, and the families of the actors it is attributed to or claimed by."""
    aspects: dict[str, frozenset[str]] = {}
    sites = {
        f.place.name
        for f in incident.sources
        if f.id not in incident.secondary_sources
        and f.place
        # folded: "Rayen" is the city "Rāyen" spelled without its accent, no site of its own
        and fold(f.place.name)
        not in {fold(n) for n in (f.place.city, f.place.region, f.place.country) if n}
    }
    if sites:
        aspects["site"] = frozenset(sites)
    if incident.location.city:
        aspects["city"] = frozenset({incident.location.city})
    if incident.target and incident.target.kind:
        aspects["target"] = frozenset({incident.target.kind})
    if incident.event_kind:
        aspects["kind"] = frozenset({incident.event_kind})
    families = actor_families()
    actors = {families.get(a.actor, a.actor) for a in incident.attributed}
    if incident.claimed and incident.claimed.actor:
        actors.add(families.get(incident.claimed.actor, incident.claimed.actor))
    if actors:
        aspects["actor"] = frozenset(actors)
    return aspects


_REASON = {
    "site": "same place ({})",
    "city": "same city ({})",
    "target": "same kind of target ({})",
    "kind": "same kind of event ({})",
    "actor": "same attributed actor ({})",
}


def _apart(days: int) -> str:
    """How far apart two incidents were, for the reason ("; 2 days apart"), if both are dated."""
    if days >= UNDATED:
        return ""
    if days == 0:
        return "; the same day"
    if days < 60:
        return f"; {days} day{'s' if days > 1 else ''} apart"
    if days < 730:
        return f"; {days // 30} months apart"
    return f"; {days // 365} years apart"


def relate(incidents: Sequence[Incident]) -> list[Incident]:
    return relate_again(incidents, {})[0]


def relate_again(
    incidents: Sequence[Incident], known: Mapping[str, Known]
) -> tuple[list[Incident], dict[str, Known]]:
    """The incidents with their relations, and what to keep for the next build. `known` is what
    the last build kept (by incident id): an incident whose relations cannot have changed since
    keeps them (see the module's docstring); with none known, every incident is related."""
    aspects = [_aspects(i) for i in incidents]
    # Two incidents share MIN_SHARED aspects only if they share as many (aspect, value) pairs,
    # which one intersection of sets tells: most candidates share only what found them.
    pairs = [frozenset((k, v) for k, values in found.items() for v in values) for found in aspects]
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for position, found in enumerate(aspects):
        for key in INDEXED:
            for value in found.get(key, ()):
                index[(key, value)].append(position)
    changed: set[int] = set()
    moved: set[tuple[str, str]] = set()  # index entries that gained, lost or changed an incident
    for position, incident in enumerate(incidents):
        was = known.get(incident.id)
        if was is None or was.date != incident.date or was.aspects != pairs[position]:
            changed.add(position)
            moved.update(p for p in pairs[position] if p[0] in INDEXED)
            if was is not None:
                moved.update(p for p in was.aspects if p[0] in INDEXED)
    present = {i.id for i in incidents}
    for ident, was in known.items():
        if ident not in present:
            moved.update(p for p in was.aspects if p[0] in INDEXED)
    todo = changed | {i for entry in moved for i in index.get(entry, ())}
    near: dict[int, set[int]] = defaultdict(set)
    for members in index.values():
        if todo.isdisjoint(members):
            continue
        members.sort(key=lambda i: (incidents[i].date or date.min, incidents[i].id))
        for place, i in enumerate(members):
            if i in todo:
                near[i].update(members[max(0, place - NEAREST) : place + NEAREST + 1])
    related: list[Incident] = []
    kept: dict[str, Known] = {}
    for position, incident in enumerate(incidents):
        if position in todo:
            enough = len(aspects[position]) >= MIN_SHARED
            candidates = near[position] - {position} if enough else set()
            relations = _relations(incidents, pairs, position, candidates)
        else:
            relations = known[incident.id].related
        kept[incident.id] = Known(incident.date, pairs[position], relations)
        # A copy only when the relations change: copying every incident was half of relating.
        related.append(
            incident if relations == incident.related else replace(incident, related=relations)
        )
    return related, kept


def _relations(
    incidents: Sequence[Incident],
    pairs: Sequence[frozenset[tuple[str, str]]],
    position: int,
    candidates: set[int],
) -> tuple[Relation, ...]:
    """The relations of incidents[position] among the candidates, nearest first."""
    incident = incidents[position]
    scored = []
    own = pairs[position]
    for other in candidates:
        common = own & pairs[other]
        if len(common) < MIN_SHARED:
            continue
        # (aspect, the first value both have) for each aspect they share, in _REASON's order
        first: dict[str, str] = {}
        for k, value in common:
            if k not in first or value < first[k]:
                first[k] = value
        if len(first) < MIN_SHARED:
            continue
        shared = [(k, first[k]) for k in _REASON if k in first]
        other_date = incidents[other].date
        gap = UNDATED
        if incident.date and other_date:
            gap = abs((incident.date - other_date).days)
        if gap > SERIES_DAYS and SPECIFIC.isdisjoint(k for k, _ in shared):
            continue
        scored.append((-len(shared), gap, incidents[other].id, shared))
    # Ids differ, so the reason never decides the order: it is spelled for the nearest only.
    return tuple(
        Relation(
            id_,
            ", ".join(_REASON[k].format(value) for k, value in shared) + _apart(gap),
        )
        for _, gap, id_, shared in sorted(scored)[:MAX_RELATED]
    )
